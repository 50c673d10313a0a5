import type { Place, PlaceLevel } from '../domain/places';
import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { ScopeReport } from '../indicators/engine';
import type { PlanEvaluation, TargetResult } from '../indicators/plan-evaluation';
import type { PeriodTotals } from '../indicators/snapshot';

/** A child place's row: villages of a commune, or communes of a district/province. */
export interface UnitFigures {
  place: Place;
  sessions: number;
  /** Lượt người: press items never add people (`countsPeople`). */
  attendances: number;
  /** Months of the period with at least one session (the unit's own or its villages'). */
  monthsWithSession: number;
  /** The headline coverage target's verdict on this unit, as the engine gave it. */
  verdict: 'met' | 'behind' | 'broken' | 'active' | 'none' | 'not_counted';
}

export interface LevelFigures {
  level: PlaceLevel;
  pressItems: number;
  trainings: number;
  trainingAttendances: number;
}

/**
 * Everything the report shows, read from one `ScopeReport` of the indicator
 * engine. This is the ONE function that reads the engine's shapes: when the
 * engine's units or periods change, only this adapts.
 */
export interface ReportFigures {
  root: Place;
  period: Pick<PeriodTotals, 'kind' | 'key' | 'from' | 'to'>;
  /** The local date the figures are as of (the period's last day, or today while it runs). */
  asOf: string;
  sessions: number;
  attendances: number;
  byForm: { form: FormCode; sessions: number; attendances: number }[];
  byGroup: { group: GroupCode; attendances: number }[];
  /** Attendances of logs naming several groups without a split: in no group's row, a row of their own. */
  unsplit: number;
  unitLevel: 'village' | 'commune';
  units: UnitFigures[];
  /** Units that held a session in the period. */
  unitsActive: number;
  levels: LevelFigures[];
  /** Plans attached to the report's own place (the one it reports against). */
  plans: PlanEvaluation[];
  /** The target the report leads with: the first coverage target of the first plan, else its first target. */
  headline: { plan: PlanEvaluation; result: TargetResult } | null;
  /** First month with a logged session in the loaded data, `YYYY-MM-DD` of its first day; null when nothing is logged. */
  dataBegins: string | null;
}

const LEVEL_ORDER: PlaceLevel[] = ['province', 'district', 'commune', 'village'];

function headlineOf(plans: PlanEvaluation[]): ReportFigures['headline'] {
  const plan = plans[0];
  if (!plan) return null;
  const result = plan.targets.find((t) => t.target.kind === 'coverage') ?? plan.targets[0];
  return result ? { plan, result } : null;
}

function verdictOf(unit: Place, counted: boolean, sessions: number, headline: TargetResult | null): UnitFigures['verdict'] {
  if (!counted) return 'not_counted';
  const coverage = headline?.coverage;
  if (!coverage) return sessions > 0 ? 'active' : 'none';
  if (headline.broken?.includes(unit._id)) return 'broken';
  return coverage.behind.includes(unit._id) ? 'behind' : 'met';
}

/** The engine's results as the report reads them (see {@link ReportFigures}). */
export function reportFigures(report: ScopeReport): ReportFigures {
  const { data, snapshot: s } = report;
  const { tree } = data;
  const root = tree.root;
  const unitLevel: 'village' | 'commune' = root.level === 'commune' || root.level === 'village' ? 'village' : 'commune';
  const plans = report.plans.filter((p) => p.plan.place === root._id);
  const headline = headlineOf(plans);
  const coverageHead = headline?.result.target.kind === 'coverage' && headline.result.target.of === unitLevel ? headline.result : null;
  const [fromMonth, toMonth] = [s.period.from.slice(0, 7), s.period.to.slice(0, 7)];

  const perUnit = new Map<string, { sessions: number; attendances: number; months: Set<string> }>();
  const perLevel = new Map<PlaceLevel, LevelFigures>();
  let dataBegins: string | null = null;
  for (const pm of data.months) {
    if (pm.sessions + pm.items > 0 && (dataBegins === null || pm.bucket < dataBegins)) dataBegins = pm.bucket;
    if (pm.bucket < fromMonth || pm.bucket > toMonth) continue;
    const unit = tree.ancestorAt(pm.place, unitLevel);
    // A press item is no session held in a unit (it is counted in `levels`, as an item).
    if (unit && pm.sessions > 0) {
      const row = perUnit.get(unit._id) ?? { sessions: 0, attendances: 0, months: new Set<string>() };
      row.sessions += pm.sessions;
      row.attendances += pm.participants;
      row.months.add(pm.bucket);
      perUnit.set(unit._id, row);
    }
  }
  // Press and training by the level they were logged at: the scope's mix (a place off the roster has no level).
  for (const fact of data.mix.get(root._id) ?? []) {
    if (fact.bucket < fromMonth || fact.bucket > toMonth || fact.level === null || (fact.form !== 'bao' && fact.form !== 'taphuan')) continue;
    const level = perLevel.get(fact.level) ?? { level: fact.level, pressItems: 0, trainings: 0, trainingAttendances: 0 };
    if (fact.form === 'bao') level.pressItems += fact.sessions;
    else {
      level.trainings += fact.sessions;
      level.trainingAttendances += fact.participants;
    }
    perLevel.set(fact.level, level);
  }
  const units = tree.ofLevel(unitLevel).map((place): UnitFigures => {
    const row = perUnit.get(place._id);
    const counted = tree.joinedOn(place) <= s.period.to;
    const sessions = row?.sessions ?? 0;
    return { place, sessions, attendances: row?.attendances ?? 0, monthsWithSession: row?.months.size ?? 0, verdict: verdictOf(place, counted, sessions, coverageHead) };
  });
  return {
    root,
    period: { kind: s.period.kind, key: s.period.key, from: s.period.from, to: s.period.to },
    asOf: headline?.plan.asOf ?? s.period.to,
    sessions: s.period.sessions,
    attendances: s.period.participants,
    byForm: Object.entries(s.period.byForm).filter(([form]) => form !== 'bao').map(([form, v]) => ({ form: form as FormCode, sessions: v.sessions, attendances: v.participants })),
    byGroup: Object.entries(s.period.byGroup).map(([group, n]) => ({ group: group as GroupCode, attendances: n })),
    unsplit: s.period.unsplit,
    unitLevel,
    units,
    unitsActive: units.filter((u) => u.sessions > 0).length,
    levels: LEVEL_ORDER.flatMap((l) => (perLevel.has(l) ? [perLevel.get(l)!] : [])),
    plans,
    headline,
    dataBegins: dataBegins === null ? null : `${dataBegins}-01`,
  };
}
