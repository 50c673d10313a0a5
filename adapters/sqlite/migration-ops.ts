/**
 * Migration 5: the outbox, the claim books, one-time codes and the doors'
 * records (gateway phones, download links, web sessions and secrets) as typed
 * tables. Kept apart from migrations.ts (which lists it) for size.
 *
 * What makes each write exactly-once is a key SQLite enforces, as before:
 * the outbox's idempotency key, a claim's (book, week, subject), a provider's
 * message id. Values a later Loa may widen (channels) are not checked; the
 * ones that name a state machine are, so a new state needs a migration.
 * Rows of the JSON layout that are unreadable, or that a CHECK refuses, go to
 * the quarantine whole instead of stopping the open.
 */
import { quarantineRecord, QUARANTINE, type RecordProblem } from '../store/record-check';
import type { MigrationDb } from './migrations';

/** ISO 8601 instant as Loa writes it (`toISOString`), checked by shape. */
const ISO = (column: string) => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*Z'`;
const ISO_OR_NULL = (column: string) => `(${column} IS NULL OR ${ISO(column)})`;

/** The books of claims when this migration was written, and the JSON-layout collection each was kept in. */
export const CLAIM_BOOK_TABLES = {
  summaries: 'summary_claims',
  reminders: 'reminder_claims',
  undelivered_reports: 'summary_undelivered_reports',
  deadlines: 'deadline_claims',
} as const;

/** Delivery statuses and their ranks when this migration was written (core/outbound/outbox-records.ts). */
const STATUSES = "'accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'read'";

const CREATE = `
  -- One row per logical message under its idempotency key (the claim). Bodies are never kept, only their length.
  CREATE TABLE outbox_messages (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'queued', 'failed')),
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    provider_id TEXT,
    failure_reason TEXT CHECK (failure_reason IN ('blocked', 'invalid_recipient', 'failed')),
    failure_detail TEXT,
    failure_retryable INTEGER CHECK (failure_retryable IN (0, 1)),
    text_length INTEGER NOT NULL CHECK (text_length >= 0),
    created_at TEXT NOT NULL CHECK (${ISO('created_at')}),
    updated_at TEXT NOT NULL CHECK (${ISO('updated_at')}),
    -- A failure has a reason and says whether a later send may try again; a message without one has neither.
    CHECK ((failure_reason IS NULL) = (failure_retryable IS NULL) AND (failure_detail IS NULL OR failure_reason IS NOT NULL))
  ) STRICT;
  CREATE UNIQUE INDEX outbox_messages_provider_unique ON outbox_messages (provider_id) WHERE provider_id IS NOT NULL;

  -- A provider's delivery status per message id (Twilio MessageSid); the rank only moves forward.
  CREATE TABLE outbox_statuses (
    provider_id TEXT PRIMARY KEY NOT NULL,
    status TEXT NOT NULL CHECK (status IN (${STATUSES})),
    rank INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 5),
    updated_at TEXT NOT NULL CHECK (${ISO('updated_at')})
  ) STRICT;

  -- Every book of scheduled-message claims; the key is the claim: one per book, week (or occurrence) and subject.
  CREATE TABLE claims (
    book TEXT NOT NULL CHECK (book IN (${Object.keys(CLAIM_BOOK_TABLES).map((b) => `'${b}'`).join(', ')})),
    week TEXT NOT NULL CHECK (week <> ''),
    subject TEXT NOT NULL CHECK (subject <> ''),
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    claimed_at TEXT NOT NULL CHECK (${ISO('claimed_at')}),
    owner TEXT NOT NULL,
    detail TEXT,
    PRIMARY KEY (book, week, subject)
  ) STRICT, WITHOUT ROWID;

  -- Live one-time codes, one per purpose and requester (id); a salted hash, never the code.
  CREATE TABLE one_time_codes (
    id TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('link', 'web-login')),
    requester TEXT NOT NULL,
    person_id TEXT NOT NULL,
    salt TEXT NOT NULL,
    hash TEXT NOT NULL,
    tries INTEGER NOT NULL CHECK (tries >= 0),
    expires_at TEXT NOT NULL CHECK (${ISO('expires_at')}),
    created_at TEXT NOT NULL CHECK (${ISO('created_at')})
  ) STRICT;
  CREATE INDEX one_time_codes_expires ON one_time_codes (expires_at);

  -- Phones running SMS Gateway for Android; server times only.
  CREATE TABLE gateway_devices (
    id TEXT PRIMARY KEY NOT NULL,
    first_seen_at TEXT NOT NULL CHECK (${ISO('first_seen_at')}),
    last_seen_at TEXT NOT NULL CHECK (${ISO('last_seen_at')}),
    last_ping_at TEXT CHECK ${ISO_OR_NULL('last_ping_at')},
    last_message_at TEXT CHECK ${ISO_OR_NULL('last_message_at')},
    commune_id TEXT,
    commune_source TEXT CHECK (commune_source IN ('config', 'roster')),
    alerted_silence_since TEXT,
    CHECK ((commune_id IS NULL) = (commune_source IS NULL))
  ) STRICT;
  CREATE INDEX gateway_devices_commune ON gateway_devices (commune_id) WHERE commune_id IS NOT NULL;

  -- Files behind one-time download links (base64, tens of kilobytes, minutes of life).
  CREATE TABLE download_links (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    content TEXT NOT NULL,
    expires_at TEXT NOT NULL CHECK (${ISO('expires_at')}),
    created_at TEXT NOT NULL CHECK (${ISO('created_at')}),
    reusable INTEGER CHECK (reusable IN (0, 1))
  ) STRICT;
  CREATE INDEX download_links_expires ON download_links (expires_at);

  -- Web sign-in sessions under the SHA-256 of their token.
  CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    created_at TEXT NOT NULL CHECK (${ISO('created_at')}),
    expires_at TEXT NOT NULL CHECK (${ISO('expires_at')})
  ) STRICT;

  CREATE TABLE web_secrets (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;`;

