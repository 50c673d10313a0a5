import { DEFAULT_TIME_ZONE, localDate } from '../periods';
import type { Plan } from '../plans/plan-schema';
import { earlierOf, minusDays } from './buckets';
import { evaluatePlan, type PlanEvaluation } from './plan-evaluation';
import { loadScopeData, SILENT_DAYS, type IndicatorRepos, type LoadOptions, type ScopeData } from './scope-data';
import { periodRange, snapshot, type Snapshot, type SnapshotOptions } from './snapshot';

export interface IndicatorEngineDeps {
  repos: IndicatorRepos;
  timeZone?: string;
}

export interface ReportOptions extends Partial<SnapshotOptions> {
  /** Which period the totals cover (default this month). */
  period?: SnapshotOptions['period'];
  /** Plans to evaluate; default every stored plan on the scope's place or below. */
  plans?: Plan[];
  /** Load daily facts (week totals, silent villages); default true, always for week totals. */
  daily?: boolean;
}

export interface ScopeReport {
  data: ScopeData;
  snapshot: Snapshot;
  plans: PlanEvaluation[];
  /**
   * Plans of the places above the scope (a district's plan for one of its
   * communes), evaluated on the scope's own data: a coverage target's only
   * unit is then the scope itself, its own part of that plan.
   */
  above: PlanEvaluation[];
}

/**
 * The one place indicators are computed. Every consumer (officer commands,
 * Monday summary, reminders, export, bench) goes through `report`, so a
 * number an officer reads by SMS is the number in the spreadsheet.
 */
export interface IndicatorEngine {
  readonly timeZone: string;
  /** Loads the rollups of a subtree (a few queries, none over every log), reaching back to `sinceMonth` when given. */
  load(scopeId: string, at: Date, options?: LoadOptions): Promise<ScopeData | null>;
  /** Snapshot plus every plan attached to the scope's place or below it; null when the place is unknown. */
  report(scopeId: string, at: Date, options?: ReportOptions): Promise<ScopeReport | null>;
}

export function createIndicatorEngine(deps: IndicatorEngineDeps): IndicatorEngine {
  const timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
  const load: IndicatorEngine['load'] = (scopeId, at, options) => loadScopeData(deps.repos, scopeId, at, timeZone, options);
  return {
    timeZone,
    load,
    async report(scopeId, at, options = {}) {
      const period = options.period ?? 'month';
      const which = options.which ?? 'current';
      const plans = options.plans ?? (await deps.repos.plans.list(scopeId)).map((s) => s.plan);
      const above = options.plans ? [] : await plansAbove(deps.repos, scopeId);
      const range = periodRange(localDate(at, timeZone), period, which, options.key);
      const sinceMonth = [...plans, ...above].reduce((m, p) => earlierOf(m, p.period.from), range.from.slice(0, 7));
      const daily = period === 'week' || (options.daily ?? true);
      // Silence is told as of the period's last day: daily facts reach 30 days before it.
      const silentFrom = minusDays(range.to, SILENT_DAYS - 1);
      const sinceDay = period === 'week' ? earlierOf(range.from, silentFrom) : silentFrom;
      // Each plan under the scope reads its own place's mix; plans above read the scope's.
      const anchors = plans.map((p) => p.place);
      const days = daily ? { sinceDay, silence: { from: silentFrom, to: range.to }, ...(period === 'week' ? { week: { from: range.from, to: range.to } } : {}) } : {};
      const data = await load(scopeId, at, { sinceMonth, daily, anchors, ...days });
      if (!data) return null;
      const snap = snapshot(data, { period, which, ...(options.key ? { key: options.key } : {}) });
      // A named past period is reported as it closed: targets as of its last day, every month of it complete.
      const asOf = options.key && range.to < data.today ? range.to : undefined;
      // A named period outside a plan's months is said to be so, never counted as 0/0.
      const asked = options.key ? { from: range.from, to: range.to } : undefined;
      return { data, snapshot: snap, plans: plans.map((plan) => evaluatePlan(data, plan, asOf, asked)), above: above.map((plan) => evaluatePlan(data, plan, asOf, asked)) };
    },
  };
}

/** Plans attached to the places above the scope, nearest first. */
async function plansAbove(repos: IndicatorRepos, scopeId: string): Promise<Plan[]> {
  const place = await repos.places.get(scopeId);
  if (!place) return [];
  const ancestors = place.path.filter((id) => id !== scopeId).reverse();
  return (await Promise.all(ancestors.map((id) => repos.plans.forPlace(id)))).flat();
}
