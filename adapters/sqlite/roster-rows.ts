/**
 * The roster's row shapes on SQLite (migration 7) and the one mapping each
 * way between them and the domain's places, people (with their chat
 * accounts) and plans. Repositories and the migration both go through these
 * functions; a person's `accounts` (one per door) are rows of `person_accounts`.
 *
 * Paths are stored materialised, `/root/child/…/self/`: every place id is a
 * slug without `/` ({@link PlaceIdSchema}), so "everything under X" is the
 * index range `[X.path, X.path with its last '/' turned into '0')`.
 */
import type { Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';
import type { Plan } from '../../core/plans/plan-schema';
import type { StoredPlan } from '../../core/plans/plans-repo';

/** `['a', 'b']` → `/a/b/`. */
export const encodePath = (ids: readonly string[]): string => `/${ids.join('/')}/`;
/** `/a/b/` → `['a', 'b']`. */
export const decodePath = (path: string): string[] => path.slice(1, -1).split('/');
/** The exclusive upper bound of the paths under `path` (`/a/` → `/a0`: '0' is the character after '/'). */
export const pathEnd = (path: string): string => `${path.slice(0, -1)}0`;

export interface PlaceRow {
  id: string;
  parent: string | null;
  level: string;
  code: string;
  name: string;
  aliases: string;
  path: string;
  created_at: string;
  since: string | null;
  data_begins: string | null;
}

export const PLACE_COLUMNS = ['id', 'parent', 'level', 'code', 'name', 'aliases', 'path', 'created_at', 'since', 'data_begins'] as const;

export function placeToRow(place: Place): PlaceRow {
  return {
    id: place._id, parent: place.parentId, level: place.level, code: place.code, name: place.name, aliases: JSON.stringify(place.aliases ?? []),
    path: encodePath(place.path), created_at: place.createdAt, since: place.since ?? null, data_begins: place.dataBegins ?? null,
  };
}

/** Throws (a SyntaxError) only when a JSON column no longer parses: the caller quarantines the row. */
export function placeFromRow(row: PlaceRow): Place {
  return {
    _id: row.id, level: row.level as Place['level'], name: row.name, code: row.code, aliases: JSON.parse(row.aliases) as string[],
    parentId: row.parent, path: decodePath(row.path), createdAt: row.created_at,
    ...(row.since === null ? {} : { since: row.since }), ...(row.data_begins === null ? {} : { dataBegins: row.data_begins }),
  };
}

export interface PersonRow {
  id: string;
  name: string;
  role_kind: string;
  role_place: string;
  place_path: string;
  phone: string | null;
  lng: string;
  reminders_off: number;
  last_channel: string | null;
  created_at: string;
  /** Fields of the person with no column of their own, as a JSON object. */
  extra: string;
}

export const PERSON_COLUMNS = ['id', 'name', 'role_kind', 'role_place', 'place_path', 'phone', 'lng', 'reminders_off', 'last_channel', 'created_at', 'extra'] as const;

/** One chat account of a person: `door` names the door (`telegram`, `zalo`, …), `account_id` its id there, as text. */
export interface AccountRow {
  door: string;
  account_id: string;
  blocked_at: string | null;
}

const COLUMN_FIELDS = new Set(['_id', 'name', 'role', 'placePath', 'phone', 'lng', 'remindersOff', 'lastChannel', 'createdAt', 'accounts']);

export function personToRows(person: Person): { person: PersonRow; accounts: AccountRow[] } {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(person)) if (!COLUMN_FIELDS.has(key) && value !== undefined) extra[key] = value;
  return {
    person: {
      id: person._id, name: person.name, role_kind: person.role.kind, role_place: person.role.placeId, place_path: encodePath(person.placePath),
      phone: person.phone ?? null, lng: person.lng ?? 'vi', reminders_off: person.remindersOff ? 1 : 0, last_channel: person.lastChannel ?? null,
      created_at: person.createdAt, extra: JSON.stringify(extra),
    },
    accounts: (person.accounts ?? []).map((a) => ({ door: a.door, account_id: a.id, blocked_at: a.blockedAt ?? null })),
  };
}

/** Throws (a SyntaxError) only when a JSON column no longer parses: the caller quarantines the row. Accounts come back in the order they were linked. */
export function personFromRows(row: PersonRow, accounts: readonly AccountRow[]): Person {
  const person: Record<string, unknown> = {
    _id: row.id, name: row.name, role: { kind: row.role_kind, placeId: row.role_place }, placePath: decodePath(row.place_path),
    ...(row.phone === null ? {} : { phone: row.phone }), lng: row.lng, remindersOff: Number(row.reminders_off) === 1,
    ...(row.last_channel === null ? {} : { lastChannel: row.last_channel }), createdAt: row.created_at,
    ...(JSON.parse(row.extra) as Record<string, unknown>),
  };
  if (accounts.length > 0) {
    person['accounts'] = accounts.map((a) => ({ door: a.door, id: a.account_id, ...(a.blocked_at === null ? {} : { blockedAt: a.blocked_at }) }));
  }
  return person as Person;
}

export interface PlanRow {
  id: string;
  place: string;
  place_path: string;
  plan: string;
  updated_at: string;
}

export function planToRow(stored: Pick<StoredPlan, '_id' | 'placeId' | 'placePath' | 'plan' | 'updatedAt'>): PlanRow {
  return { id: stored._id, place: stored.placeId, place_path: encodePath(stored.placePath), plan: JSON.stringify(stored.plan), updated_at: stored.updatedAt };
}

export function planFromRow(row: PlanRow): StoredPlan {
  return { _id: row.id, placeId: row.place, placePath: decodePath(row.place_path), plan: JSON.parse(row.plan) as Plan, updatedAt: row.updated_at };
}
