import { localDate } from '../periods';
import type { Repositories } from '../ports/storage';
import { earlierOf, minusDays, weekBounds } from './buckets';
import { placeMonthsOf, type Fact, type PlaceMonth } from '../domain/log-facts';
import { loadPlaceTree, type PlaceTree } from './place-tree';
import { laterOf } from './buckets';
import { scopeDaysOfFacts, scopeDaysOfRollups, scopeMonthsOfFacts, scopeMonthsOfRollups, type DaysAsked, type MixFact, type ScopeDays, type ScopeMonths } from './mix';

/** How far back a back-dated log is looked for (Loa's dates start in this century). */
const EARLIEST_MONTH = '2000-01';

/** Whether a place without a date set by an admin came onto the roster after the window's first day. */
function importedInWindow(tree: PlaceTree, fromMonth: string): boolean {
  const places = [tree.root, ...tree.ofLevel('district'), ...tree.ofLevel('commune')];
  return places.some((p) => p.dataBegins === undefined && tree.onRosterSince(p) > `${fromMonth}-01`);
}

/**
 * Whether some place's data could begin on a day the daily rollups must
 * tell (`dataBeginsOf`): only a place without a date set by an admin that
 * came onto the roster after `fromDay` (a back-dated log before its import
 * then moves its beginning back to that log's day). A settled roster has
 * none, and its report skips each place's first day of each month.
 */
function rosterNewerThan(tree: PlaceTree, fromDay: string): boolean {
  // A creation instant two days before `fromDay` (UTC) is on or before it in any time zone (offsets are under 15 h): no date maths for those.
  const surelyBefore = minusDays(fromDay, 1);
  for (const place of tree.byId.values()) {
    if (place.dataBegins !== undefined || place.createdAt.slice(0, 10) < surelyBefore) continue;
    if (tree.onRosterSince(place) > fromDay) return true;
  }
  return false;
}

/** Days without a session after which a village is listed as silent. */
export const SILENT_DAYS = 30;

/**
 * Everything the indicators of one subtree are computed from, as of one
 * instant: the place tree, monthly sums since `fromMonth` (per place-month,
 * and each anchor's mix by form and groups), and daily facts for the last
 * weeks. Loading it is a few queries of rollups; the rest is pure.
 */
export interface ScopeData {
  tree: PlaceTree;
  timeZone: string;
  /** Local date of the instant the data describes. */
  today: string;
  fromMonth: string;
  /** Per place-month sums since `fromMonth`. */
  months: PlaceMonth[];
  /** By anchor (the scope, and the places of the plans asked for under it): the months' mix by form, groups and level. */
  mix: ReadonlyMap<string, MixFact[]>;
  fromDay: string;
  /** Null when not asked for (`daily: false`): no week totals, no silent villages. */
  days: ScopeDays | null;
  /** Places someone on the roster can log at: what tells a measurable target from one no one can feed. */
  staffed: ReadonlySet<string>;
  /**
   * Monthly facts before `fromMonth`, loaded only when some place's roster
   * import is later than `fromMonth` (a back-dated log before a plan's start
   * then moves its data's beginning back): read by `dataBeginsOf`, never counted.
   */
  earlier?: PlaceMonth[];
}

/** What the indicators read: the place tree, who is on the roster where, the rollups and the plans. */
export type IndicatorRepos = Pick<Repositories, 'places' | 'people' | 'rollups' | 'plans'>;

export interface LoadOptions {
  /** Earliest month needed (a plan's start); defaults to January of this year. */
  sinceMonth?: string;
  /** Earliest day needed in daily facts (a named past week); defaults to last week or 30 days back. */
  sinceDay?: string;
  /**
   * Load daily facts (week totals, silent villages); default true. Off for
   * month-based answers: on the embedded store every query is a full scan.
   */
  daily?: boolean;
  /** Places under the scope whose own mix is read (the places of plans below it); the scope's is always loaded. */
  anchors?: readonly string[];
  /** The week whose totals are read from the daily rollups (the Monday summary). */
  week?: { from: string; to: string };
  /** The 30 days a village's silence is told over (up to the period's last day). */
  silence?: { from: string; to: string };
}

