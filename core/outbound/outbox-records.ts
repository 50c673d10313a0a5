import type { Channel } from '../domain/session-log';
import type { DocumentStore, IndexSpec } from '../../storage/document-store';

/** Collections the outbox owns; the `outbox` prefix keeps them apart from the core's. */
export const OUTBOX_COLLECTIONS = {
  messages: 'outbox_messages',
  statuses: 'outbox_statuses',
} as const;

export const OUTBOX_INDEXES: Record<string, IndexSpec[]> = {
  // `_id` is the idempotency key: its built-in unique index is the claim.
  [OUTBOX_COLLECTIONS.messages]: [
    { name: 'outbox_messages_provider_unique', keys: { providerId: 1 }, unique: true, sparse: true },
    { name: 'outbox_messages_state_updated', keys: { state: 1, updatedAt: 1 } },
  ],
  // `_id` is the provider's message id (Twilio MessageSid).
  [OUTBOX_COLLECTIONS.statuses]: [{ name: 'outbox_statuses_updated', keys: { updatedAt: 1 } }],
};

export async function ensureOutboxIndexes(store: DocumentStore): Promise<void> {
  for (const [name, specs] of Object.entries(OUTBOX_INDEXES)) await store.ensureIndexes(name, specs);
}

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