type Json = Record<string, unknown>;
const text = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));
const bool = (v: unknown): number | null => (v === undefined || v === null ? null : v ? 1 : 0);

/** How one JSON-layout collection's documents become rows of its typed table. */
interface Move {
  collection: string;
  insert: string;
  params(doc: Json, id: string): unknown[];
}

const MOVES: Move[] = [
  {
    collection: 'outbox_messages',
    insert: `INSERT INTO outbox_messages (id, person_id, channel, state, attempts, provider_id, failure_reason, failure_detail, failure_retryable, text_length, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    params: (d, id) => {
      const failure = (d.failure ?? null) as Json | null;
      return [id, d.personId, d.channel, d.state, d.attempts ?? 0, text(d.providerId), text(failure?.reason), text(failure?.detail), failure ? bool(failure.retryable ?? false) : null, d.textLength ?? 0, d.createdAt, d.updatedAt ?? d.createdAt];
    },
  },
  {
    collection: 'outbox_statuses',
    insert: 'INSERT INTO outbox_statuses (provider_id, status, rank, updated_at) VALUES (?, ?, ?, ?)',
    params: (d, id) => [id, d.status, d.rank, d.updatedAt],
  },
  ...Object.entries(CLAIM_BOOK_TABLES).map(
    ([book, collection]): Move => ({
      collection,
      insert: 'INSERT INTO claims (book, week, subject, status, claimed_at, owner, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      params: (d) => [book, d.week, d.subject, d.status, d.claimedAt, d.owner ?? '', text(d.detail)],
    }),
  ),
  {
    collection: 'one_time_codes',
    insert: 'INSERT INTO one_time_codes (id, purpose, requester, person_id, salt, hash, tries, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    params: (d, id) => [id, d.purpose, d.requester, d.personId, d.salt, d.hash, d.tries ?? 0, d.expiresAt, d.createdAt],
  },
  {
    collection: 'gateway_devices',
    insert: `INSERT INTO gateway_devices (id, first_seen_at, last_seen_at, last_ping_at, last_message_at, commune_id, commune_source, alerted_silence_since)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    params: (d, id) => [id, d.firstSeenAt ?? d.lastSeenAt, d.lastSeenAt ?? d.firstSeenAt, text(d.lastPingAt), text(d.lastMessageAt), text(d.communeId), text(d.communeSource), text(d.alertedSilenceSince)],
  },
  {
    collection: 'download_links',
    insert: 'INSERT INTO download_links (id, person_id, filename, mime_type, content, expires_at, created_at, reusable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    params: (d, id) => [id, d.personId, d.filename, d.mimeType, d.content, d.expiresAt, d.createdAt, bool(d.reusable)],
  },
  {
    collection: 'web_sessions',
    insert: 'INSERT INTO web_sessions (id, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    params: (d, id) => [id, d.personId, d.createdAt, d.expiresAt],
  },
  {
    collection: 'web_secrets',
    insert: 'INSERT INTO web_secrets (name, value) VALUES (?, ?)',
    params: (d, id) => [id, d.value],
  },
];

