import type { ScopeReport } from '../indicators/engine';
import type { PlanEvaluation } from '../indicators/plan-evaluation';
import { rankCommunes } from '../indicators/snapshot';
import { monthsBetween } from '../indicators/buckets';

/**
 * What a grid cell shows: `streak` a session this month in a place that keeps
 * its regular streak, `held` a session in a place that broke it (or with no
 * regularity target), `none` no session, `future` a month not yet begun or
 * before the place joined Loa (nothing was expected of it then).
 */
export type CellStatus = 'streak' | 'held' | 'none' | 'future';

export interface GridCell {
  month: string;
  /** Sessions that month (commune rows: villages with a session). */
  value: number;
  /** Commune rows only: villages counted. */
  of?: number;
  status: CellStatus;
}

export interface GridRow {
  id: string;
  name: string;
  cells: GridCell[];
  /** Held sessions, yet the plan's regularity target lists this place as behind: its streak broke. */
  broken: boolean;
}

export interface GridModel {
  kind: 'villages' | 'communes';
  /** The running month (`yyyy-mm`): a row's state is judged up to it. */
  thisMonth: string;
  months: string[];
  rows: GridRow[];
}

/** The plan whose period the grid spans: the one on the page's own place, the first if several. */
export function headlinePlan(report: ScopeReport): PlanEvaluation | null {
  return report.plans.find((p) => p.plan.place === report.data.tree.root._id) ?? null;
}

/** The months a grid spans: the plan's period, else January to December of the report's year. */
export function gridMonths(report: ScopeReport): string[] {
  const plan = headlinePlan(report);
  if (plan) return monthsBetween(plan.plan.period.from, plan.plan.period.to);
  const year = report.snapshot.year;
  return monthsBetween(`${year}-01`, `${year}-12`);
}

/**
 * The village × month grid (a commune) or the commune × month grid (a district
 * or province), read from the indicator engine's facts and its regularity
 * verdict: nothing here counts logs a second way. Months before the loaded
 * facts reach show as `none` only when the engine loaded them.
 */
export function buildGrid(report: ScopeReport): GridModel {
  const { data, snapshot: s } = report;
  const thisMonth = data.today.slice(0, 7);
  const months = gridMonths(report).filter((m) => m >= data.fromMonth || m > thisMonth);
  const sessions = new Map<string, number>(); // `${place}|${month}`
  for (const pm of data.months) {
    // A press item is no session: it does not colour a village's month.
    if (pm.sessions === 0) continue;
    const key = `${pm.place}|${pm.bucket}`;
    sessions.set(key, (sessions.get(key) ?? 0) + pm.sessions);
  }
  const plan = headlinePlan(report);
  const regular = plan?.targets.find((t) => t.target.kind === 'coverage' && t.target.regularly && t.coverage);
  const root = data.tree.root;

  if (root.level === 'commune' || root.level === 'village') {
    const hasRegular = regular?.target.kind === 'coverage' && regular.target.of === 'village';
    const behind = new Set(hasRegular ? regular!.coverage!.behind : []);
    const rows = s.villages.map((v): GridRow => {
      const joined = data.tree.joinedOn(v.place).slice(0, 7);
      const behindNow = hasRegular && behind.has(v.place._id);
      const cells = months.map((month): GridCell => {
        const value = sessions.get(`${v.place._id}|${month}`) ?? 0;
        const status: CellStatus =
          month > thisMonth || (month < joined && value === 0) ? 'future' : value === 0 ? 'none' : hasRegular && !behindNow ? 'streak' : 'held';
        return { month, value, status };
      });
      // A village that never held a session has not started rather than broken a streak.
      return { id: v.place._id, name: v.place.name, cells, broken: behindNow && cells.some((c) => c.value > 0) };
    });
    return { kind: 'villages', thisMonth, months, rows };
  }

  const behind = new Set(regular?.target.kind === 'coverage' && regular.target.of === 'commune' ? regular.coverage!.behind : []);
  const byCommune = new Map<string, { id: string; joined: string }[]>();
  for (const v of s.villages) {
    const list = byCommune.get(v.commune?._id ?? '') ?? [];
    list.push({ id: v.place._id, joined: data.tree.joinedOn(v.place).slice(0, 7) });
    byCommune.set(v.commune?._id ?? '', list);
  }
  const rows = rankCommunes(s.communes).map((c): GridRow => {
    const villages = byCommune.get(c.place._id) ?? [];
    const cells = months.map((month): GridCell => {
      // A village counts from the month it joined Loa: nothing was expected of it before.
      const counted = villages.filter((v) => v.joined <= month);
      const value = counted.filter((v) => (sessions.get(`${v.id}|${month}`) ?? 0) > 0).length;
      const status: CellStatus = month > thisMonth ? 'future' : value === 0 ? 'none' : value === counted.length ? 'streak' : 'held';
      return { month, value, of: counted.length, status };
    });
    return { id: c.place._id, name: c.place.name, cells, broken: behind.has(c.place._id) };
  });
  return { kind: 'communes', thisMonth, months, rows };
}
