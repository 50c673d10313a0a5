import type { Channel } from '../domain/session-log';

/**
 * Where one logical message stands on our side. `pending` is written before
 * the first attempt and stays if the process dies mid-send: such a message is
 * never sent again (at most once), it is reported instead.
 */
export type OutboxState = 'pending' | 'sent' | 'queued' | 'failed';

export interface OutboxFailure {
  reason: 'blocked' | 'invalid_recipient' | 'failed';
  detail?: string;
  /** True when the provider surely did not accept it (every attempt failed transiently), so a later send may try again. */
  retryable: boolean;
}

export interface OutboxMessageRecord {
  _id: string;
  personId: string;
  channel: Channel;
  state: OutboxState;
  attempts: number;
  providerId?: string;
  failure?: OutboxFailure;
  /** Length only: message bodies are not kept. */
  textLength: number;
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

export interface OutboxStatusRecord {
  _id: string;
  status: DeliveryStatus;
  rank: number;
  updatedAt: string;
  [key: string]: unknown;
}

/**
 * Provider delivery statuses, in the only order they may move. Terminal
 * statuses share the top rank of the delivery stage, so the first one wins
 * and a late `sent` never overwrites `delivered`.
 */
export const DELIVERY_STATUS_RANK = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  // WhatsApp/RCS only: a read message was delivered first.
  read: 5,
} as const;

export type DeliveryStatus = keyof typeof DELIVERY_STATUS_RANK;

export function isDeliveryStatus(value: string): value is DeliveryStatus {
  return Object.prototype.hasOwnProperty.call(DELIVERY_STATUS_RANK, value);
}

export type OutboxClaim = { claimed: true } | { claimed: false; existing: OutboxMessageRecord };

/**
 * The outbox's records: one per logical message under its idempotency key
 * (the claim), and the providers' delivery statuses, which only move forward.
 */
export interface OutboxRepo {
  /** Inserts the claim, or takes over a surely-unsent failed one; else returns the record someone else holds. */
  claim(record: OutboxMessageRecord): Promise<OutboxClaim>;
  get(idempotencyKey: string): Promise<OutboxMessageRecord | null>;
  /** Records what an attempt did (state, attempts, provider id, failure). */
  record(idempotencyKey: string, fields: Partial<Omit<OutboxMessageRecord, '_id'>>): Promise<void>;
  /** Hands the message to the next door: pending again on `channel`, the previous failure dropped. */
  moveToDoor(idempotencyKey: string, channel: Channel, textLength: number, updatedAt: string): Promise<void>;
  /** Moves a provider's status forward by rank; false when the stored one is equal or later. */
  advanceStatus(providerId: string, status: DeliveryStatus, updatedAt: string): Promise<boolean>;
  deliveryStatus(providerId: string): Promise<DeliveryStatus | null>;
}
