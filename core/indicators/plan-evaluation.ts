import type { Place, PlaceLevel } from '../domain/places';
import type { Bucket, CoverageTarget, FrequencyTarget, Plan, ReachTarget, Target, TrainingTarget } from '../plans/plan-schema';
import { bucketOfMonth, bucketsBetween, earlierOf, keyBounds, laterOf } from './buckets';
import { attendancesForTarget, countsPeople, type FactCounts } from '../domain/log-facts';
import { mixFor } from './mix';
import { dataBeginsOf } from './data-begins';
import type { ScopeData } from './scope-data';

/**
 * `no_data`: nothing to measure (no place counted yet), never "met".
 * `unmeasurable`: no one on the roster can log at a level that feeds it.
 * `people_unmeasurable`: a target written in people; logs count attendances,
 * which never decide it (the value is shown as context, the goal in people).
 */
export type TargetStatus = 'met' | 'behind' | 'needs_denominator' | 'not_started' | 'no_data' | 'unmeasurable' | 'people_unmeasurable';

/** Who can feed a target: logs at places of these levels under the plan's place (and, for press/training, of this form). */
export interface TargetFeed {
  levels: PlaceLevel[];
  form?: 'bao' | 'taphuan';
  /** Someone on the roster can log at one of those places. */
  measurable: boolean;
}

/** One target's progress. `goal` and `gap` are null until the officer enters a denominator. */
export interface TargetResult {
  target: Target;
  status: TargetStatus;
  /** Places (coverage), people (reach, training) or periods (frequency). */
  unit: 'places' | 'people' | 'periods';
  value: number;
  goal: number | null;
  gap: number | null;
  /** Share of the base (child places, denominator, periods due), 0–100, when known. */
  percent: number | null;
  /** Coverage: child places counted, those with a session in the period, those maintained regularly. */
  coverage?: { places: number; covered: number; regular: number; behind: string[]; units: UnitProgress[]; excluded: string[]; rule?: RegularRule };
  /** Frequency: buckets due so far and whether the running one is already done. */
  frequency?: { due: string[]; met: string[]; currentMet: boolean };
  feed: TargetFeed;
  /** Coverage kept regularly: places that held every due bucket but the last one (their streak broke). */
  broken?: string[];
  /** Reach and training: the unit the goal is written in (`attendances` only when the plan file says so, quoting the plan). */
  goalUnit?: 'people' | 'attendances';
  /** Reach: attendances of logs naming the group among others without a split, counted for no single-group target. */
  unsplit?: number;
}

/**
 * One counted place of a coverage target, on the target's own measure: buckets
 * (months, quarters) due and held for a target kept regularly; for plain
 * coverage one "bucket", the window. What a ranking or a commune's own line shows.
 */
export interface UnitProgress {
  id: string;
  due: number;
  held: number;
  met: boolean;
}

/**
 * "Maintained regularly" in words: a session in every bucket from `from` to
 * `to` (for a place counted from the window's start; later places from their
 * own start); `pending` is the running bucket, not yet due.
 */
export interface RegularRule {
  per: Bucket;
  from: string;
  to: string;
  pending: string | null;
}

export interface PlanEvaluation {
  plan: Plan;
  /** Local date the values are as of. */
  asOf: string;
  /** First local date counted: the plan's start, or January of the year asked for in a multi-year plan. */
  countsFrom: string;
  /** `outside`: the period asked for lies outside the plan's months (nothing to say, never `0/0`). */
  phase: 'not_started' | 'running' | 'ended' | 'outside';
  targets: TargetResult[];
}

interface Window {
  /** First and last month counted. */
  from: string;
  to: string;
  /** The month still running (its bucket is not yet due), or null once the plan has ended. */
  running: string | null;
  /** Last local date counted. */
  lastDay: string;
  /** The day a closed period ended: a bucket ending by then is complete, not running. */
  closedOn: string | null;
}

/**
 * The months counted as of `day`. `closed`: `day` ends a period that is over
 * (a report for November asked in December), so its month is complete, not running.
 */
