/**
 * Migration 4: session logs as a typed table, their rollups kept by triggers.
 * Kept apart from migrations.ts (which lists it) for size. The columns are
 * what the core queries; what is never queried (history, the split by group)
 * stays JSON. Channel values are not checked: a new door needs no migration.
 */
import { quarantineRecord, QUARANTINE } from '../store/record-check';
import type { MigrationDb } from './migrations';

/** Form codes when migrations 3 and 4 were written; a new form needs a migration that widens the CHECKs. */
export const FORMS_V3 = ['hop', 'loa', 'ho', 'toroi', 'sankhau', 'mxh', 'truong', 'cskd', 'nhatro', 'bao', 'taphuan'].map((f) => `'${f}'`).join(', ');
export const ISO_DATE = (column: string) => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`;
export const ISO_MONTH = (column: string) => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'`;

/** The typed columns, in the order the repository binds them. */
export const LOG_COLUMNS = [
  'id', 'code', 'village_id', 'place_path', 'date', 'day', 'week', 'month', 'quarter', 'year', 'participants', 'form', 'groups',
  'split', 'note', 'person_id', 'channel', 'channel_message_id', 'content_key', 'created_at', 'edited_at', 'cancelled_at', 'history',
] as const;

const CREATE_LOGS = `
  CREATE TABLE logs (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL CHECK (length(code) BETWEEN 4 AND 6 AND code NOT GLOB '*[^A-Z0-9]*'),
    village_id TEXT NOT NULL,
    -- The village's path, root first (the domain's placePath); scope queries go through rollup_place_paths.
    place_path TEXT NOT NULL CHECK (json_valid(place_path) AND json_type(place_path) = 'array'),
    date TEXT NOT NULL CHECK (${ISO_DATE('date')}),
    day TEXT NOT NULL,
    week TEXT NOT NULL,
    month TEXT NOT NULL CHECK (${ISO_MONTH('month')}),
    quarter TEXT NOT NULL,
    year TEXT NOT NULL,
    participants INTEGER NOT NULL CHECK (participants BETWEEN 1 AND 10000),
    form TEXT NOT NULL CHECK (form IN (${FORMS_V3})),
    -- Group codes in the log's order, joined by commas (as the rollups key them).
    groups TEXT NOT NULL CHECK (groups <> ''),
    -- participantsByGroup, when the sender split them; never queried.
    split TEXT CHECK (split IS NULL OR (json_valid(split) AND json_type(split) = 'object')),
    note TEXT NOT NULL,
    person_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    channel_message_id TEXT NOT NULL CHECK (length(channel_message_id) BETWEEN 1 AND 200),
    content_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at TEXT,
    cancelled_at TEXT,
    history TEXT CHECK (history IS NULL OR (json_valid(history) AND json_type(history) = 'array'))
  ) STRICT;
  CREATE UNIQUE INDEX logs_channel_message_unique ON logs (channel, channel_message_id);
  CREATE UNIQUE INDEX logs_village_code_unique ON logs (village_id, code);
  CREATE INDEX logs_person_created ON logs (person_id, created_at, id);
  -- Covers a village-month's live count (the reply to every log).
  CREATE INDEX logs_village_month ON logs (village_id, month, cancelled_at);
  CREATE INDEX logs_village_date ON logs (village_id, date);`;

/** Adds one live log (`x`) to its rollup rows; `when` narrows it further (an update adds only a log that is live after it). */
const addLog = (x: 'NEW' | 'OLD', when = 'true') => `
    INSERT INTO rollup_month_totals (place, month, form, groups, sessions, participants)
      SELECT ${x}.village_id, ${x}.month, ${x}.form, ${x}.groups, 1, ${x}.participants WHERE ${x}.split IS NULL AND ${when}
      ON CONFLICT DO UPDATE SET sessions = sessions + 1, participants = participants + excluded.participants;
    INSERT INTO rollup_day_totals (place, date, form, groups, sessions, participants)
      SELECT ${x}.village_id, ${x}.date, ${x}.form, ${x}.groups, 1, ${x}.participants WHERE ${x}.split IS NULL AND ${when}
      ON CONFLICT DO UPDATE SET sessions = sessions + 1, participants = participants + excluded.participants;
    INSERT OR REPLACE INTO rollup_splits (log_id, place, date, form, groups, participants, split)
      SELECT ${x}.id, ${x}.village_id, ${x}.date, ${x}.form, ${x}.groups, ${x}.participants, ${x}.split WHERE ${x}.split IS NOT NULL AND ${when};`;
