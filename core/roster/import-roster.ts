import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { PlaceIdSchema, isValidParent, type Place, type PlaceLevel } from '../domain/places';
import { accountOn, LanguageSchema, withAccount, type Person, type Role } from '../domain/people';
import { normalizePhone } from '../domain/phone';
import type { PlacesRepo } from '../repos/places-repo';
import type { PeopleRepo } from '../repos/people-repo';
import type { RosterProblem, RosterProblemDetail } from './roster-problems';
import { writeRoster } from './write-roster';

/** The door of the roster file's `telegram_id` column: a roster may name a person's Telegram account ahead of their first message. */
const ROSTER_TELEGRAM_DOOR = 'telegram';

export type { RosterProblem } from './roster-problems';

/**
 * The roster an officer keeps in a spreadsheet, one row per place or person:
 *
 *   kind,id,name,code,parent,aliases,phone,telegram_id,language,since
 *   commune,ke-sat,Xã Kẻ Sắt,KESAT,hai-phong,,,,,
 *   village,ke-sat.dong,Thôn Đông,DONG,ke-sat,Đông;Dong,,,,
 *   village,ke-sat.moi,Thôn Mới,MOI,ke-sat,,,,,01/07/2026
 *   collaborator,,Nguyễn Văn An,,ke-sat.dong,,0905 123 456,,vi,
 *
 * `since` (optional, places only) is the date a place came into being
 * (`dd/mm/yyyy`, `mm/yyyy` or `yyyy-mm-dd`): plans count it only from then.
 * Left empty, a place counts in every period of a plan.
 * `kind`: province, district, commune, village, collaborator, officer, admin.
 * For people `parent` is the place they serve; `id` may be left empty (derived from the phone).
 */
export const ROSTER_COLUMNS = ['kind', 'id', 'name', 'code', 'parent', 'aliases', 'phone', 'telegram_id', 'language', 'since'] as const;
const OPTIONAL_COLUMNS: readonly string[] = ['telegram_id', 'language', 'aliases', 'since'];

