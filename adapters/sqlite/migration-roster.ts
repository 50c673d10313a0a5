/**
 * Migration 7: places, people (with their chat accounts) and plans as typed
 * tables. Kept apart from migrations.ts (which lists it) for size. Paths are
 * materialised text (`/root/…/self/`, see roster-rows.ts) with an index, so a
 * subtree is one index range; what is never queried (aliases, a plan's
 * targets, a person's other fields) stays JSON.
 *
 * Foreign keys: SQLite enforces them only with `PRAGMA foreign_keys`, which
 * the store does not turn on (no other table declares any); the one that is
 * true and matters, an account belongs to a person, is declared and kept by
 * a trigger (a person deleted takes their accounts). A person's place and a
 * place's parent are not keys: a roster import writes them in its own order
 * and removes places only to undo itself.
 */
import { accountsFromLegacy, LEGACY_ACCOUNT_FIELDS, PersonSchema } from '../../core/domain/people';
import { PlaceSchema } from '../../core/domain/places';
import { quarantineRecord, QUARANTINE, type RecordProblem } from '../store/record-check';
import type { MigrationDb } from './migrations';
import { ISO_DATE } from './migration-logs';
import { PERSON_COLUMNS, personToRows, PLACE_COLUMNS, placeToRow, planToRow } from './roster-rows';

/** The roster's typed tables (migration 7). */
export const ROSTER_TABLES = ['places', 'people', 'person_accounts', 'plans'] as const;

/** Text that is a materialised path (`/a/b/`) ending with `id`. */
const PATH_OF = (path: string, id: string) => `${path} GLOB '/?*/' AND substr(${path}, -length(${id}) - 2) = '/' || ${id} || '/'`;

const CREATE = `
  CREATE TABLE places (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 120 AND id NOT GLOB '*[^a-z0-9._-]*'),
    parent TEXT,
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'village')),
    code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    aliases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
    -- Root first, itself last: '/hai-phong/ke-sat/'. The parent, when there is one, is in it.
    path TEXT NOT NULL CHECK (${PATH_OF('path', 'id')} AND (parent IS NULL OR instr(path, '/' || parent || '/' || id || '/') > 0)),
    created_at TEXT NOT NULL,
    since TEXT CHECK (since IS NULL OR ${ISO_DATE('since')}),
    data_begins TEXT CHECK (data_begins IS NULL OR ${ISO_DATE('data_begins')})
  ) STRICT;
  CREATE UNIQUE INDEX places_parent_code_unique ON places (parent, code);
  CREATE INDEX places_path ON places (path);
  CREATE INDEX places_level_path ON places (level, path);
  CREATE INDEX places_parent_name ON places (parent, name);

  CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) >= 1),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    role_kind TEXT NOT NULL CHECK (role_kind IN ('collaborator', 'officer', 'admin')),
    role_place TEXT NOT NULL,
    -- The path of the role's place, copied (as on MongoDB) so a subtree's people need no join.
    place_path TEXT NOT NULL CHECK (${PATH_OF('place_path', 'role_place')}),
    phone TEXT CHECK (phone IS NULL OR (phone GLOB '+[1-9]*' AND substr(phone, 2) NOT GLOB '*[^0-9]*' AND length(phone) BETWEEN 8 AND 16)),
    lng TEXT NOT NULL CHECK (lng IN ('vi', 'en')),
    reminders_off INTEGER NOT NULL CHECK (reminders_off IN (0, 1)),
    last_channel TEXT,
    created_at TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra) AND json_type(extra) = 'object')
  ) STRICT;
  CREATE UNIQUE INDEX people_phone_unique ON people (phone) WHERE phone IS NOT NULL;
  -- Covers "the staffed places under X" (people.staffedPlaceIds).
  CREATE INDEX people_path_place ON people (place_path, role_place);
  CREATE INDEX people_place_kind ON people (role_place, role_kind);
  CREATE INDEX people_kind_path ON people (role_kind, place_path);

  -- Chat accounts, one per person and door; an account is one person's (a second link is a duplicate key).
  CREATE TABLE person_accounts (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    door TEXT NOT NULL CHECK (length(door) BETWEEN 1 AND 40),
    account_id TEXT NOT NULL CHECK (length(account_id) BETWEEN 1 AND 100),
    blocked_at TEXT,
    PRIMARY KEY (person_id, door),
    UNIQUE (door, account_id)
  ) STRICT; -- a rowid table: its rowid keeps the order the accounts were linked in
  CREATE TRIGGER people_accounts_del AFTER DELETE ON people BEGIN
    DELETE FROM person_accounts WHERE person_id = OLD.id;
  END;

  CREATE TABLE plans (
    id TEXT PRIMARY KEY NOT NULL,
    place TEXT NOT NULL,
    place_path TEXT NOT NULL CHECK (${PATH_OF('place_path', 'place')}),
    -- The validated plan file, whole; its id and place are the row's.
    plan TEXT NOT NULL CHECK (CASE WHEN json_valid(plan) THEN json_type(plan) = 'object' AND json_extract(plan, '$.id') = id AND json_extract(plan, '$.place') = place ELSE 0 END),
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX plans_place ON plans (place);
  CREATE INDEX plans_path ON plans (place_path);`;