/** Takes one live log (`x`) away from its rollup rows (a row left at 0 sessions goes); `when` as for {@link addLog}. */
const takeLog = (x: 'NEW' | 'OLD', when = 'true') => `
    UPDATE rollup_month_totals SET sessions = sessions - 1, participants = participants - ${x}.participants
      WHERE ${x}.split IS NULL AND ${when} AND place = ${x}.village_id AND month = ${x}.month AND form = ${x}.form AND groups = ${x}.groups;
    DELETE FROM rollup_month_totals WHERE place = ${x}.village_id AND month = ${x}.month AND form = ${x}.form AND groups = ${x}.groups AND sessions = 0;
    UPDATE rollup_day_totals SET sessions = sessions - 1, participants = participants - ${x}.participants
      WHERE ${x}.split IS NULL AND ${when} AND place = ${x}.village_id AND date = ${x}.date AND form = ${x}.form AND groups = ${x}.groups;
    DELETE FROM rollup_day_totals WHERE place = ${x}.village_id AND date = ${x}.date AND form = ${x}.form AND groups = ${x}.groups AND sessions = 0;
    DELETE FROM rollup_splits WHERE log_id = ${x}.id AND ${when};`;
const keepPath = `
    INSERT INTO rollup_places (place, path) VALUES (NEW.village_id, NEW.place_path)
      ON CONFLICT (place) DO UPDATE SET path = excluded.path WHERE path IS NOT excluded.path;`;
const COUNTED = 'cancelled_at, village_id, date, month, form, groups, participants, split';

/**
 * The rollups follow every write to `logs` inside the same statement, so a
 * log and its counts can never disagree, whoever writes (the repository, a
 * tool, the document view below).
 */
const ROLLUP_TRIGGERS = `
  CREATE TRIGGER logs_place_ins AFTER INSERT ON logs BEGIN ${keepPath} END;
  CREATE TRIGGER logs_place_upd AFTER UPDATE OF village_id, place_path ON logs BEGIN ${keepPath} END;
  CREATE TRIGGER logs_live_ins AFTER INSERT ON logs WHEN NEW.cancelled_at IS NULL BEGIN ${addLog('NEW')} END;
  CREATE TRIGGER logs_live_del AFTER DELETE ON logs WHEN OLD.cancelled_at IS NULL BEGIN ${takeLog('OLD')} END;
  -- One trigger, so the old counts always go before the new ones come (a split log keeps its one row by id).
  CREATE TRIGGER logs_live_upd AFTER UPDATE OF ${COUNTED} ON logs WHEN OLD.cancelled_at IS NULL OR NEW.cancelled_at IS NULL BEGIN
    ${takeLog('OLD', 'OLD.cancelled_at IS NULL')} ${addLog('NEW', 'NEW.cancelled_at IS NULL')}
  END;`;

/** Typed columns from a log document (`src` holds JSON text), for the move and the document view's writes. */
const fromDocument = (src: string) => {
  const at = (p: string) => `json_extract(${src}, '$.${p}')`;
  return [
    at('code'), at('villageId'), `json(${at('placePath')})`, at('date'), at('periods.day'), at('periods.week'), at('periods.month'), at('periods.quarter'), at('periods.year'),
    at('participants'), at('form'), `(SELECT group_concat(g.value, ',') FROM json_each(${src}, '$.groups') g)`,
    `CASE WHEN json_type(${src}, '$.participantsByGroup') = 'object' THEN ${at('participantsByGroup')} END`, at('note'), at('personId'), at('channel'),
    `CAST(${at('channelMessageId')} AS TEXT)`, at('contentKey'), at('createdAt'), at('editedAt'), at('cancelledAt'),
    `CASE WHEN json_type(${src}, '$.history') = 'array' THEN ${at('history')} END`,
  ].join(', ');
};

/**
 * A view of the logs as JSON documents, made by migration 4 for the document
 * layer of that time (its writes land in the typed table, where CHECKs and
 * the rollup triggers apply). Nothing reads it since that layer was deleted;
 * it stays in migration 4 so stores migrate as they always did, and
 * migration 10 drops it.
 */
