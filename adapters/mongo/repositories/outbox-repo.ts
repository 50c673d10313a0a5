import type { Collection } from 'mongodb';
import type { Channel } from '../../../core/domain/session-log';
import { DuplicateKeyError } from '../../../core/ports/store-errors';
import { DELIVERY_STATUS_RANK, type DeliveryStatus, type OutboxClaim, type OutboxMessageRecord, type OutboxRepo, type OutboxStatusRecord } from '../../../core/outbound/outbox-records';
import type { IndexDeclarations, MongoContext } from './context';

export const OUTBOX_COLLECTIONS = { messages: 'outbox_messages', statuses: 'outbox_statuses' } as const;

/** `_id` is the idempotency key (messages) or the provider's id (statuses): its built-in unique index is the claim. */
export const OUTBOX_INDEXES: IndexDeclarations = {
  [OUTBOX_COLLECTIONS.messages]: [{ name: 'outbox_messages_provider_unique', key: { providerId: 1 }, unique: true, sparse: true }],
};

export class MongoOutboxRepo implements OutboxRepo {
  private readonly messages: Collection<OutboxMessageRecord>;
  private readonly statuses: Collection<OutboxStatusRecord>;

  constructor(private readonly ctx: MongoContext) {
    this.messages = ctx.collection(OUTBOX_COLLECTIONS.messages);
    this.statuses = ctx.collection(OUTBOX_COLLECTIONS.statuses);
  }

  async claim(record: OutboxMessageRecord): Promise<OutboxClaim> {
    try {
      await this.ctx.run(this.messages, () => this.messages.insertOne({ ...record }), { doc: record, insert: true });
      return { claimed: true };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const retaken = await this.ctx.run(this.messages, () =>
      this.messages.updateOne(
        { _id: record._id, state: 'failed', 'failure.retryable': true },
        { $set: { state: 'pending', channel: record.channel, textLength: record.textLength, updatedAt: record.updatedAt }, $unset: { failure: '' } },
      ),
    );
    if (retaken.matchedCount === 1) return { claimed: true };
    const existing = await this.ctx.findOne(this.messages, { _id: record._id });
    if (!existing) throw new Error(`outbox record ${record._id} vanished while being claimed`);
    return { claimed: false, existing };
  }

  get(idempotencyKey: string): Promise<OutboxMessageRecord | null> {
    return this.ctx.findOne(this.messages, { _id: idempotencyKey });
  }

  async record(idempotencyKey: string, fields: Partial<Omit<OutboxMessageRecord, '_id'>>): Promise<void> {
    await this.ctx.run(this.messages, () => this.messages.updateOne({ _id: idempotencyKey }, { $set: fields }), { doc: { _id: idempotencyKey, ...fields } });
  }

  async moveToDoor(idempotencyKey: string, channel: Channel, textLength: number, updatedAt: string): Promise<void> {
    await this.ctx.run(this.messages, () => this.messages.updateOne({ _id: idempotencyKey }, { $set: { state: 'pending', channel, textLength, updatedAt }, $unset: { failure: '' } }));
  }

  /** Statuses only move forward: an update conditional on a lower rank, or the first insert. */
  async advanceStatus(providerId: string, status: DeliveryStatus, updatedAt: string): Promise<boolean> {
    const rank = DELIVERY_STATUS_RANK[status];
    const set = { status, rank, updatedAt };
    for (let round = 0; round < 2; round++) {
      const moved = await this.ctx.run(this.statuses, () => this.statuses.updateOne({ _id: providerId, rank: { $lt: rank } }, { $set: set }));
      if (moved.matchedCount === 1) return true;
      try {
        await this.ctx.run(this.statuses, () => this.statuses.insertOne({ _id: providerId, ...set }));
        return true;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    return false;
  }

  async deliveryStatus(providerId: string): Promise<DeliveryStatus | null> {
    return (await this.ctx.findOne(this.statuses, { _id: providerId }))?.status ?? null;
  }
}
