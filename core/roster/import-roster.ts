import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { PlaceIdSchema, isValidParent, type Place, type PlaceLevel } from '../domain/places';
import { LanguageSchema, type Person, type Role } from '../domain/people';
import { normalizePhone } from '../domain/phone';
import type { PlacesRepo } from '../repos/places-repo';
import type { PeopleRepo } from '../repos/people-repo';

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

const RowSchema = z.object({
  kind: z.enum([...PLACE_KINDS, ...PERSON_KINDS]),
  id: z.string().trim(),
  name: z.string().trim().min(1, 'name is required').max(120),
  code: z.string().trim().max(20),
  parent: z.string().trim(),
  aliases: z.string().trim(),
  phone: z.string().trim(),
  telegram_id: z.string().trim().regex(/^\d*$/, 'telegram_id must be digits'),
  language: z.union([LanguageSchema, z.literal('')]),
  since: z.string().trim(),
});

export interface RosterProblem {
  line: number;
  message: string;
}

export type RosterImportResult =
  | { ok: true; places: number; people: number }
  | { ok: false; problems: RosterProblem[] };

export interface RosterRepos {
  places: PlacesRepo;
  people: PeopleRepo;
}

/**
 * Validates the whole file first (every row, references between rows and to
 * what is already stored, unique phones) and writes nothing unless all of it
 * is good. Writes are upserts by id, so importing the same file again is safe.
 */