export const LOGS_DOCUMENT_VIEW = 'logs_documents';
const DOCUMENT_VIEW = `
  CREATE VIEW ${LOGS_DOCUMENT_VIEW} (id, doc) AS SELECT id, json_remove(json_object(
      '_id', id, 'code', code, 'villageId', village_id, 'placePath', json(place_path), 'date', date,
      'periods', json_object('day', day, 'week', week, 'month', month, 'quarter', quarter, 'year', year),
      'participants', participants, 'form', form, 'groups', json('["' || replace(groups, ',', '","') || '"]'),
      'note', note, 'personId', person_id, 'channel', channel, 'channelMessageId', channel_message_id, 'contentKey', content_key,
      'createdAt', created_at, 'editedAt', edited_at, 'cancelledAt', cancelled_at,
      'history', json(history), 'participantsByGroup', json(split)),
      CASE WHEN history IS NULL THEN '$.history' ELSE '$.x_none' END, CASE WHEN split IS NULL THEN '$.participantsByGroup' ELSE '$.x_none' END)
    FROM logs;
  CREATE TRIGGER ${LOGS_DOCUMENT_VIEW}_ins INSTEAD OF INSERT ON ${LOGS_DOCUMENT_VIEW} BEGIN
    INSERT INTO logs (${LOG_COLUMNS.join(', ')}) VALUES (NEW.id, ${fromDocument('NEW.doc')});
  END;
  CREATE TRIGGER ${LOGS_DOCUMENT_VIEW}_upd INSTEAD OF UPDATE ON ${LOGS_DOCUMENT_VIEW} BEGIN
    UPDATE logs SET (${LOG_COLUMNS.slice(1).join(', ')}) = (SELECT ${fromDocument('NEW.doc')}) WHERE id = OLD.id;
  END;
  CREATE TRIGGER ${LOGS_DOCUMENT_VIEW}_del INSTEAD OF DELETE ON ${LOGS_DOCUMENT_VIEW} BEGIN
    DELETE FROM logs WHERE id = OLD.id;
  END;`;

/**
 * Empties the rollup tables and fills them again from the live logs: a GROUP
 * BY in SQL (migration 4, and `loa rollups rebuild` on SQLite).
 */
export function recountRollupsFromLogs(db: MigrationDb): void {
  db.exec(`
    DELETE FROM rollup_month_totals; DELETE FROM rollup_day_totals; DELETE FROM rollup_splits;
    INSERT OR REPLACE INTO rollup_places (place, path) SELECT village_id, place_path FROM logs GROUP BY village_id;
    INSERT INTO rollup_month_totals (place, month, form, groups, sessions, participants)
      SELECT village_id, month, form, groups, count(*), sum(participants) FROM logs WHERE cancelled_at IS NULL AND split IS NULL GROUP BY 1, 2, 3, 4;
    INSERT INTO rollup_day_totals (place, date, form, groups, sessions, participants)
      SELECT village_id, date, form, groups, count(*), sum(participants) FROM logs WHERE cancelled_at IS NULL AND split IS NULL GROUP BY 1, 2, 3, 4;
    INSERT INTO rollup_splits (log_id, place, date, form, groups, participants, split)
      SELECT id, village_id, date, form, groups, participants, split FROM logs WHERE cancelled_at IS NULL AND split IS NOT NULL;`);
}

/** Migration 4's work: the table, the JSON logs moved into it (unreadable ones to the quarantine), triggers, a recount. */
export function typedLogs(db: MigrationDb, old: string | null): void {
  db.exec(CREATE_LOGS);
  if (old) {
    db.exec(`CREATE TABLE IF NOT EXISTS "${QUARANTINE}" (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
    const keep = db.prepare(`INSERT INTO "${QUARANTINE}" (id, doc) VALUES (?, ?)`);
    for (const row of db.prepare(`SELECT id, doc FROM "${old}" WHERE json_valid(doc) = 0`).all() as { id: string; doc: string }[]) {
      const record = quarantineRecord('logs', row.id, row.doc, { reason: 'unreadable' });
      keep.run(record._id, JSON.stringify(record));
    }
    db.exec(`
      INSERT INTO logs (${LOG_COLUMNS.join(', ')}) SELECT id, ${fromDocument('doc')} FROM "${old}" WHERE json_valid(doc);
      DROP TABLE "${old}";
      DROP TABLE IF EXISTS logs__placePath;`);
  }
  db.exec(ROLLUP_TRIGGERS + DOCUMENT_VIEW);
  recountRollupsFromLogs(db);
}

/** Typed log rows whose JSON columns SQLite cannot parse, each as the JSON array of its stored columns (for the quarantine). */
export const UNREADABLE_LOGS = `SELECT id, json_array(${LOG_COLUMNS.join(', ')}) AS doc FROM logs
  WHERE NOT (json_valid(place_path) AND (split IS NULL OR json_valid(split)) AND (history IS NULL OR json_valid(history)))`;
