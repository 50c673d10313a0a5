import type { Collection, DocumentStore, Update } from '../storage/port';
import { DuplicateKeyError } from '../storage/port';
import { COLLECTIONS } from '../storage/collections';
import type { Channel } from '../domain/session-log';
import type { Reply } from '../reply';
import type { Language } from '../domain/people';

/** What we answered to one channel message, so a retry gets the same answer. */
export interface InboundRecord {
  _id: string;
  channel: Channel;
  channelMessageId: string;
  personId: string;
  reply: Reply | null;
  lng: Language;
  receivedAt: string;
  processedAt: string;
  [key: string]: unknown;
}

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

  /** First writer wins; a concurrent duplicate keeps the stored answer. */
  async record(record: InboundRecord): Promise<void> {
    try {
      // Attachments (exports) are rebuilt on request, never stored.
      const reply = record.reply ? { key: record.reply.key, ...(record.reply.values ? { values: record.reply.values } : {}) } : null;
      await this.inbound.insertOne({ ...record, reply });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
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