function windowOf(plan: Plan, day: string, closed: boolean): Window | null {
  const month = day.slice(0, 7);
  if (month < plan.period.from) return null;
  const ended = month > plan.period.to || (closed && month === plan.period.to);
  const to = ended ? plan.period.to : month;
  // A multi-year plan answers for one year: the year of the last month counted.
  const multiYear = plan.period.from.slice(0, 4) !== plan.period.to.slice(0, 4);
  return {
    from: multiYear ? laterOf(plan.period.from, `${to.slice(0, 4)}-01`) : plan.period.from,
    to,
    running: ended ? null : month,
    closedOn: closed && !ended ? day : null,
    lastDay: ended ? keyBounds(plan.period.to).to : day,
  };
}

/**
 * The buckets a place must have a session in so far: from the later of the
 * window start and the month it joined, to the last completed bucket. While a
 * bucket is running it is not due yet, unless it is the only one (a plan's or
 * a new village's first month), where "regular" means "has started".
 */
function dueBuckets(window: Window, joinedMonth: string, bucket: Bucket): { due: string[]; running: string | null } {
  const start = laterOf(window.from, joinedMonth);
  if (start > window.to) return { due: [], running: null };
  const all = bucketsBetween(start, window.to, bucket);
  const current = window.running ? bucketOfMonth(window.running, bucket) : null;
  const running = current && window.closedOn && keyBounds(current).to <= window.closedOn ? null : current;
  const completed = running ? all.filter((b) => b !== running) : all;
  return completed.length > 0 ? { due: completed, running } : { due: all, running };
}

type Unfed = Omit<TargetResult, 'feed'>;

function finish(value: number, goal: number | null, base: number | null, unit: TargetResult['unit'], target: Target): Unfed {
  if (goal === null) return { target, status: 'needs_denominator', unit, value, goal: null, gap: null, percent: null };
  return {
    target,
    status: value >= goal ? 'met' : 'behind',
    unit,
    value,
    goal,
    gap: Math.max(0, goal - value),
    percent: base && base > 0 ? Math.round((value / base) * 1000) / 10 : null,
  };
}

function inWindow(fact: { bucket: string }, window: Window): boolean {
  return fact.bucket >= window.from && fact.bucket <= window.to;
}

function coverage(data: ScopeData, plan: Plan, target: CoverageTarget, window: Window): Unfed {
  const { tree } = data;
  // A place counts from when its data begins (its commune's, for a village); before that it is out of the count.
  const beginsOf = (p: Place): string => laterOf(tree.joinedOn(p), dataBeginsOf(data, p.level === 'village' ? (tree.ancestorAt(p._id, 'commune') ?? p) : p));
  const all = tree.under(plan.place, target.of).filter((p) => tree.joinedOn(p) <= window.lastDay);
  const units = all.filter((p) => beginsOf(p) <= window.lastDay);
  const excluded = all.filter((p) => beginsOf(p) > window.lastDay).map((p) => p._id);
  const active = new Map<string, Set<string>>(); // unit → months with a session
  for (const fact of data.months) {
    // A press item is no session held in a place: it covers nothing.
    if (!inWindow(fact, window) || fact.sessions === 0) continue;
    const unit = tree.ancestorAt(fact.place, target.of);
    if (!unit) continue;
    let months = active.get(unit._id);
    if (!months) active.set(unit._id, (months = new Set()));
    months.add(fact.bucket);
  }
  let covered = 0;
  let regular = 0;
  const behind: string[] = [];
  const broken: string[] = [];
  const progress: UnitProgress[] = [];
  for (const unit of units) {
    const months = active.get(unit._id);
    const any = months !== undefined && months.size > 0;
    if (any) covered += 1;
    if (target.regularly) {
      const held = new Set([...(months ?? [])].map((m) => bucketOfMonth(m, target.regularly!)));
      const { due } = dueBuckets(window, beginsOf(unit).slice(0, 7), target.regularly);
      const met = due.length > 0 && due.every((b) => held.has(b));
      progress.push({ id: unit._id, due: due.length, held: due.filter((b) => held.has(b)).length, met });
      if (met) regular += 1;
      else {
        behind.push(unit._id);
        if (due.length > 1 && due.slice(0, -1).every((b) => held.has(b))) broken.push(unit._id);
      }
    } else {
      progress.push({ id: unit._id, due: 1, held: any ? 1 : 0, met: any });
      if (!any) behind.push(unit._id);
    }
  }
  const value = target.regularly ? regular : covered;
  const rule = target.regularly ? ruleOf(window, target.regularly) : undefined;
  const coverage = { places: units.length, covered, regular: target.regularly ? regular : covered, behind, units: progress, excluded, ...(rule ? { rule } : {}) };
  if (units.length === 0) return { target, status: 'no_data', unit: 'places', value: 0, goal: null, gap: null, percent: null, coverage };
  const result = finish(value, Math.ceil((target.percent * units.length) / 100), units.length, 'places', target);
  return { ...result, coverage, ...(target.regularly ? { broken } : {}) };
}

