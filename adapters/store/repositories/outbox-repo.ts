import type { Channel } from '../../../core/domain/session-log';
import { DuplicateKeyError } from '../../../core/ports/store-errors';
import {
  DELIVERY_STATUS_RANK,
  type DeliveryStatus,
  type OutboxClaim,
  type OutboxMessageRecord,
  type OutboxRepo,
  type OutboxStatusRecord,
} from '../../../core/outbound/outbox-records';
import { OUTBOX_COLLECTIONS } from '../collections';
import type { Collection, DocumentStore } from '../document-store';

/** The outbox on the document layer: `_id` is the idempotency key (messages) or the provider's id (statuses), so its unique index is the claim. */
export class DocumentOutboxRepo implements OutboxRepo {
  private readonly messages: Collection<OutboxMessageRecord>;
  private readonly statuses: Collection<OutboxStatusRecord>;

  constructor(store: DocumentStore) {
    this.messages = store.collection(OUTBOX_COLLECTIONS.messages);
    this.statuses = store.collection(OUTBOX_COLLECTIONS.statuses);
  }

  async claim(record: OutboxMessageRecord): Promise<OutboxClaim> {
    try {
      await this.messages.insertOne(record);
      return { claimed: true };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const retaken = await this.messages.updateOne(
      { _id: record._id, state: 'failed', 'failure.retryable': true },
      { $set: { state: 'pending', channel: record.channel, textLength: record.textLength, updatedAt: record.updatedAt }, $unset: { failure: '' } },
    );
    if (retaken.matched === 1) return { claimed: true };
    const existing = await this.messages.findOne({ _id: record._id });
    if (!existing) throw new Error(`outbox record ${record._id} vanished while being claimed`);
    return { claimed: false, existing };
  }

  get(idempotencyKey: string): Promise<OutboxMessageRecord | null> {
    return this.messages.findOne({ _id: idempotencyKey });
  }

  async record(idempotencyKey: string, fields: Partial<Omit<OutboxMessageRecord, '_id'>>): Promise<void> {
    await this.messages.updateOne({ _id: idempotencyKey }, { $set: fields });
  }

  async moveToDoor(idempotencyKey: string, channel: Channel, textLength: number, updatedAt: string): Promise<void> {
    await this.messages.updateOne({ _id: idempotencyKey }, { $set: { state: 'pending', channel, textLength, updatedAt }, $unset: { failure: '' } });
  }

  async advanceStatus(providerId: string, status: DeliveryStatus, updatedAt: string): Promise<boolean> {
    const rank = DELIVERY_STATUS_RANK[status];
    const set = { status, rank, updatedAt };
    for (let round = 0; round < 2; round++) {
      const moved = await this.statuses.updateOne({ _id: providerId, rank: { $lt: rank } }, { $set: set });
      if (moved.matched === 1) return true;
      try {
        await this.statuses.insertOne({ _id: providerId, ...set });
        return true;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        // Exists with an equal or later status, or was inserted between our two writes: look once more.
      }
    }
    return false;
  }

  async deliveryStatus(providerId: string): Promise<DeliveryStatus | null> {
    return (await this.statuses.findOne({ _id: providerId }))?.status ?? null;
  }
}
