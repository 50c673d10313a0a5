import { may, ownPlaceOf } from '../access/policy';
import { isStaff, type Person } from '../domain/people';
import { maskPhone } from '../domain/phone';
import type { Place } from '../domain/places';
import { buildGrid, type GridModel } from '../charts/grid-model';
import { keyBounds } from '../indicators/buckets';
import type { IndicatorEngine, ScopeReport } from '../indicators/engine';
import { localDate, periodKeysOf } from '../periods';
import type { Repositories } from './context';

/** A period the web pages report on: the current one or any past one. */
export interface DashboardPeriod {
  kind: 'month' | 'quarter' | 'half' | 'year';
  key: string;
}

export interface QuietVillage {
  village: Place;
  /** Phones in full only for the officer of that commune; masked for everyone else. */
  collaborators: { name: string; phone: string | null }[];
}

export type DashboardResult =
  | {
      ok: true;
      report: ScopeReport;
      grid: GridModel;
      period: DashboardPeriod;
      /** From the viewer's own place down to this one (never above the viewer's scope). */
      breadcrumb: Place[];
      /** Places one level down that the viewer may open (admins; officers see villages, not links). */
      children: Place[];
      /** Communes and villages only (empty for a district or province). */
  quiet: QuietVillage[];
    }
  | { ok: false; reason: 'not_staff' | 'forbidden' | 'unknown_place' | 'bad_period' };

export interface DashboardDeps {
  engine: IndicatorEngine;
  repos: Pick<Repositories, 'places' | 'people'>;
}

const PERIOD_PATTERNS: Record<DashboardPeriod['kind'], RegExp> = {
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  quarter: /^\d{4}-Q[1-4]$/,
  half: /^\d{4}-H[12]$/,
  year: /^\d{4}$/,
};

/** `month:2026-11` → a period; null for anything else. */
export function parsePeriod(text: string | undefined): DashboardPeriod | null {
  const match = /^(month|quarter|half|year):(.+)$/.exec(text ?? '');
  if (!match) return null;
  const kind = match[1] as DashboardPeriod['kind'];
  return PERIOD_PATTERNS[kind].test(match[2]!) ? { kind, key: match[2]! } : null;
}

/**
 * The figures of one place's web page, scoped to the viewer in here (never
 * only in the template): only officers and admins, only their own place or a
 * place under it. A past period is reported as of its last day, so every
 * figure is the indicator engine's for that day.
 */
export async function loadDashboard(
  deps: DashboardDeps,
  request: { viewer: Person; placeId: string; period?: DashboardPeriod | null; now: Date },
): Promise<DashboardResult> {
  const { viewer, now } = request;
  if (!isStaff(viewer)) return { ok: false, reason: 'not_staff' };
  const place = await deps.repos.places.get(request.placeId);
  if (!place) return { ok: false, reason: 'unknown_place' };
  if (!may(viewer, 'browse', place).allowed) return { ok: false, reason: 'forbidden' };

  const timeZone = deps.engine.timeZone;
  const today = localDate(now, timeZone);
  const period = request.period ?? { kind: 'month', key: periodKeysOf(today).month };
  const bounds = keyBounds(period.key);
  if (bounds.from > today) return { ok: false, reason: 'bad_period' };
  // The period by its key, as CHITIEU and BAOCAO ask for it: a past one as it closed (its last month complete), never
  // "as of noon on its last day", which left that month running and counted a village that missed it as maintained.
  const report = await deps.engine.report(place._id, now, { period: period.kind, key: period.key, daily: false });
  if (!report) return { ok: false, reason: 'unknown_place' };

  const ancestors = await Promise.all(place.path.slice(place.path.indexOf(viewer.role.placeId), -1).map((id) => deps.repos.places.get(id)));
  const breadcrumb = [...ancestors.filter((p): p is Place => p !== null), place];
  const children = place.level === 'commune' || place.level === 'village' ? [] : await deps.repos.places.children(place._id);

  // Quiet villages with their collaborators are a commune's list; a province would list thousands.
  const local = place.level === 'commune' || place.level === 'village';
  const collaborators = local ? await deps.repos.people.under(place._id, 'collaborator') : [];
  const quiet = (local ? report.snapshot.quiet : []).map((v) => ({
    village: v.place,
    collaborators: collaborators
      .filter((p) => p.role.placeId === v.place._id)
      .map((p) => ({
        name: p.name,
        phone: p.phone ? (may(viewer, 'see_full_phone', ownPlaceOf(p)).allowed ? p.phone : maskPhone(p.phone)) : null,
      })),
  }));
  return { ok: true, report, grid: buildGrid(report), period, breadcrumb, children, quiet };
}
