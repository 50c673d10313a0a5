import type { Channel } from '../../../core/domain/session-log';
import {
  DELIVERY_STATUS_RANK,
  type DeliveryStatus,
  type OutboxClaim,
  type OutboxFailure,
  type OutboxMessageRecord,
  type OutboxRepo,
  type OutboxState,
} from '../../../core/outbound/outbox-records';
import type { EmbeddedStore } from '../embedded-store';

interface MessageRow {
  id: string;
  person_id: string;
  channel: string;
  state: OutboxState;
  attempts: number;
  provider_id: string | null;
  failure_reason: OutboxFailure['reason'] | null;
  failure_detail: string | null;
  failure_retryable: number | null;
  text_length: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, person_id, channel, state, attempts, provider_id, failure_reason, failure_detail, failure_retryable, text_length, created_at, updated_at';

/** The record fields `record()` may set, and their columns (a failure is three columns). */
const FIELD_COLUMNS: Record<string, string> = {
  personId: 'person_id',
  channel: 'channel',
  state: 'state',
  attempts: 'attempts',
  providerId: 'provider_id',
  textLength: 'text_length',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** A field the table has no column for: refused, not silently dropped. */
export class UnknownOutboxFieldError extends TypeError {
  override readonly name = 'UnknownOutboxFieldError';
  constructor(readonly field: string) {
    super(`the outbox keeps no field ${field}`);
  }
}

/**
 * The outbox on its typed SQLite tables (migration 5). Every write is on disk
 * before it resolves, even inside a unit ({@link EmbeddedStore.write} with
 * `eachDurable`): a claim guards a send, and a send must never happen for a
 * claim a crash could lose. A claim is one write holding up to three
 * statements; SQLite runs one writer at a time, so they act as one.
 */
export class SqliteOutboxRepo implements OutboxRepo {
  constructor(private readonly store: EmbeddedStore) {}

  async claim(record: OutboxMessageRecord): Promise<OutboxClaim> {
    const s = this.store;
    return s.write(
      'outbox_messages',
      (): OutboxClaim => {
        const inserted = s
          .statement(`INSERT INTO outbox_messages (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
          .run(...messageParams(record));
        if (inserted.changes === 1) return { claimed: true };
        // A failure the provider surely never took (every attempt transient) may be sent again, by exactly one claimer.
        const retaken = s
          .statement(
            `UPDATE outbox_messages SET state = 'pending', channel = ?, text_length = ?, updated_at = ?, failure_reason = NULL, failure_detail = NULL, failure_retryable = NULL
             WHERE id = ? AND state = 'failed' AND failure_retryable = 1`,
          )
          .run(record.channel, record.textLength, record.updatedAt, record._id);
        if (retaken.changes === 1) return { claimed: true };
        return { claimed: false, existing: decodeMessage(s.statement(`SELECT ${COLUMNS} FROM outbox_messages WHERE id = ?`).get(record._id) as MessageRow) };
      },
      true,
    );
  }

  async get(idempotencyKey: string): Promise<OutboxMessageRecord | null> {
    const row = this.store.read(() => this.store.statement(`SELECT ${COLUMNS} FROM outbox_messages WHERE id = ?`).get(idempotencyKey) as MessageRow | undefined);
    return row ? decodeMessage(row) : null;
  }

  async record(idempotencyKey: string, fields: Partial<Omit<OutboxMessageRecord, '_id'>>): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'failure') {
        const failure = value as OutboxFailure | undefined;
        sets.push('failure_reason = ?', 'failure_detail = ?', 'failure_retryable = ?');
        params.push(failure?.reason ?? null, failure?.detail ?? null, failure ? (failure.retryable ? 1 : 0) : null);
        continue;
      }
      const column = FIELD_COLUMNS[field];
      if (!column) throw new UnknownOutboxFieldError(field);
      sets.push(`${column} = ?`);
      params.push(value ?? null);
    }
    if (sets.length === 0) return;
    await this.store.write('outbox_messages', () => this.store.statement(`UPDATE outbox_messages SET ${sets.join(', ')} WHERE id = ?`).run(...params, idempotencyKey), true);
  }

  async moveToDoor(idempotencyKey: string, channel: Channel, textLength: number, updatedAt: string): Promise<void> {
    await this.store.write(
      'outbox_messages',
      () =>
        this.store
          .statement(
            `UPDATE outbox_messages SET state = 'pending', channel = ?, text_length = ?, updated_at = ?, failure_reason = NULL, failure_detail = NULL, failure_retryable = NULL WHERE id = ?`,
          )
          .run(channel, textLength, updatedAt, idempotencyKey),
      true,
    );
  }

  /** One upsert: the first status inserts, a later one replaces it only with a higher rank. */
  async advanceStatus(providerId: string, status: DeliveryStatus, updatedAt: string): Promise<boolean> {
    const changed = await this.store.write(
      'outbox_statuses',
      () =>
        this.store
          .statement(
            `INSERT INTO outbox_statuses (provider_id, status, rank, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (provider_id) DO UPDATE SET status = excluded.status, rank = excluded.rank, updated_at = excluded.updated_at WHERE rank < excluded.rank`,
          )
          .run(providerId, status, DELIVERY_STATUS_RANK[status], updatedAt).changes,
      true,
    );
    return changed === 1;
  }

  async deliveryStatus(providerId: string): Promise<DeliveryStatus | null> {
    const row = this.store.read(() => this.store.statement('SELECT status FROM outbox_statuses WHERE provider_id = ?').get(providerId) as { status: DeliveryStatus } | undefined);
    return row?.status ?? null;
  }
}

function messageParams(r: OutboxMessageRecord): unknown[] {
  for (const field of Object.keys(r)) if (field !== '_id' && field !== 'failure' && !FIELD_COLUMNS[field]) throw new UnknownOutboxFieldError(field);
  const f = r.failure;
  return [r._id, r.personId, r.channel, r.state, r.attempts, r.providerId ?? null, f?.reason ?? null, f?.detail ?? null, f ? (f.retryable ? 1 : 0) : null, r.textLength, r.createdAt, r.updatedAt];
}

/** The one place an outbox row becomes a record (absent fields stay absent, as the document had them). */
export function decodeMessage(row: MessageRow): OutboxMessageRecord {
  return {
    _id: row.id,
    personId: row.person_id,
    channel: row.channel as Channel,
    state: row.state,
    attempts: Number(row.attempts),
    ...(row.provider_id !== null ? { providerId: row.provider_id } : {}),
    ...(row.failure_reason !== null
      ? { failure: { reason: row.failure_reason, ...(row.failure_detail !== null ? { detail: row.failure_detail } : {}), retryable: Number(row.failure_retryable) === 1 } }
      : {}),
    textLength: Number(row.text_length),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
