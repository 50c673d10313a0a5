/**
 * The embedded store's schema, as numbered migrations kept in the repository
 * and applied at open, each in its own transaction with its row in
 * `schema_migrations` (so a crash mid-migration leaves the previous schema,
 * and a second open never applies one twice). Every table Loa keeps is a
 * typed table that only its SQLite repository (or the maintenance port)
 * touches; the JSON layout of older stores (`id`, `doc` tables) is read once,
 * by raw SQL in the migration that replaces it.
 */

import { StoreMigrationError } from '../store/store-errors';
import { FORMS_V3, ISO_DATE, ISO_MONTH, LOGS_DOCUMENT_VIEW, typedLogs } from './migration-logs';
import { typedOps } from './migration-ops';
import { anchorRollups } from './migration-scope-rollups';
import { typedRoster } from './migration-roster';
import { cheaperLogInsert } from './migration-insert-path';

/** The part of libsql's connection migrations use. */
export interface MigrationDb {
  exec(sql: string): unknown;
  prepare(sql: string): { run(...params: unknown[]): unknown; all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };
}

export interface Migration {
  version: number;
  name: string;
  /** Runs inside the migration's transaction; moves the JSON layout of an older store, if any, into the new tables. */
  up(db: MigrationDb): void;
}

/** ISO 8601 instant as Loa writes it (`toISOString`), checked by shape. */
const ISO_INSTANT = (column: string) => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*Z'`;

/** True when `name` is a table of JSON documents made by the document layer (columns `id`, `doc`). */
function isDocumentTable(db: MigrationDb, name: string): boolean {
  const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
  return columns.length === 2 && columns.some((c) => c.name === 'doc');
}

