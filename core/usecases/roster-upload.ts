import { parse } from 'csv-parse/sync';
import type { Person } from '../domain/people';
import { maskPhone, normalizePhone } from '../domain/phone';
import type { Place } from '../domain/places';
import { importRoster, type RosterImportResult, type RosterProblem } from '../roster/import-roster';
import type { Repositories } from './context';

export type RosterUploadResult = RosterImportResult | { ok: false; reason: 'not_staff' };

const PLACE_KINDS = new Set(['province', 'district', 'commune', 'village']);

/**
 * A roster file uploaded from the web by an officer (for their commune) or an
 * admin (for their subtree). Every row must land inside the uploader's place:
 * a place's parent, a person's place, and any place or person the row would
 * overwrite; officers add places and collaborators, only admins add officers
 * and admins. Rows outside are listed with their line numbers and nothing is
 * written; the rest is the CLI's all-or-nothing import, unchanged.
 */
export async function uploadRoster(repos: Pick<Repositories, 'places' | 'people'>, request: { viewer: Person; csv: string; now: Date }): Promise<RosterUploadResult> {
  const { viewer } = request;
  if (viewer.role.kind !== 'officer' && viewer.role.kind !== 'admin') return { ok: false, reason: 'not_staff' };
  const scope = viewer.role.placeId;
  let records: string[][];
  try {
    records = parse(request.csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch {
    return importRoster(request.csv, repos, request.now); // the import reports the unreadable CSV itself
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const col = (cells: string[], name: string): string => cells[header.indexOf(name)] ?? '';
  const rows = records.slice(1).map((cells, i) => ({ line: i + 2, kind: col(cells, 'kind').toLowerCase(), id: col(cells, 'id'), parent: col(cells, 'parent'), phone: col(cells, 'phone') }));

  // Places of the file are inside when their parent is (resolved until nothing changes: rows may come in any order).
  const filePlaces = new Map(rows.filter((r) => PLACE_KINDS.has(r.kind) && r.id).map((r) => [r.id, r.parent]));
  const inside = new Map<string, boolean>();
  const storedInside = async (id: string): Promise<boolean> => {
    if (!inside.has(id)) inside.set(id, ((await repos.places.get(id))?.path ?? []).includes(scope));
    return inside.get(id)!;
  };
  const fileInside = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, parent] of filePlaces) {
      if (fileInside.has(id) || !parent) continue;
      if (fileInside.has(parent) || (!filePlaces.has(parent) && (await storedInside(parent)))) {
        fileInside.add(id);
        changed = true;
      }
    }
  }
  const placeInside = async (id: string): Promise<boolean> => fileInside.has(id) || (!filePlaces.has(id) && (await storedInside(id)));

  const problems: RosterProblem[] = [];
  const outside = (line: number, what: 'parent' | 'place' | 'person', id: string) => problems.push({ line, code: 'outside_scope', values: { what, id, scope } });
  for (const row of rows) {
    if (PLACE_KINDS.has(row.kind)) {
      if (!row.id) continue; // the import names the missing id
      if (!fileInside.has(row.id)) outside(row.line, 'parent', row.parent || '–');
      else if ((await repos.places.get(row.id)) && !(await storedInside(row.id))) outside(row.line, 'place', row.id);
      continue;
    }
    if (viewer.role.kind === 'officer' && (row.kind === 'officer' || row.kind === 'admin')) {
      problems.push({ line: row.line, code: 'admin_only', values: { kind: row.kind } });
    }
    if (row.parent && !(await placeInside(row.parent))) outside(row.line, 'place', row.parent);
    const existing = [
      row.id ? await repos.people.get(row.id) : null,
      row.phone && normalizePhone(row.phone).ok ? await repos.people.findByPhone((normalizePhone(row.phone) as { e164: string }).e164) : null,
    ];
    for (const person of existing) if (person && !person.placePath.includes(scope)) outside(row.line, 'person', person._id);
  }
  if (problems.length > 0) return { ok: false, problems };
  return importRoster(request.csv, repos, request.now);
}

export interface RosterRow {
  name: string;
  role: Person['role']['kind'];
  placeId: string;
  /** In full only for the officer of that person's commune; masked for everyone else. */
  phone: string | null;
  door: string[];
}

export type RosterView =
  | { ok: true; place: Place; places: Place[]; people: RosterRow[] }
  | { ok: false; reason: 'not_staff' | 'forbidden' | 'unknown_place' };

/** The roster under a place the viewer manages: places, then people with their doors. */
export async function viewRoster(repos: Pick<Repositories, 'places' | 'people'>, request: { viewer: Person; placeId: string }): Promise<RosterView> {
  const { viewer } = request;
  if (viewer.role.kind !== 'officer' && viewer.role.kind !== 'admin') return { ok: false, reason: 'not_staff' };
  const place = await repos.places.get(request.placeId);
  if (!place) return { ok: false, reason: 'unknown_place' };
  if (!place.path.includes(viewer.role.placeId)) return { ok: false, reason: 'forbidden' };
  const [places, people] = await Promise.all([repos.places.subtree(place._id), repos.people.under(place._id)]);
  const full = viewer.role.kind === 'officer';
  return {
    ok: true,
    place,
    places: places.filter((p) => p._id !== place._id),
    people: people.map((p) => ({
      name: p.name,
      role: p.role.kind,
      placeId: p.role.placeId,
      phone: p.phone ? (full && p.placePath.includes(viewer.role.placeId) ? p.phone : maskPhone(p.phone)) : null,
      door: [p.phone ? 'sms' : null, p.telegramId !== undefined ? 'telegram' : null].filter((d): d is string => d !== null),
    })),
  };
}
