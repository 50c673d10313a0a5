import type { Collection, DocumentStore } from '../document-store';
import { DuplicateKeyError } from '../../../core/ports/store-errors';
import { COLLECTIONS } from '../collections';
import type { Channel } from '../../../core/domain/session-log';
import { inboundIdOf, type ClaimResult, type Counter, type CountersRepo, type InboundRecord, type InboundRepo } from '../../../core/repos/inbound-repo';

/** Inbound claims on the document layer: the unique `_id` makes the store the arbiter between processes. */
export class DocumentInboundRepo implements InboundRepo {
  private readonly inbound: Collection<InboundRecord>;
  constructor(store: DocumentStore) {
    this.inbound = store.collection<InboundRecord>(COLLECTIONS.inbound);
  }

  get(channel: Channel, channelMessageId: string): Promise<InboundRecord | null> {
    return this.inbound.findOne({ _id: inboundIdOf(channel, channelMessageId) });
  }

  /**
   * Claims one channel message for processing. The unique `_id` makes the
   * store the arbiter, so exactly one caller (in any process) becomes the
   * owner; the others get the record as it stands (pending or done).
   * A pending claim older than `leaseMs` belongs to a process that died
   * mid-message and is taken over by exactly one caller.
   */
  async claim(channel: Channel, channelMessageId: string, receivedAt: string, leaseMs: number): Promise<ClaimResult> {
    const _id = inboundIdOf(channel, channelMessageId);
    const nowMs = Date.now();
    try {
      await this.inbound.insertOne({
        _id,
        channel,
        channelMessageId: String(channelMessageId),
        personId: null,
        reply: null,
        lng: 'vi',
        receivedAt,
        processedAt: '',
        state: 'pending',
        claimedAtMs: nowMs,
      });
      return { owner: true };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const record = await this.inbound.findOne({ _id });
    if (!record) return this.claim(channel, channelMessageId, receivedAt, leaseMs);
    if (record.state === 'pending' && typeof record.claimedAtMs === 'number' && nowMs - record.claimedAtMs > leaseMs) {
      const taken = await this.inbound.updateOne({ _id, state: 'pending', claimedAtMs: record.claimedAtMs }, { $set: { claimedAtMs: nowMs } });
      if (taken.modified === 1) return { owner: true };
    }
    return { owner: false, record };
  }

  /** Stores the answer of a claimed message: from now on every copy gets it. */
  async complete(record: InboundRecord): Promise<void> {
    // Attachments (exports) are rebuilt on request, never stored.
    const reply = record.reply ? { key: record.reply.key, ...(record.reply.values ? { values: record.reply.values } : {}) } : null;
    const { _id, ...rest } = record;
    await this.inbound.updateOne({ _id }, { $set: { ...rest, reply, state: 'done' }, $unset: { claimedAtMs: '' } });
  }

  /**
   * Drops every pending claim: only for a store that one process holds (the
   * embedded store's LOCK), where a pending claim at start was left by a crash.
   */
  async releaseAllPending(): Promise<number> {
    return this.inbound.deleteMany({ state: 'pending' });
  }

  /** Gives a claim back (the owner failed), so a retry runs the message. */
  async release(channel: Channel, channelMessageId: string): Promise<void> {
    await this.inbound.deleteMany({ _id: inboundIdOf(channel, channelMessageId), state: 'pending' });
  }
}

/** Small counters in the store, each with its expiry (see {@link CountersRepo}). Shared by every process. */
export class DocumentCountersRepo implements CountersRepo {
  private readonly counters: Collection<Counter>;
  constructor(store: DocumentStore) {
    this.counters = store.collection(COLLECTIONS.counters);
  }

  /**
   * Increments and returns the new count, each count to exactly one caller:
   * an update conditional on the count just read (retried if another came
   * between), so of texts arriving together exactly one is the first over a
   * limit. Reading the count after an upsert instead gave every concurrent
   * caller the last one.
   */
  async increment(id: string, expiresAt: Date): Promise<number> {
    const expires = expiresAt.toISOString();
    for (;;) {
      const current = await this.counters.findOne({ _id: id });
      if (!current) {
        const inserted = await this.counters.insertOne({ _id: id, count: 1, expiresAt: expires }).then(
          () => true,
          (error: unknown) => {
            if (error instanceof DuplicateKeyError) return false;
            throw error;
          },
        );
        if (inserted) return 1;
        continue;
      }
      const updated = await this.counters.updateOne({ _id: id, count: current.count }, { $inc: { count: 1 }, $set: { expiresAt: expires } });
      if (updated.modified === 1) return current.count + 1;
    }
  }

  get(id: string): Promise<Counter | null> {
    return this.counters.findOne({ _id: id });
  }

  /** Sets `field` to `value` only if it differs: true for the one caller that changed it. */
  async claim(id: string, field: string, value: string, expiresAt: Date): Promise<boolean> {
    await this.counters.updateOne({ _id: id }, { $setOnInsert: { count: 0, expiresAt: expiresAt.toISOString() } }, { upsert: true }).catch((error: unknown) => {
      if (!(error instanceof DuplicateKeyError)) throw error;
    });
    const result = await this.counters.updateOne({ _id: id, [field]: { $ne: value } }, { $set: { [field]: value } });
    return result.modified === 1;
  }

  /**
   * Two deletes, each served by the `counters_expires` index; the condition is
   * in the delete itself, so a counter a text renews meanwhile stays. The
   * second finds only counters written before they had an expiry (which no
   * writer makes any more): a deployment's history, once.
   */
  async deleteExpired(now: Date): Promise<number> {
    const expired = await this.counters.deleteMany({ expiresAt: { $lt: now.toISOString() } });
    return expired + (await this.counters.deleteMany({ expiresAt: { $exists: false } }));
  }
}
