import { may, ownPlaceOf } from '../access/policy';
import { accountDoors, type Person } from '../domain/people';
import { maskPhone } from '../domain/phone';
import type { Place } from '../domain/places';
import { planRoster, type RosterImportResult, type RosterPlan, type RosterProblem } from '../roster/import-roster';
import { writeRoster } from '../roster/write-roster';
import type { Repositories } from './context';

export type RosterUploadResult = RosterImportResult | { ok: false; reason: 'not_staff' };

/**
 * A roster file uploaded from the web by an officer (for their commune) or an
 * admin (for their subtree). The scope is checked on what the import would
 * write, never on the file's columns: every place written, and any stored
 * place or person it overwrites, lies strictly under the uploader's place;
 * officers write collaborators only and change no stored officer or admin.
 * Every problem is listed at once: the out-of-scope ones, and the import's
 * own on the other rows (a row outside says only that it is outside; the page
 * names only places inside). Nothing is written unless all is good.
 */
export async function uploadRoster(repos: Pick<Repositories, 'places' | 'people'>, request: { viewer: Person; csv: string; now: Date }): Promise<RosterUploadResult> {
  const { viewer } = request;
  if (!may(viewer, 'upload_roster', ownPlaceOf(viewer)).allowed) return { ok: false, reason: 'not_staff' };
  const { plan, problems } = await planRoster(request.csv, repos, request.now);
  const outside = await scopeProblems(repos, viewer, plan);
  const outsideLines = new Set(outside.map((p) => p.line));
  const own = await Promise.all(problems.filter((p) => !outsideLines.has(p.line)).map((p) => unnamedOutside(repos, viewer, p)));
  if (outside.length + own.length > 0) return { ok: false, problems: [...outside, ...own].sort((a, b) => a.line - b.line) };
  return writeRoster(plan, repos);
}

/** A phone taken by someone the viewer may not see is said without naming them (the upload is no roster search). */
async function unnamedOutside(repos: Pick<Repositories, 'people'>, viewer: Person, problem: RosterProblem): Promise<RosterProblem> {
  if (problem.code !== 'phone_taken') return problem;
  const holder = await repos.people.get(problem.values.id);
  if (holder && may(viewer, 'browse', ownPlaceOf(holder)).allowed) return problem;
  return { line: problem.line, code: 'phone_taken_elsewhere', values: { phone: problem.values.phone } };
}

/** The rows of a plan that would write outside what the viewer manages, by line. */
async function scopeProblems(repos: Pick<Repositories, 'places' | 'people'>, viewer: Person, plan: RosterPlan): Promise<RosterProblem[]> {
  const scope = viewer.role.placeId;
  const problems: RosterProblem[] = [];
  const outside = (line: number, what: 'parent' | 'place' | 'person', id: string) => problems.push({ line, code: 'outside_scope', values: { what, id, scope } });
  const inFile = new Set(plan.places.map((p) => p.place._id));
  for (const { line, place } of plan.places) {
    const stored = await repos.places.get(place._id);
    const written = await asWritten(repos, place, inFile);
    if (written && !may(viewer, 'write_place', written).allowed) outside(line, place._id === scope ? 'place' : 'parent', place._id === scope ? scope : (place.parentId ?? '–'));
    else if (stored && !may(viewer, 'write_place', stored).allowed) outside(line, 'place', stored._id);
  }
  for (const { line, person } of plan.people) {
    const kind = person.role.kind;
    const written = may(viewer, 'write_person', ownPlaceOf(person), { kind });
    if (!written.allowed && written.reason === 'admin_only' && kind !== 'collaborator') problems.push({ line, code: 'admin_only', values: { kind } });
    else if (!written.allowed) outside(line, 'place', person.role.placeId);
    const stored = await repos.people.get(person._id);
    const overwritten = stored ? may(viewer, 'write_person', ownPlaceOf(stored), { storedKind: stored.role.kind }) : null;
    if (stored && overwritten && !overwritten.allowed) {
      if (overwritten.reason === 'admin_only' && stored.role.kind !== 'collaborator') problems.push({ line, code: 'staff_change', values: { id: stored._id, kind: stored.role.kind } });
      else outside(line, 'person', stored._id);
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * Where a place of the file would sit, for the scope check. A place whose path
 * the import could not resolve (unknown parent, wrong level, a cycle) is
 * refused by the import anyway: it is judged by a stored parent when there is
 * one, else (its parent unknown, or a row of the file judged on its own line)
 * left to the import's problem, so every problem of the file is said at once.
 */
async function asWritten(repos: Pick<Repositories, 'places'>, place: Place, inFile: ReadonlySet<string>): Promise<Pick<Place, '_id' | 'path'> | null> {
  if (place.path.length > 0) return place;
  if (!place.parentId || inFile.has(place.parentId)) return null;
  const parent = await repos.places.get(place.parentId);
  return parent ? { _id: place._id, path: [...parent.path, place._id] } : null;
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
  if (!may(viewer, 'upload_roster', ownPlaceOf(viewer)).allowed) return { ok: false, reason: 'not_staff' };
  const place = await repos.places.get(request.placeId);
  if (!place) return { ok: false, reason: 'unknown_place' };
  if (!may(viewer, 'browse', place).allowed) return { ok: false, reason: 'forbidden' };
  const [places, people] = await Promise.all([repos.places.subtree(place._id), repos.people.under(place._id)]);
  return {
    ok: true,
    place,
    places: places.filter((p) => p._id !== place._id),
    people: people.map((p) => ({
      name: p.name,
      role: p.role.kind,
      placeId: p.role.placeId,
      phone: p.phone ? (may(viewer, 'see_full_phone', ownPlaceOf(p)).allowed ? p.phone : maskPhone(p.phone)) : null,
      door: [...(p.phone ? ['sms'] : []), ...accountDoors(p)],
    })),
  };
}