function ruleOf(window: Window, per: Bucket): RegularRule | undefined {
  const { due, running } = dueBuckets(window, window.from, per);
  if (due.length === 0) return undefined;
  return { per, from: due[0]!, to: due[due.length - 1]!, pending: running && !due.includes(running) ? running : null };
}

/** The place lies under the plan's place (or is it) and, when given, has one of `levels`. */
function under(data: ScopeData, plan: Plan, placeId: string, levels?: readonly PlaceLevel[]): boolean {
  const place = data.tree.byId.get(placeId);
  return place !== undefined && place.path.includes(plan.place) && (!levels || levels.includes(place.level));
}

function frequency(data: ScopeData, plan: Plan, target: FrequencyTarget, window: Window, levels: PlaceLevel[]): Unfed {
  const counts = new Map<string, number>();
  // The plan's place's mix holds the logs under it; a place off the roster (level null) feeds no target.
  for (const fact of mixFor(data, plan.place)) {
    if (fact.form !== target.form || !inWindow(fact, window) || fact.level === null || !levels.includes(fact.level)) continue;
    const b = bucketOfMonth(fact.bucket, target.per);
    counts.set(b, (counts.get(b) ?? 0) + fact.sessions);
  }
  // Like places, a plan's place is judged from its roster `since` date when it has one.
  const place = data.tree.byId.get(plan.place);
  // Its own press and training begin with its own first log or its import: earlier months are no failure.
  const begins = place ? laterOf(data.tree.joinedOn(place), dataBeginsOf(data, place, true)) : keyBounds(window.from).from;
  if (begins > window.lastDay) return { target, status: 'no_data', unit: 'periods', value: 0, goal: null, gap: null, percent: null, frequency: { due: [], met: [], currentMet: false } };
  const { due, running } = dueBuckets(window, begins.slice(0, 7), target.per);
  const met = due.filter((b) => (counts.get(b) ?? 0) >= target.atLeast);
  const currentMet = running !== null && (counts.get(running) ?? 0) >= target.atLeast;
  const result = finish(met.length, due.length, due.length, 'periods', target);
  return { ...result, frequency: { due, met, currentMet } };
}

/**
 * Reach and training add up attendances. Their verdict is given only when the
 * plan reads the target in attendances; a target in people gets the figure as
 * context and `people_unmeasurable`.
 */
function people(
  data: ScopeData,
  plan: Plan,
  target: ReachTarget | TrainingTarget,
  window: Window,
  count: (fact: FactCounts, level: PlaceLevel) => { counted: number; unsplit: number },
): Unfed {
  let value = 0;
  let unsplit = 0;
  for (const fact of mixFor(data, plan.place)) {
    if (!inWindow(fact, window) || fact.level === null) continue;
    const n = count(fact, fact.level);
    value += n.counted;
    unsplit += n.unsplit;
  }
  const goal = target.denominator === undefined ? null : Math.ceil((target.percent * target.denominator) / 100);
  const goalUnit = target.readAs === 'attendances' ? 'attendances' : 'people';
  const result = { ...finish(value, goal, target.denominator ?? null, 'people', target), goalUnit, ...(unsplit > 0 ? { unsplit } : {}) } as const;
  if (goalUnit === 'people' && result.goal !== null) return { ...result, status: 'people_unmeasurable', gap: null };
  return result;
}