/** The JSON-layout collections this migration replaces: the document layer refuses them from now on. */
export const OPS_TABLES: readonly string[] = [...MOVES.map((m) => m.collection), 'claims'];

/** Keeps a row the typed table cannot take in the quarantine, whole, under its old collection and id. */
function keepAside(db: MigrationDb, collection: string, id: string, raw: string, problem: RecordProblem): void {
  db.exec(`CREATE TABLE IF NOT EXISTS "${QUARANTINE}" (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
  const record = quarantineRecord(collection, id, raw, problem);
  db.prepare(`INSERT INTO "${QUARANTINE}" (id, doc) VALUES (?, ?)`).run(record._id, JSON.stringify(record));
}

/** True when `name` is a table of JSON documents made by the document layer (columns `id`, `doc`). */
function isDocumentTable(db: MigrationDb, name: string): boolean {
  const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
  return columns.length === 2 && columns.some((c) => c.name === 'doc');
}

/** Migration 5's work: the typed tables, then the JSON layout's rows moved into them and its tables dropped. */
export function typedOps(db: MigrationDb): void {
  // The old document tables go first (with their expression indexes, whose names the new tables reuse).
  const olds = MOVES.filter((m) => isDocumentTable(db, m.collection));
  for (const move of olds) {
    for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(move.collection) as { name: string }[]) {
      db.exec(`DROP INDEX "${name}"`);
    }
  }
  const renamed = olds.map((m) => ({ ...m, aside: `${m.collection}__documents` }));
  for (const { collection, aside } of renamed) db.exec(`ALTER TABLE "${collection}" RENAME TO "${aside}"`);
  db.exec(CREATE);
  for (const move of renamed) moveRows(db, move, move.aside);
}

/**
 * Moves one document table's rows (renamed aside as `old`) into the typed
 * table, one by one: a row that is not JSON, or that a CHECK, NOT NULL or
 * STRICT type refuses, is kept whole in the quarantine (named by its old
 * collection and id), never lost and never fatal. A statement that fails
 * inside the migration's transaction undoes only itself.
 */
function moveRows(db: MigrationDb, move: Move, old: string): void {
  const insert = db.prepare(move.insert);
  for (const row of db.prepare(`SELECT id, doc FROM "${old}"`).all() as { id: string; doc: string }[]) {
    let doc: Json;
    try {
      doc = JSON.parse(row.doc) as Json;
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new TypeError('not an object');
    } catch {
      keepAside(db, move.collection, row.id, row.doc, { reason: 'unreadable' });
      continue;
    }
    try {
      insert.run(...move.params(doc, row.id).map((v) => (v === undefined ? null : v)));
    } catch (error) {
      const field = /constraint failed: (?:\w+\.)?(\w+)/.exec((error as Error).message)?.[1] ?? '(record)';
      keepAside(db, move.collection, row.id, row.doc, { reason: 'invalid', fields: [field] });
    }
  }
  db.exec(`DROP TABLE "${old}"`);
}