export async function importRoster(csv: string, repos: RosterRepos, now: Date = new Date()): Promise<RosterImportResult> {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    return { ok: false, problems: [{ line: (error as { lines?: number }).lines ?? 0, message: `not a readable CSV: ${(error as Error).message}` }] };
  }
  const problems: RosterProblem[] = [];
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const missing = ROSTER_COLUMNS.filter((c) => !header.includes(c) && !OPTIONAL_COLUMNS.includes(c));
  if (missing.length > 0) return { ok: false, problems: [{ line: 1, message: `missing column(s): ${missing.join(', ')}` }] };

  const createdAt = now.toISOString();
  const places = new Map<string, Place>();
  const placeLines = new Map<string, number>();
  const peopleRows: { line: number; row: z.infer<typeof RowSchema> }[] = [];

  const rows = records.slice(1).map((cells, i) => {
    const raw: Record<string, string> = {};
    header.forEach((h, j) => (raw[h] = cells[j] ?? ''));
    for (const c of ROSTER_COLUMNS) raw[c] ??= '';
    raw.kind = (raw.kind ?? '').toLowerCase();
    return { line: i + 2, raw };
  });

  for (const { line, raw } of rows) {
    const parsed = RowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line, message: `${issue.path.join('.')}: ${issue.message}` });
      continue;
    }
    const row = parsed.data;
    if ((PLACE_KINDS as readonly string[]).includes(row.kind)) {
      const id = PlaceIdSchema.safeParse(row.id);
      if (!id.success) {
        problems.push({ line, message: `id: a place needs an id of lowercase letters, digits, ".", "_" or "-" (got "${row.id}")` });
        continue;
      }
      if (places.has(id.data)) {
        problems.push({ line, message: `id: ${id.data} appears twice (first on line ${placeLines.get(id.data)})` });
        continue;
      }
      const since = row.since ? readSinceDate(row.since) : undefined;
      if (since === null) {
        problems.push({ line, message: `since: "${row.since}" is not a date such as 01/07/2026` });
        continue;
      }
      placeLines.set(id.data, line);
      places.set(id.data, {
        _id: id.data,
        level: row.kind as PlaceLevel,
        name: row.name,
        code: (row.code || id.data.split('.').pop()!).toUpperCase(),
        aliases: row.aliases ? row.aliases.split(';').map((a) => a.trim()).filter(Boolean) : [],
        parentId: row.parent || null,
        path: [],
        createdAt,
        ...(since ? { since } : {}),
      });
    } else {
      peopleRows.push({ line, row });
    }
  }

  // Resolve parents and paths, against the file first, then the store.
  const stored = new Map<string, Place | null>();
  const lookup = async (id: string): Promise<Place | null> => {
    if (places.has(id)) return places.get(id)!;
    if (!stored.has(id)) stored.set(id, await repos.places.get(id));
    return stored.get(id)!;
  };
  const resolvePath = async (place: Place, seen: Set<string>): Promise<string[] | string> => {
    if (place.path.length > 0) return place.path;
    if (!place.parentId) return [place._id];
    if (seen.has(place._id)) return `a cycle through ${place._id}`;
    seen.add(place._id);
    const parent = await lookup(place.parentId);
    if (!parent) return `parent ${place.parentId} is neither in the file nor already stored`;
    if (!isValidParent(place.level, parent.level)) return `a ${place.level} cannot sit under a ${parent.level} (${parent._id})`;
    const parentPath = await resolvePath(parent, seen);
    if (typeof parentPath === 'string') return parentPath;
    return [...parentPath, place._id];
  };
  for (const place of places.values()) {
    if (!place.parentId && !isValidParent(place.level, null)) {
      problems.push({ line: placeLines.get(place._id)!, message: `parent: a ${place.level} needs a parent` });
      continue;
    }
    const path = await resolvePath(place, new Set());
    if (typeof path === 'string') problems.push({ line: placeLines.get(place._id)!, message: `parent: ${path}` });
    else place.path = path;
  }
  const codes = new Map<string, number>();
  for (const place of places.values()) {
    const key = `${place.parentId}|${place.code}`;
    if (codes.has(key)) problems.push({ line: placeLines.get(place._id)!, message: `code: ${place.code} is already used under ${place.parentId} (line ${codes.get(key)})` });
    else codes.set(key, placeLines.get(place._id)!);
  }

  const people: Person[] = [];
  const phones = new Map<string, number>();
  const telegramIds = new Map<number, number>();
  for (const { line, row } of peopleRows) {
    const kind = row.kind as (typeof PERSON_KINDS)[number];
    const place = row.parent ? await lookup(row.parent) : null;
    if (!place) {
      problems.push({ line, message: `parent: ${kind} needs the id of a place in the file or already stored (got "${row.parent}")` });
      continue;
    }
    if (!ROLE_LEVELS[kind].includes(place.level)) {
      problems.push({ line, message: `parent: a ${kind} serves a ${ROLE_LEVELS[kind].join(' or ')}, ${place._id} is a ${place.level}` });
      continue;
    }
    let phone: string | undefined;
    if (row.phone) {
      const normalized = normalizePhone(row.phone);
      if (!normalized.ok) {
        problems.push({ line, message: `phone: "${row.phone}" is not a phone number` });
        continue;
      }
      phone = normalized.e164;
      if (phones.has(phone)) {
        problems.push({ line, message: `phone: ${phone} is already on line ${phones.get(phone)}` });
        continue;
      }
      phones.set(phone, line);
    }
    const telegramId = row.telegram_id ? Number(row.telegram_id) : undefined;
    if (telegramId !== undefined) {
      if (telegramIds.has(telegramId)) {
        problems.push({ line, message: `telegram_id: ${telegramId} is already on line ${telegramIds.get(telegramId)}` });
        continue;
      }
      telegramIds.set(telegramId, line);
    }
    if (!phone && telegramId === undefined) {
      problems.push({ line, message: 'phone: a person needs a phone number or a telegram_id' });
      continue;
    }
    const id = row.id || (phone ? `p${phone.slice(1)}` : `tg${telegramId}`);
    const role: Role = { kind, placeId: place._id };
    const placePath = place.path.length > 0 ? place.path : (await resolvePath(place, new Set()));
    if (typeof placePath === 'string') continue;
    const existing = phone ? await repos.people.findByPhone(phone) : null;
    if (existing && existing._id !== id) {
      problems.push({ line, message: `phone: ${phone} already belongs to ${existing.name} (${existing._id})` });
      continue;
    }
    people.push({
      _id: id,
      name: row.name,
      role,
      placePath,
      ...(phone ? { phone } : {}),
      ...(telegramId !== undefined ? { telegramId } : {}),
      lng: row.language || 'vi',
      remindersOff: existing?.remindersOff ?? false,
      ...(existing?.lastChannel ? { lastChannel: existing.lastChannel } : {}),
      createdAt: existing?.createdAt ?? createdAt,
    });
  }

  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  // Parents before children, so a crash mid-import never leaves an orphan.
  const ordered = [...places.values()].sort((a, b) => a.path.length - b.path.length);
  for (const place of ordered) await repos.places.upsert(place);
  for (const person of people) await repos.people.upsert(person);
  return { ok: true, places: places.size, people: people.length };
}