/** Renames an older store's document table aside, to copy its rows from; null when there is none. */
function documentTableAside(db: MigrationDb, name: string): string | null {
  if (!isDocumentTable(db, name)) return null;
  const aside = `${name}__documents`;
  db.exec(`ALTER TABLE "${name}" RENAME TO "${aside}"`);
  // Its expression indexes moved with it and would clash by name with the new table's.
  for (const { name: index } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(aside) as { name: string }[]) {
    db.exec(`DROP INDEX "${index}"`);
  }
  return aside;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'counters as a typed table',
    up(db) {
      const old = documentTableAside(db, 'counters');
      db.exec(`
        CREATE TABLE counters (
          id TEXT PRIMARY KEY NOT NULL,
          count INTEGER NOT NULL CHECK (count >= 0),
          expires_at TEXT NOT NULL CHECK (${ISO_INSTANT('expires_at')}),
          -- Fields claimed once per value (counters.claim), e.g. the day a reply was last sent.
          fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields) AND json_type(fields) = 'object')
        ) STRICT;
        CREATE INDEX counters_expires ON counters (expires_at);`);
      if (!old) return;
      // A counter from before counters expired gets an expiry in the past: the next hourly pass deletes it.
      db.exec(`
        INSERT INTO counters (id, count, expires_at, fields)
        SELECT id, coalesce(json_extract(doc, '$.count'), 0), coalesce(json_extract(doc, '$.expiresAt'), '1970-01-01T00:00:00.000Z'),
               json_remove(doc, '$._id', '$.count', '$.expiresAt')
        FROM "${old}";
        DROP TABLE "${old}";`);
    },
  },
  {
    version: 2,
    name: 'inbound claims as a typed table',
    up(db) {
      const old = documentTableAside(db, 'inbound');
      db.exec(`
        CREATE TABLE inbound (
          id TEXT PRIMARY KEY NOT NULL,
          channel TEXT NOT NULL,
          channel_message_id TEXT NOT NULL,
          person_id TEXT,
          reply TEXT CHECK (reply IS NULL OR json_valid(reply)),
          lng TEXT NOT NULL,
          received_at TEXT NOT NULL,
          processed_at TEXT NOT NULL,
          -- NULL: a record from before claims existed (done).
          state TEXT CHECK (state IN ('pending', 'done')),
          claimed_at_ms INTEGER
        ) STRICT;
        CREATE INDEX inbound_pending ON inbound (state) WHERE state = 'pending';`);
      if (!old) return;
      db.exec(`
        INSERT INTO inbound (id, channel, channel_message_id, person_id, reply, lng, received_at, processed_at, state, claimed_at_ms)
        SELECT id, json_extract(doc, '$.channel'), CAST(json_extract(doc, '$.channelMessageId') AS TEXT), json_extract(doc, '$.personId'),
               json_extract(doc, '$.reply'), coalesce(json_extract(doc, '$.lng'), 'vi'), coalesce(json_extract(doc, '$.receivedAt'), ''),
               coalesce(json_extract(doc, '$.processedAt'), ''), json_extract(doc, '$.state'), json_extract(doc, '$.claimedAtMs')
        FROM "${old}";
        DROP TABLE "${old}";`);
    },
  },
  {
    version: 3,
    name: 'rollups as typed tables kept by increments',
    up(db) {
      // The JSON rollups of the document layer: replaced by a GROUP BY of the logs below (their marks with them:
      // on SQLite a log and its rollup increments commit in one transaction, nothing is left to repair).
      for (const old of ['rollups', 'rollup_days', 'rollup_marks']) if (isDocumentTable(db, old)) db.exec(`DROP TABLE "${old}"`);
      db.exec(`
        -- Each place's path (itself, then up to the province), for scope queries; kept from its logs.
        CREATE TABLE rollup_places (
          place TEXT PRIMARY KEY NOT NULL,
          path TEXT NOT NULL CHECK (json_valid(path) AND json_type(path) = 'array')
        ) STRICT;
        CREATE TABLE rollup_place_paths (ancestor TEXT NOT NULL, place TEXT NOT NULL, PRIMARY KEY (ancestor, place)) STRICT, WITHOUT ROWID;
        CREATE INDEX rollup_place_paths_place ON rollup_place_paths (place);
        CREATE TRIGGER rollup_places_ins AFTER INSERT ON rollup_places BEGIN
          INSERT OR IGNORE INTO rollup_place_paths (ancestor, place) SELECT value, NEW.place FROM json_each(NEW.path);
        END;
        CREATE TRIGGER rollup_places_upd AFTER UPDATE OF path ON rollup_places BEGIN
          DELETE FROM rollup_place_paths WHERE place = OLD.place;
          INSERT OR IGNORE INTO rollup_place_paths (ancestor, place) SELECT value, NEW.place FROM json_each(NEW.path);
        END;
        -- Live sessions and participants by place, month, form and exact list of groups (joined by commas).
        CREATE TABLE rollup_month_totals (
          place TEXT NOT NULL,
          month TEXT NOT NULL CHECK (${ISO_MONTH('month')}),
          form TEXT NOT NULL CHECK (form IN (${FORMS_V3})),
          groups TEXT NOT NULL,
          sessions INTEGER NOT NULL CHECK (sessions >= 0),
          participants INTEGER NOT NULL CHECK (participants >= 0),
          PRIMARY KEY (place, month, form, groups)
        ) STRICT, WITHOUT ROWID;
        -- The same by day (weekly figures, silent villages).
        CREATE TABLE rollup_day_totals (
          place TEXT NOT NULL,
          date TEXT NOT NULL CHECK (${ISO_DATE('date')}),
          form TEXT NOT NULL CHECK (form IN (${FORMS_V3})),
          groups TEXT NOT NULL,
          sessions INTEGER NOT NULL CHECK (sessions >= 0),
          participants INTEGER NOT NULL CHECK (participants >= 0),
          PRIMARY KEY (place, date, form, groups)
        ) STRICT, WITHOUT ROWID;
        -- A live log that split its participants by group, kept whole (its groups do not sum like the others).
        CREATE TABLE rollup_splits (
          log_id TEXT PRIMARY KEY NOT NULL,
          place TEXT NOT NULL,
          date TEXT NOT NULL CHECK (${ISO_DATE('date')}),
          form TEXT NOT NULL CHECK (form IN (${FORMS_V3})),
          groups TEXT NOT NULL,
          participants INTEGER NOT NULL CHECK (participants BETWEEN 1 AND 10000),
          split TEXT NOT NULL CHECK (json_valid(split))
        ) STRICT;
        CREATE INDEX rollup_splits_place_date ON rollup_splits (place, date);`);
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'logs'").get()) recountRollupsFromDocumentLogs(db);
    },
  },
  {
    version: 4,
    name: 'logs as a typed table, rollups kept by triggers',
    up(db) {
      typedLogs(db, documentTableAside(db, 'logs'));
    },
  },
  { version: 5, name: 'outbox, claims, one-time codes and the doors\' records as typed tables', up: typedOps },
  {
    version: 6,
    name: 'place-month and anchor rollups for reports',
    up(db) {
      anchorRollups(db);
    },
  },
  { version: 7, name: 'places, people with their chat accounts, and plans as typed tables', up: (db) => typedRoster(db, { places: documentTableAside(db, 'places'), people: documentTableAside(db, 'people'), plans: documentTableAside(db, 'plans') }) },
  {
    version: 8,
    // The re-send check (logs.recentSameContent, every TT): a seek on (person, content) instead of reading the person's recent logs one by one.
    name: 'an index for the re-send check',
    up(db) {
      db.exec('CREATE INDEX logs_person_content ON logs (person_id, content_key, created_at) WHERE cancelled_at IS NULL');
    },
  },
  // A log's insert returns its village-month's count from the rollup row (a seek), not by counting the month's logs.
  { version: 9, name: 'the month count of a new log from its place-month rollup', up: cheaperLogInsert },
  // Migration 4's JSON view over the logs served the deleted document layer; its INSTEAD OF triggers were a second, untested way to write logs.
  { version: 10, name: 'no JSON view over the logs', up: (db) => db.exec(`DROP VIEW IF EXISTS ${LOGS_DOCUMENT_VIEW}`) },
];


