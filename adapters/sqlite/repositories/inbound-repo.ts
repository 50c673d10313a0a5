import type { Channel } from '../../../core/domain/session-log';
import { inboundIdOf, type ClaimResult, type InboundRecord, type InboundRepo } from '../../../core/repos/inbound-repo';
import type { EmbeddedStore } from '../embedded-store';

interface InboundRow {
  id: string;
  channel: string;
  channel_message_id: string;
  person_id: string | null;
  reply: string | null;
  lng: string;
  received_at: string;
  processed_at: string;
  state: 'pending' | 'done' | null;
  claimed_at_ms: number | null;
}

const COLUMNS = 'id, channel, channel_message_id, person_id, reply, lng, received_at, processed_at, state, claimed_at_ms';

/**
 * Inbound claims on their typed SQLite table (migration 2). A claim of a new
 * message is one statement (an insert that does nothing on a clash), the
 * answer one update.
 */
export class SqliteInboundRepo implements InboundRepo {
  constructor(private readonly store: EmbeddedStore) {}

  async get(channel: Channel, channelMessageId: string): Promise<InboundRecord | null> {
    const row = this.store.read(() => this.store.statement(`SELECT ${COLUMNS} FROM inbound WHERE id = ?`).get(inboundIdOf(channel, channelMessageId)) as InboundRow | undefined);
    return row ? decodeInbound(row) : null;
  }

  async claim(channel: Channel, channelMessageId: string, receivedAt: string, leaseMs: number): Promise<ClaimResult> {
    const id = inboundIdOf(channel, channelMessageId);
    const nowMs = Date.now();
    return this.store.write('inbound', (): ClaimResult => {
      const inserted = this.store
        .statement("INSERT INTO inbound (id, channel, channel_message_id, lng, received_at, processed_at, state, claimed_at_ms) VALUES (?, ?, ?, 'vi', ?, '', 'pending', ?) ON CONFLICT (id) DO NOTHING")
        .run(id, channel, String(channelMessageId), receivedAt, nowMs);
      if (inserted.changes === 1) return { owner: true };
      // A pending claim whose lease ran out belongs to a dead process: exactly one caller takes it over.
      const taken = this.store.statement("UPDATE inbound SET claimed_at_ms = ? WHERE id = ? AND state = 'pending' AND claimed_at_ms < ?").run(nowMs, id, nowMs - leaseMs);
      if (taken.changes === 1) return { owner: true };
      const row = this.store.statement(`SELECT ${COLUMNS} FROM inbound WHERE id = ?`).get(id) as InboundRow;
      return { owner: false, record: decodeInbound(row) };
      // At most one of its statements changes anything (the insert, or else the take-over): no savepoint needed.
    }, false, true);
  }

  async complete(record: InboundRecord): Promise<void> {
    // Attachments (exports) are rebuilt on request, never stored.
    const reply = record.reply ? { key: record.reply.key, ...(record.reply.values ? { values: record.reply.values } : {}) } : null;
    await this.store.write('inbound', () =>
      this.store
        .statement(
          `INSERT INTO inbound (id, channel, channel_message_id, person_id, reply, lng, received_at, processed_at, state, claimed_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'done', NULL)
           ON CONFLICT (id) DO UPDATE SET person_id = excluded.person_id, reply = excluded.reply, lng = excluded.lng, received_at = excluded.received_at,
             processed_at = excluded.processed_at, state = 'done', claimed_at_ms = NULL`,
        )
        .run(record._id, record.channel, String(record.channelMessageId), record.personId, reply ? JSON.stringify(reply) : null, record.lng, record.receivedAt, record.processedAt),
      false,
      true,
    );
  }

  async releaseAllPending(): Promise<number> {
    return this.store.write('inbound', () => this.store.statement("DELETE FROM inbound WHERE state = 'pending'").run().changes);
  }

  async release(channel: Channel, channelMessageId: string): Promise<void> {
    await this.store.write('inbound', () => this.store.statement("DELETE FROM inbound WHERE id = ? AND state = 'pending'").run(inboundIdOf(channel, channelMessageId)));
  }
}

/** The one place an inbound row becomes a record (the decode point for row validation). */
export function decodeInbound(row: InboundRow): InboundRecord {
  return {
    _id: row.id,
    channel: row.channel as Channel,
    channelMessageId: row.channel_message_id,
    personId: row.person_id,
    reply: row.reply === null ? null : (JSON.parse(row.reply) as InboundRecord['reply']),
    lng: row.lng as InboundRecord['lng'],
    receivedAt: row.received_at,
    processedAt: row.processed_at,
    ...(row.state ? { state: row.state } : {}),
    ...(row.claimed_at_ms !== null ? { claimedAtMs: Number(row.claimed_at_ms) } : {}),
  };
}