/** `01/07/2026`, `7/2026` (first of the month) or `2026-07-01` → `2026-07-01`; null when not a real date. */
export function readSinceDate(text: string): string | null {
  let y: number, m: number, d: number;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const my = /^(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (my) [d, m, y] = [1, Number(my[1]), Number(my[2])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const PLACE_KINDS = ['province', 'district', 'commune', 'village'] as const;
const PERSON_KINDS = ['collaborator', 'officer', 'admin'] as const;
const ROLE_LEVELS: Record<(typeof PERSON_KINDS)[number], readonly PlaceLevel[]> = {
  collaborator: ['village'],
  officer: ['commune'],
  admin: ['province', 'district', 'commune'],
};

const MAX_NAME = 120;
const MAX_CODE = 20;

const RowSchema = z.object({
  kind: z.enum([...PLACE_KINDS, ...PERSON_KINDS]),
  id: z.string().trim(),
  name: z.string().trim().min(1).max(MAX_NAME),
  code: z.string().trim().max(MAX_CODE),
  parent: z.string().trim(),
  aliases: z.string().trim(),
  phone: z.string().trim(),
  telegram_id: z.string().trim().regex(/^\d*$/),
  language: z.union([LanguageSchema, z.literal('')]),
  since: z.string().trim(),
});

export type RosterImportResult =
  | { ok: true; places: number; people: number }
  | { ok: false; problems: RosterProblem[] };

export interface RosterRepos {
  places: PlacesRepo;
  people: PeopleRepo;
}

/** What an import will write, each record with the file line it comes from: the thing a scope check reads. */
export interface RosterPlan {
  places: Array<{ line: number; place: Place }>;
  people: Array<{ line: number; person: Person }>;
}

/**
 * Reads and checks the whole file against itself and the store, and says what
 * it would write. The plan holds every row that could be read even when there
 * are problems, so an uploader's scope is checked on the same records.
 */
export async function planRoster(csv: string, repos: RosterRepos, now: Date = new Date()): Promise<{ plan: RosterPlan; problems: RosterProblem[] }> {
  const read = readRows(csv);
  if (!read.ok) return { plan: { places: [], people: [] }, problems: read.problems };
  const roster = new RosterCheck(repos, now.toISOString());
  const peopleRows = roster.readPlaces(read.rows);
  await roster.resolvePaths();
  await roster.checkCodes();
  const people = await roster.readPeople(peopleRows);
  return { plan: { places: roster.placesWithLines(), people }, problems: [...roster.problems].sort((a, b) => a.line - b.line) };
}

/**
 * Validates the whole file first (every row, references between rows and to
 * what is already stored, unique phones, chat ids and codes) and writes
 * nothing unless all of it is good. Writes are upserts by id, so importing the
 * same file again is safe.
 */
export async function importRoster(csv: string, repos: RosterRepos, now: Date = new Date()): Promise<RosterImportResult> {
  const { plan, problems } = await planRoster(csv, repos, now);
  if (problems.length > 0) return { ok: false, problems };
  return writeRoster(plan, repos);
}

type RawRow = { line: number; raw: Record<string, string> };

/** The file's rows by line, as the import reads them (none when the file cannot be read): a page names a refused row by them. */
export function rosterRowsByLine(csv: string): Map<number, Record<string, string>> {
  const read = readRows(csv);
  return new Map(read.ok ? read.rows.map((r) => [r.line, r.raw]) : []);
}
type Row = { line: number; row: z.infer<typeof RowSchema> };

/** The CSV's rows by column name, with their file line numbers; a missing required column refuses the file. */
function readRows(csv: string): { ok: true; rows: RawRow[] } | { ok: false; problems: RosterProblem[] } {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    const { lines, code } = error as { lines?: number; code?: string };
    return { ok: false, problems: [{ line: lines ?? 0, code: 'unreadable_csv', values: { reason: code?.includes('QUOTE') ? 'quote' : 'other' } }] };
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  // A name twice would let two readers of the file read two different rows (a scope check one, the import the other).
  const twice = [...new Set(header.filter((h, i) => h !== '' && header.indexOf(h) !== i))];
  if (twice.length > 0) return { ok: false, problems: [{ line: 1, code: 'duplicate_columns', values: { columns: twice.join(', ') } }] };
  const missing = ROSTER_COLUMNS.filter((c) => !header.includes(c) && !OPTIONAL_COLUMNS.includes(c));
  if (missing.length > 0) return { ok: false, problems: [{ line: 1, code: 'missing_columns', values: { columns: missing.join(', ') } }] };
  const rows = records.slice(1).map((cells, i) => {
    const raw: Record<string, string> = {};
    header.forEach((h, j) => (raw[h] = cells[j] ?? ''));
    for (const c of ROSTER_COLUMNS) raw[c] ??= '';
    raw.kind = (raw.kind ?? '').toLowerCase();
    return { line: i + 2, raw };
  });
  return { ok: true, rows };
}

/** The checks of one import, in order: places, their paths and codes, then people. Collects every problem. */
class RosterCheck {
  readonly problems: RosterProblem[] = [];
  readonly places = new Map<string, Place>();
  private readonly placeLines = new Map<string, number>();
  private readonly stored = new Map<string, Place | null>();

  constructor(
    private readonly repos: RosterRepos,
    private readonly createdAt: string,
  ) {}

  /** Notes a problem; null, for the callers that give up on the row. */
  private problem(line: number, detail: RosterProblemDetail): null {
    this.problems.push({ line, ...detail });
    return null;
  }

  /** Takes the place rows; returns the people rows for later, once every place is known. */
  readPlaces(rows: RawRow[]): Row[] {
    const peopleRows: Row[] = [];
    for (const { line, raw } of rows) {
      const parsed = RowSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) this.problem(line, fieldProblem(String(issue.path[0]), raw));
        continue;
      }
      if ((PLACE_KINDS as readonly string[]).includes(parsed.data.kind)) this.readPlace(line, parsed.data);
      else peopleRows.push({ line, row: parsed.data });
    }
    return peopleRows;
  }

  private readPlace(line: number, row: Row['row']): Place | null {
    const id = PlaceIdSchema.safeParse(row.id);
    if (!id.success) return this.problem(line, { code: 'place_id_invalid', values: { value: row.id } });
    if (this.places.has(id.data)) return this.problem(line, { code: 'place_id_twice', values: { id: id.data, first: this.placeLines.get(id.data)! } });
    const since = row.since ? readSinceDate(row.since) : undefined;
    if (since === null) return this.problem(line, { code: 'since_invalid', values: { value: row.since } });
    const place: Place = {
      _id: id.data,
      level: row.kind as PlaceLevel,
      name: row.name,
      code: (row.code || id.data.split('.').pop()!).toUpperCase(),
      aliases: row.aliases ? row.aliases.split(';').map((a) => a.trim()).filter(Boolean) : [],
      parentId: row.parent || null,
      path: [],
      createdAt: this.createdAt,
      ...(since ? { since } : {}),
    };
    this.placeLines.set(id.data, line);
    this.places.set(id.data, place);
    return place;
  }

  /** A place by id: the file's first, then the store's. */
  private async lookup(id: string): Promise<Place | null> {
    if (this.places.has(id)) return this.places.get(id)!;
    if (!this.stored.has(id)) this.stored.set(id, await this.repos.places.get(id));
    return this.stored.get(id)!;
  }

  /** The place's path from the root, or why there is none. */
  private async pathOf(place: Place, seen: Set<string>): Promise<string[] | RosterProblemDetail> {
    if (place.path.length > 0) return place.path;
    if (!place.parentId) return [place._id];
    if (seen.has(place._id)) return { code: 'parent_cycle', values: { id: place._id } };
    seen.add(place._id);
    const parent = await this.lookup(place.parentId);
    if (!parent) return { code: 'parent_unknown', values: { parent: place.parentId } };
    if (!isValidParent(place.level, parent.level)) return { code: 'parent_wrong_level', values: { level: place.level, parent: parent._id, parentLevel: parent.level } };
    const parentPath = await this.pathOf(parent, seen);
    if (!Array.isArray(parentPath)) return parentPath;
    return [...parentPath, place._id];
  }

  /** Resolves parents and paths, against the file first, then the store. */
  async resolvePaths(): Promise<void> {
    for (const place of this.places.values()) {
      const line = this.placeLines.get(place._id)!;
      if (!place.parentId && !isValidParent(place.level, null)) {
        this.problem(line, { code: 'parent_required', values: { level: place.level } });
        continue;
      }
      const path = await this.pathOf(place, new Set());
      if (!Array.isArray(path)) this.problem(line, path);
      else place.path = path;
    }
  }

  /** A code is unique among its siblings: those of the file, and those already stored that the file leaves alone. */
  async checkCodes(): Promise<void> {
    const codes = new Map<string, number>();
    for (const place of this.places.values()) {
      const key = `${place.parentId}|${place.code}`;
      const line = this.placeLines.get(place._id)!;
      if (codes.has(key)) {
        this.problem(line, { code: 'code_taken', values: { code: place.code, parent: place.parentId ?? '', first: codes.get(key)! } });
        continue;
      }
      codes.set(key, line);
      const siblings = place.parentId ? await this.repos.places.children(place.parentId) : await this.repos.places.roots();
      const clash = siblings.find((s) => s.code === place.code && s._id !== place._id && !this.places.has(s._id));
      if (clash) this.problem(line, { code: 'code_taken_stored', values: { code: place.code, parent: place.parentId ?? '', id: clash._id } });
    }
  }

  /**
   * The stored person's accounts with the row's Telegram id on the Telegram
   * door (their other doors kept); undefined when it is there already, so the
   * upsert leaves every account as it is. A row without the column names no
   * account, and the upsert keeps the linked ones.
   */
  private async accountsWith(stored: Person | null, telegramId: string): Promise<Person['accounts']> {
    if (accountOn(stored ?? {}, ROSTER_TELEGRAM_DOOR)?.id === telegramId) return undefined;
    return withAccount(stored?.accounts, ROSTER_TELEGRAM_DOOR, telegramId);
  }

  /** The file's places, each with its line. */
  placesWithLines(): RosterPlan['places'] {
    return [...this.places.values()].map((place) => ({ line: this.placeLines.get(place._id)!, place }));
  }

  async readPeople(rows: Row[]): Promise<RosterPlan['people']> {
    const people: RosterPlan['people'] = [];
    const phones = new Map<string, number>();
    const telegramIds = new Map<number, number>();
    for (const { line, row } of rows) {
      const contact = this.contactOf(line, row, phones, telegramIds);
      if (!contact) continue;
      const person = await this.personOf(line, row, contact);
      if (person) people.push({ line, person });
    }
    return people;
  }

  /** The row's phone (normalised) and Telegram id, each unique in the file; at least one is needed. */
  private contactOf(line: number, row: Row['row'], phones: Map<string, number>, telegramIds: Map<number, number>): { phone?: string; telegramId?: number } | null {
    let phone: string | undefined;
    if (row.phone) {
      const normalized = normalizePhone(row.phone);
      if (!normalized.ok) return this.problem(line, { code: 'phone_invalid', values: { value: row.phone } });
      phone = normalized.e164;
      if (phones.has(phone)) return this.problem(line, { code: 'phone_twice', values: { phone, first: phones.get(phone)! } });
      phones.set(phone, line);
    }
    const telegramId = row.telegram_id ? Number(row.telegram_id) : undefined;
    if (telegramId !== undefined) {
      if (telegramIds.has(telegramId)) return this.problem(line, { code: 'telegram_id_twice', values: { telegramId, first: telegramIds.get(telegramId)! } });
      telegramIds.set(telegramId, line);
    }
    if (!phone && telegramId === undefined) return this.problem(line, { code: 'contact_missing', values: {} });
    return { ...(phone ? { phone } : {}), ...(telegramId !== undefined ? { telegramId } : {}) };
  }

  /** The person of a row, keeping what the store already knows about them (reminders off, last door, creation). */
  private async personOf(line: number, row: Row['row'], contact: { phone?: string; telegramId?: number }): Promise<Person | null> {
    const kind = row.kind as (typeof PERSON_KINDS)[number];
    const place = row.parent ? await this.lookup(row.parent) : null;
    if (!place) return this.problem(line, { code: 'person_place_unknown', values: { kind, value: row.parent } });
    if (!ROLE_LEVELS[kind].includes(place.level)) {
      return this.problem(line, { code: 'person_wrong_level', values: { kind, levels: [...ROLE_LEVELS[kind]], place: place._id, level: place.level } });
    }
    const { phone, telegramId } = contact;
    const id = row.id || (phone ? `p${phone.slice(1)}` : `tg${telegramId}`);
    const role: Role = { kind, placeId: place._id };
    const placePath = place.path.length > 0 ? place.path : await this.pathOf(place, new Set());
    if (!Array.isArray(placePath)) return null;
    const existing = phone ? await this.repos.people.findByPhone(phone) : null;
    if (existing && existing._id !== id) return this.problem(line, { code: 'phone_taken', values: { phone: phone!, name: existing.name, id: existing._id } });
    // Another person's chat id: the unique index would refuse it mid-write; said here, and without naming who has it.
    const chatOwner = telegramId !== undefined ? await this.repos.people.findByAccount(ROSTER_TELEGRAM_DOOR, String(telegramId)) : null;
    if (chatOwner && chatOwner._id !== id) return this.problem(line, { code: 'telegram_id_taken', values: { telegramId: telegramId! } });
    const accounts = telegramId !== undefined ? await this.accountsWith(existing ?? (await this.repos.people.get(id)), String(telegramId)) : undefined;
    return {
      _id: id,
      name: row.name,
      role,
      placePath,
      ...(phone ? { phone } : {}),
      ...(accounts ? { accounts } : {}),
      lng: row.language || 'vi',
      remindersOff: existing?.remindersOff ?? false,
      ...(existing?.lastChannel ? { lastChannel: existing.lastChannel } : {}),
      createdAt: existing?.createdAt ?? this.createdAt,
    };
  }
}

/** A row's column that failed the schema, as its problem (the row's own value shown where it helps). */
function fieldProblem(column: string, raw: Record<string, string>): RosterProblemDetail {
  const value = (raw[column] ?? '').trim();
  if (column === 'kind') return { code: 'bad_kind', values: { value } };
  if (column === 'name') return value ? { code: 'too_long', values: { column, max: MAX_NAME } } : { code: 'name_missing', values: {} };
  if (column === 'code') return { code: 'too_long', values: { column, max: MAX_CODE } };
  if (column === 'telegram_id') return { code: 'telegram_id_digits', values: { value } };
  return { code: 'bad_language', values: { value } };
}
