export { createOutbox, type Outbox, type OutboxDeps, type OutboxView, type RecordStatusResult, type RenderFn } from './outbox';
export { chooseDoor, defaultDoorOrder, doorCandidates, parseDoorOrder, type DoorChoice, type DoorOrderResult, type SmsChannel } from './choose-door';
export { DEFAULT_RETRY_POLICY, nextDelayMs, type RetryPolicy } from './backoff';
export { DELIVERY_STATUS_RANK, isDeliveryStatus, type DeliveryStatus } from './outbox-records';
export * from './port';