/**
 * Roster rows whose JSON column SQLite cannot parse (a flipped byte breaks
 * its CHECK, and the open's quick_check names the table), each as the JSON
 * array of its stored columns, for the quarantine.
 */
export const UNREADABLE_ROSTER: Readonly<Record<string, string>> = {
  places: `SELECT id, json_array(${PLACE_COLUMNS.join(', ')}) AS doc FROM places WHERE NOT json_valid(aliases)`,
  people: `SELECT id, json_array(${PERSON_COLUMNS.join(', ')}) AS doc FROM people WHERE NOT json_valid(extra)`,
  plans: `SELECT id, json_array(id, place, place_path, plan, updated_at) AS doc FROM plans WHERE NOT json_valid(plan)`,
};

export const INSERT_PLACE = `INSERT INTO places (${PLACE_COLUMNS.join(', ')}) VALUES (${PLACE_COLUMNS.map((c) => `:${c}`).join(', ')})`;
export const INSERT_PERSON = `INSERT INTO people (${PERSON_COLUMNS.join(', ')}) VALUES (${PERSON_COLUMNS.map((c) => `:${c}`).join(', ')})`;
export const INSERT_ACCOUNT = 'INSERT INTO person_accounts (person_id, door, account_id, blocked_at) VALUES (?, ?, ?, ?)';
export const INSERT_PLAN = 'INSERT INTO plans (id, place, place_path, plan, updated_at) VALUES (:id, :place, :place_path, :plan, :updated_at)';

/** Migration 7's work: the tables, then each JSON row of an older store moved in (one that cannot be, to the quarantine). */
export function typedRoster(db: MigrationDb, asides: { places: string | null; people: string | null; plans: string | null }): void {
  db.exec(CREATE);
  const move = (aside: string | null, table: string, put: (doc: Record<string, unknown>) => void): void => {
    if (!aside) return;
    db.exec(`CREATE TABLE IF NOT EXISTS "${QUARANTINE}" (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
    const keep = db.prepare(`INSERT OR REPLACE INTO "${QUARANTINE}" (id, doc) VALUES (?, ?)`);
    for (const row of db.prepare(`SELECT id, doc FROM "${aside}"`).all() as { id: string; doc: string }[]) {
      let problem: RecordProblem | null = null;
      try {
        const doc = JSON.parse(row.doc) as Record<string, unknown>;
        if (doc._id !== row.id) problem = { reason: 'wrong-id' };
        else put(doc);
      } catch (error) {
        problem = error instanceof SyntaxError ? { reason: 'unreadable' } : { reason: 'invalid', fields: [error instanceof Error ? error.message.slice(0, 200) : 'row'] };
      }
      if (problem) {
        const record = quarantineRecord(table, row.id, row.doc, problem);
        keep.run(record._id, JSON.stringify(record));
      }
    }
    db.exec(`DROP TABLE "${aside}"`);
  };
  const place = db.prepare(INSERT_PLACE);
  const person = db.prepare(INSERT_PERSON);
  const account = db.prepare(INSERT_ACCOUNT);
  const plan = db.prepare(INSERT_PLAN);
  move(asides.places, 'places', (doc) => void place.run(placeToRow(checked(PlaceSchema, doc))));
  move(asides.people, 'people', (doc) => {
    // Before accounts (Loa 0.1 and af354c5): telegramId/zaloId fields, read as accounts.
    const legacy = accountsFromLegacy(doc);
    const current = legacy ? { ...Object.fromEntries(Object.entries(doc).filter(([k]) => !(LEGACY_ACCOUNT_FIELDS as readonly string[]).includes(k))), accounts: legacy } : doc;
    const rows = personToRows(checked(PersonSchema, current));
    person.run(rows.person);
    for (const a of rows.accounts) account.run(rows.person.id, a.door, a.account_id, a.blocked_at);
  });
  move(asides.plans, 'plans', (doc) => {
    const { _id, placeId, placePath, plan: body, updatedAt } = doc as { _id: string; placeId: string; placePath: string[]; plan: { id: string }; updatedAt: string };
    if (typeof placeId !== 'string' || !Array.isArray(placePath) || typeof body !== 'object' || body === null) throw new Error('placeId, placePath or plan');
    plan.run(planToRow({ _id, placeId, placePath, plan: body as never, updatedAt: String(updatedAt) }));
  });
  // The document layer's element tables for the old arrays (their triggers went with the old tables).
  for (const old of ['places__path', 'people__placePath', 'plans__placePath']) db.exec(`DROP TABLE IF EXISTS "${old}"`);
}

/** The document, as the schema reads it, or an error naming the failing fields (never their values). */
function checked<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[] }[] } } }, doc: unknown): T {
  const parsed = schema.safeParse(doc);
  if (!parsed.success) throw new Error([...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(record)'))].slice(0, 5).join(', '));
  return parsed.data;
}