const ALL_LEVELS: PlaceLevel[] = ['province', 'district', 'commune', 'village'];

/** Which logs can feed a target, and whether anyone on the roster can write them. */
function feedOf(data: ScopeData, plan: Plan, target: Target): TargetFeed {
  const planLevel = data.tree.byId.get(plan.place)?.level ?? 'commune';
  let levels: PlaceLevel[];
  let form: TargetFeed['form'];
  switch (target.kind) {
    case 'coverage':
      levels = target.of === 'village' ? ['village'] : ['commune', 'village'];
      break;
    case 'reach':
      levels = ALL_LEVELS;
      break;
    case 'frequency':
      levels = target.loggedAt ?? [planLevel];
      if (target.form === 'bao' || target.form === 'taphuan') form = target.form;
      break;
    case 'training':
      levels = target.loggedAt ?? [planLevel];
      form = 'taphuan';
      break;
  }
  const measurable = [...data.staffed].some((id) => under(data, plan, id, levels));
  return { levels, ...(form ? { form } : {}), measurable };
}

/**
 * Every target of a plan as of `data.today`. Reach and training add up
 * attendances (lượt người: one person at two sessions counts twice, logs
 * hold counts, never names), so they are an upper bound of people reached.
 * A log's split by group is read when it has one; press items reach no one
 * countable and never add people.
 */
export function evaluatePlan(data: ScopeData, plan: Plan, closedOn?: string, asked?: { from: string; to: string }): PlanEvaluation {
  const asOfDay = closedOn ?? data.today;
  const planDays = { from: keyBounds(plan.period.from).from, to: keyBounds(plan.period.to).to };
  const outside = asked !== undefined && (asked.to < planDays.from || asked.from > planDays.to);
  const window = outside ? null : windowOf(plan, asOfDay, closedOn !== undefined);
  if (!window) {
    const unit = (t: Target): TargetResult['unit'] => (t.kind === 'coverage' ? 'places' : t.kind === 'frequency' ? 'periods' : 'people');
    const status: TargetStatus = outside ? 'no_data' : 'not_started';
    return {
      plan,
      asOf: asOfDay,
      countsFrom: planDays.from,
      phase: outside ? 'outside' : 'not_started',
      targets: plan.targets.map((target) => ({ target, status, unit: unit(target), value: 0, goal: null, gap: null, percent: null, feed: feedOf(data, plan, target) })),
    };
  }
  if (window.from < data.fromMonth) throw new RangeError(`scope data starts at ${data.fromMonth}, the plan at ${window.from}`);
  const targets = plan.targets.map((target): TargetResult => {
    const feed = feedOf(data, plan, target);
    const result = ((): Unfed => {
      switch (target.kind) {
        case 'coverage':
          return coverage(data, plan, target, window);
        case 'frequency':
          return frequency(data, plan, target, window, feed.levels);
        case 'reach':
          return people(data, plan, target, window, (fact) => (countsPeople(fact) ? attendancesForTarget(fact, target.group) : { counted: 0, unsplit: 0 }));
        case 'training':
          return people(data, plan, target, window, (fact, level) => ({ counted: fact.form === 'taphuan' && feed.levels.includes(level) ? fact.participants : 0, unsplit: 0 }));
      }
    })();
    // A press or training target no one on the roster can write, and nothing written yet: say so instead of showing a zero as "behind".
    if (feed.form && !feed.measurable && result.value === 0 && result.status !== 'no_data' && result.status !== 'not_started') {
      return { ...result, status: 'unmeasurable', feed };
    }
    return { ...result, feed };
  });
  const ended = asOfDay.slice(0, 7) >= plan.period.to && (closedOn !== undefined || asOfDay.slice(0, 7) > plan.period.to);
  return { plan, asOf: earlierOf(asOfDay, window.lastDay), countsFrom: keyBounds(window.from).from, phase: ended ? 'ended' : 'running', targets };
}