/** A log document that is live and not split by group, in SQL over the JSON logs table. */
const LIVE = `(json_type(doc, '$.cancelledAt') IS NULL OR json_type(doc, '$.cancelledAt') = 'null')`;
const GROUPS = `coalesce((SELECT group_concat(g.value, ',') FROM json_each(doc, '$.groups') g), '')`;
const UNSPLIT = `json_type(doc, '$.participantsByGroup') IS NULL`;

/** Migration 3's recount, over the JSON logs of that time (migration 4 recounts over the typed table). */
function recountRollupsFromDocumentLogs(db: MigrationDb): void {
  db.exec(`
    DELETE FROM rollup_month_totals; DELETE FROM rollup_day_totals; DELETE FROM rollup_splits;
    INSERT OR REPLACE INTO rollup_places (place, path)
      SELECT json_extract(doc, '$.villageId'), json_extract(doc, '$.placePath') FROM logs GROUP BY json_extract(doc, '$.villageId');
    INSERT INTO rollup_month_totals (place, month, form, groups, sessions, participants)
      SELECT json_extract(doc, '$.villageId'), json_extract(doc, '$.periods.month'), json_extract(doc, '$.form'), ${GROUPS}, count(*), sum(json_extract(doc, '$.participants'))
      FROM logs WHERE ${LIVE} AND ${UNSPLIT} GROUP BY 1, 2, 3, 4;
    INSERT INTO rollup_day_totals (place, date, form, groups, sessions, participants)
      SELECT json_extract(doc, '$.villageId'), json_extract(doc, '$.date'), json_extract(doc, '$.form'), ${GROUPS}, count(*), sum(json_extract(doc, '$.participants'))
      FROM logs WHERE ${LIVE} AND ${UNSPLIT} GROUP BY 1, 2, 3, 4;
    INSERT INTO rollup_splits (log_id, place, date, form, groups, participants, split)
      SELECT id, json_extract(doc, '$.villageId'), json_extract(doc, '$.date'), json_extract(doc, '$.form'), ${GROUPS}, json_extract(doc, '$.participants'), json_extract(doc, '$.participantsByGroup')
      FROM logs WHERE ${LIVE} AND NOT ${UNSPLIT};`);
}

/**
 * Applies the migrations this store has not seen, in order, each in one
 * transaction with its `schema_migrations` row. Returns the versions applied.
 */
export function migrate(db: MigrationDb, migrations: Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new StoreMigrationError(migration.version, migration.name, { cause: error });
    }
    applied.push(migration.version);
  }
  return applied;
}
