import type { Collection, UpdateFilter } from 'mongodb';
import { DuplicateKeyError } from '../../../core/ports/store-errors';
import type { Channel } from '../../../core/domain/session-log';
import { inboundIdOf, type ClaimResult, type Counter, type CountersRepo, type InboundRecord, type InboundRepo } from '../../../core/repos/inbound-repo';
import { retryUpsertOnce, type IndexDeclarations, type MongoContext } from './context';

export const INBOUND_INDEXES: IndexDeclarations = {
  // `_id` (channel:message id) is the claim; only a start of a single-process store drops the pending ones.
  inbound: [{ name: 'inbound_state', key: { state: 1 } }],
  // The scheduler's hourly pass deletes expired counters.
  counters: [{ name: 'counters_expires', key: { expiresAt: 1 } }],
};

/** Inbound claims: the unique `_id` makes the server the arbiter between processes. */
export class MongoInboundRepo implements InboundRepo {
  private readonly inbound: Collection<InboundRecord>;
  constructor(private readonly ctx: MongoContext) {
    this.inbound = ctx.collection<InboundRecord>('inbound');
  }

  get(channel: Channel, channelMessageId: string): Promise<InboundRecord | null> {
    return this.ctx.findOne(this.inbound, { _id: inboundIdOf(channel, channelMessageId) });
  }

  async claim(channel: Channel, channelMessageId: string, receivedAt: string, leaseMs: number): Promise<ClaimResult> {
    const _id = inboundIdOf(channel, channelMessageId);
    const nowMs = Date.now();
    const fresh: InboundRecord = { _id, channel, channelMessageId: String(channelMessageId), personId: null, reply: null, lng: 'vi', receivedAt, processedAt: '', state: 'pending', claimedAtMs: nowMs };
    try {
      await this.ctx.run(this.inbound, () => this.inbound.insertOne(fresh));
      return { owner: true };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const record = await this.ctx.findOne(this.inbound, { _id });
    if (!record) return this.claim(channel, channelMessageId, receivedAt, leaseMs);
    if (record.state === 'pending' && typeof record.claimedAtMs === 'number' && nowMs - record.claimedAtMs > leaseMs) {
      const taken = await this.ctx.run(this.inbound, () => this.inbound.updateOne({ _id, state: 'pending', claimedAtMs: record.claimedAtMs }, { $set: { claimedAtMs: nowMs } }));
      if (taken.modifiedCount === 1) return { owner: true };
    }
    return { owner: false, record };
  }

  async complete(record: InboundRecord): Promise<void> {
    // Attachments (exports) are rebuilt on request, never stored.
    const reply = record.reply ? { key: record.reply.key, ...(record.reply.values ? { values: record.reply.values } : {}) } : null;
    const { _id, ...rest } = record;
    await this.ctx.run(this.inbound, () => this.inbound.updateOne({ _id }, { $set: { ...rest, reply, state: 'done' }, $unset: { claimedAtMs: '' } }));
  }

  async releaseAllPending(): Promise<number> {
    return (await this.ctx.run(this.inbound, () => this.inbound.deleteMany({ state: 'pending' }))).deletedCount;
  }

  async release(channel: Channel, channelMessageId: string): Promise<void> {
    await this.ctx.run(this.inbound, () => this.inbound.deleteOne({ _id: inboundIdOf(channel, channelMessageId), state: 'pending' }));
  }
}

/** Counters: an increment is one `findOneAndUpdate` with `$inc` and upsert, so each caller gets its own count. */
export class MongoCountersRepo implements CountersRepo {
  private readonly counters: Collection<Counter>;
  constructor(private readonly ctx: MongoContext) {
    this.counters = ctx.collection<Counter>('counters');
  }

  async increment(id: string, expiresAt: Date): Promise<number> {
    const after = await retryUpsertOnce(() =>
      this.ctx.run(this.counters, () =>
        this.counters.findOneAndUpdate({ _id: id }, { $inc: { count: 1 }, $set: { expiresAt: expiresAt.toISOString() } } as unknown as UpdateFilter<Counter>, { upsert: true, returnDocument: 'after' }),
      ),
    );
    if (!after) throw new Error(`counter ${id}: the server returned no document after an upsert`);
    return after.count;
  }

  get(id: string): Promise<Counter | null> {
    return this.ctx.findOne(this.counters, { _id: id });
  }

  async claim(id: string, field: string, value: string, expiresAt: Date): Promise<boolean> {
    await retryUpsertOnce(() => this.ctx.run(this.counters, () => this.counters.updateOne({ _id: id }, { $setOnInsert: { count: 0, expiresAt: expiresAt.toISOString() } }, { upsert: true })));
    const result = await this.ctx.run(this.counters, () => this.counters.updateOne({ _id: id, [field]: { $ne: value } }, { $set: { [field]: value } }));
    return result.modifiedCount === 1;
  }

  /** Expired ones, then any written before counters had an expiry (a deployment's history): both served by `counters_expires`. */
  async deleteExpired(now: Date): Promise<number> {
    const expired = await this.ctx.run(this.counters, () => this.counters.deleteMany({ expiresAt: { $lt: now.toISOString() } }));
    const old = await this.ctx.run(this.counters, () => this.counters.deleteMany({ expiresAt: { $exists: false } }));
    return expired.deletedCount + old.deletedCount;
  }
}