/** The daily figures asked: from the daily rollups when the store keeps them, else from the day facts. */
async function loadDays(repos: IndicatorRepos, scopeId: string, asked: DaysAsked): Promise<ScopeDays> {
  if (repos.rollups.compactDays) {
    // Only what lies in the loaded days can be told (as from the facts).
    const clamp = (r: { from: string; to: string }) => ({ from: laterOf(r.from, asked.from), to: earlierOf(r.to, asked.to) });
    const compact = await repos.rollups.compactDays(scopeId, {
      from: asked.from,
      to: asked.to,
      firsts: asked.firsts !== false,
      ...(asked.week ? { week: clamp(asked.week) } : {}),
      ...(asked.silence ? { silence: clamp(asked.silence) } : {}),
    });
    return scopeDaysOfRollups(compact, asked);
  }
  return scopeDaysOfFacts(await repos.rollups.dayFacts(scopeId, asked.from, asked.to), asked);
}

/** The months of a scope: from the compact rollups when the store keeps them and they read exactly against the tree, else from the facts. */
async function loadMonths(repos: IndicatorRepos, tree: PlaceTree, scopeId: string, anchors: readonly string[], from: string, to: string): Promise<ScopeMonths> {
  if (repos.rollups.compactMonths) {
    const compact = scopeMonthsOfRollups(await repos.rollups.compactMonths(scopeId, anchors, from, to), tree, anchors);
    if (compact) return compact;
  }
  return scopeMonthsOfFacts(await repos.rollups.monthFacts(scopeId, from, to), tree, anchors);
}

/** Place-months before the window (data begins only): the compact rollup when kept, else summed from the facts. */
async function loadEarlier(repos: IndicatorRepos, scopeId: string, from: string, to: string): Promise<PlaceMonth[]> {
  if (repos.rollups.compactMonths) return (await repos.rollups.compactMonths(scopeId, [], from, to)).places;
  return placeMonthsOf(await repos.rollups.monthFacts(scopeId, from, to));
}

export async function loadScopeData(
  repos: IndicatorRepos,
  scopeId: string,
  at: Date,
  timeZone: string,
  options: LoadOptions = {},
): Promise<ScopeData | null> {
  const tree = await loadPlaceTree(repos.places, scopeId, timeZone);
  if (!tree) return null;
  const today = localDate(at, timeZone);
  const thisMonth = today.slice(0, 7);
  // Last week (the Monday summary) may end in last year: its year is needed too.
  const lastWeek = weekBounds(minusDays(today, 7));
  const yearStart = `${lastWeek.to.slice(0, 4)}-01`;
  // The first week of a month also shows last month's final coverage.
  const lastMonth = minusDays(`${thisMonth}-01`, 1).slice(0, 7);
  const base = earlierOf(yearStart, lastMonth);
  const fromMonth = options.sinceMonth ? earlierOf(options.sinceMonth, base) : base;
  const recent = earlierOf(lastWeek.from, minusDays(today, SILENT_DAYS - 1));
  const fromDay = options.sinceDay ? earlierOf(options.sinceDay, recent) : recent;
  const anchors = [...new Set([scopeId, ...(options.anchors ?? []).filter((id) => id !== scopeId && tree.byId.has(id))])];
  const [months, days, staffed, earlier] = await Promise.all([
    loadMonths(repos, tree, scopeId, anchors, fromMonth, thisMonth),
    options.daily === false
      ? Promise.resolve(null)
      : loadDays(repos, scopeId, {
          from: fromDay,
          to: today,
          ...(options.week ? { week: options.week } : {}),
          ...(options.silence ? { silence: options.silence } : {}),
          firsts: rosterNewerThan(tree, fromDay),
        }),
    repos.people.staffedPlaceIds(scopeId),
    // Only a roster imported after the window's start can have its data begin before it: a settled deployment never pays this.
    importedInWindow(tree, fromMonth) ? loadEarlier(repos, scopeId, EARLIEST_MONTH, minusDays(`${fromMonth}-01`, 1).slice(0, 7)) : Promise.resolve(undefined),
  ]);
  return { tree, timeZone, today, fromMonth, months: months.places, mix: months.mix, fromDay, days, staffed: new Set(staffed), ...(earlier ? { earlier } : {}) };
}
