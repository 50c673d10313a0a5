import type { Collection, DocumentStore, Update } from '../../storage/document-store';
import { DuplicateKeyError } from '../ports/store-errors';
import { COLLECTIONS } from '../../storage/collections';
import type { Channel } from '../domain/session-log';
import type { Reply } from '../reply';
import type { Language } from '../domain/people';

/** What we answered to one channel message, so a retry gets the same answer. */
export interface InboundRecord {
  _id: string;
  channel: Channel;
  channelMessageId: string;
  /** Null for an unregistered sender (nothing about them is kept here). */
  personId: string | null;
  reply: Reply | null;
  lng: Language;
  receivedAt: string;
  processedAt: string;
  /**
   * `pending` while the one process that claimed the message runs it; absent
   * (records written before claims existed) or `done` once the reply is stored.
   */
  state?: 'pending' | 'done';
  /** Wall-clock ms of the claim, for taking over a claim whose holder died. */
  claimedAtMs?: number;
  [key: string]: unknown;
}

export type ClaimResult = { owner: true } | { owner: false; record: InboundRecord };

export class InboundRepo {
  private readonly inbound: Collection<InboundRecord>;
  constructor(store: DocumentStore) {
    this.inbound = store.collection<InboundRecord>(COLLECTIONS.inbound);
  }

  static idOf(channel: Channel, channelMessageId: string): string {
    return `${channel}:${channelMessageId}`;
  }

  get(channel: Channel, channelMessageId: string): Promise<InboundRecord | null> {
    return this.inbound.findOne({ _id: InboundRepo.idOf(channel, channelMessageId) });
  }

  /**
   * Claims one channel message for processing. The unique `_id` makes the
   * store the arbiter, so exactly one caller (in any process) becomes the
   * owner; the others get the record as it stands (pending or done).
   * A pending claim older than `leaseMs` belongs to a process that died
   * mid-message and is taken over by exactly one caller.
   */
  async claim(channel: Channel, channelMessageId: string, receivedAt: string, leaseMs: number): Promise<ClaimResult> {
    const _id = InboundRepo.idOf(channel, channelMessageId);
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
    await this.inbound.deleteMany({ _id: InboundRepo.idOf(channel, channelMessageId), state: 'pending' });
  }
}

/** Small counters in the store: unregistered senders, throttles. Shared by every process. */
export class CountersRepo {
  private readonly counters: Collection<{ _id: string; count: number; [k: string]: unknown }>;
  constructor(store: DocumentStore) {
    this.counters = store.collection(COLLECTIONS.counters);
  }

  /** Increments and returns the new count. */
  async increment(id: string, extra: Record<string, unknown> = {}): Promise<number> {
    const update: Update = Object.keys(extra).length > 0 ? { $inc: { count: 1 }, $set: extra } : { $inc: { count: 1 } };
    await this.counters.updateOne({ _id: id }, update, { upsert: true });
    return (await this.counters.findOne({ _id: id }))?.count ?? 1;
  }

  get(id: string): Promise<{ _id: string; count: number; [k: string]: unknown } | null> {
    return this.counters.findOne({ _id: id });
  }

  /** Sets `field` to `value` only if it differs: true for the one caller that changed it. */
  async claim(id: string, field: string, value: string): Promise<boolean> {
    await this.counters.updateOne({ _id: id }, { $setOnInsert: { count: 0 } }, { upsert: true }).catch((error: unknown) => {
      if (!(error instanceof DuplicateKeyError)) throw error;
    });
    const result = await this.counters.updateOne({ _id: id, [field]: { $ne: value } }, { $set: { [field]: value } });
    return result.modified === 1;
  }
}
