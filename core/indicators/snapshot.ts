import type { Place } from '../domain/places';
import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { SummaryPeriod } from '../language/commands';
import { periodKeysOf } from '../periods';
import { earlierOf, keyBounds, laterOf, minusDays, monthsBetween, periodKeyOf, previousKey } from './buckets';
import { dataBeginsOf } from './data-begins';
import { attendancesForTarget, countsPeople, isSession, type FactCounts } from '../domain/log-facts';
import { SILENT_DAYS, type ScopeData } from './scope-data';

export interface PeriodTotals {
  kind: SummaryPeriod;
  /** `2026-W47`, `2026-11`, `2026-Q4` or `2026`. */
  key: string;
  from: string;
  to: string;
  /** Sessions held: press items are not sessions (see `items`). */
  sessions: number;
  participants: number;
  /** Press items (`tin bài`): counted apart, never sessions nor people. */
  items: number;
  /**
   * Attendances (lượt người) by target group, as a single-group target counts them (CHITIEU's figure): a split's
   * share, or the whole log when it names that group alone.
   */
  byGroup: Partial<Record<GroupCode, number>>;
  /** Attendances of logs naming several groups without a split: under no group, said apart (never once per group). */
  unsplit: number;
  /** Logs and attendances by form; under `bao` the count is of press items, never sessions nor people. */
  byForm: Partial<Record<FormCode, { sessions: number; participants: number }>>;
}

export interface VillageStatus {
  place: Place;
  commune: Place | null;
  sessionsMonth: number;
  sessionsYear: number;
  /** Sessions in the reported period itself (a quarter's, a year's). */
  sessionsPeriod: number;
  /** Sessions in each month of the period (`YYYY-MM` → count): the XUAT village sheet's columns. */
  monthly: Record<string, number>;
  /** No session in the 30 days up to the period's last day, and watched for at least that long (see `watchedSince`). */
  silent: boolean;
}

export interface CommuneStatus {
  place: Place;
  villages: number;
  coveredMonth: number;
  coveredYear: number;
  /** Villages covered this month as a share, 0–100 (100 for a commune without villages that held a session). */
  percentMonth: number;
  /** The same over the reported period (a quarter, a half-year, a year). */
  coveredPeriod: number;
  percentPeriod: number;
  sessions: number;
  participants: number;
}

export interface Snapshot {
  root: Place;
  /** The date month and year refer to (the last day of the reported week for the Monday summary). */
  refDate: string;
  month: string;
  year: string;
  period: PeriodTotals;
  villages: VillageStatus[];
  communes: CommuneStatus[];
  coveredMonth: number;
  coveredYear: number;
  /** Villages with no session this month, by name. */
  quiet: VillageStatus[];
  /** Villages with a session in the reported period, and those without one. */
  coveredPeriod: number;
  quietPeriod: VillageStatus[];
  /** Sessions of the month and the year (to the month) at every place of the subtree, the scope's own included: XEM's totals. */
  sessions: { month: number; year: number };
  /** Coverage of each month of the period (quarter, half-year, year; one entry for a month or week). */
  byMonth: { month: string; covered: number; villages: number }[];
  silent: VillageStatus[];
  /** In the first week of a month: last month's final coverage (villages with a session / villages counted). */
  lastMonth?: { month: string; covered: number; villages: number };
}

export interface SnapshotOptions {
  period: SummaryPeriod;
  /** Which period of that kind: the current one (default) or the previous one (the Monday summary). */
  which?: 'current' | 'previous';
  /** A named period (`2026-11`, `2026-Q3`, `2026-H1`): overrides `which`. */
  key?: string;
}

/** The dates a period covers, cut at today (a running period is reported so far). */
export function periodRange(today: string, kind: SummaryPeriod, which: 'current' | 'previous', key?: string): { key: string; from: string; to: string } {
  const current = periodKeyOf(today, kind);
  const chosen = key ?? (which === 'previous' ? previousKey(current, kind) : current);
  const { from, to } = keyBounds(chosen);
  return { key: chosen, from, to: to > today ? today : to };
}

function addGroups(totals: PeriodTotals, fact: FactCounts): void {
  if (isSession(fact)) totals.sessions += fact.sessions;
  else totals.items += fact.sessions;
  const form = (totals.byForm[fact.form] ??= { sessions: 0, participants: 0 });
  form.sessions += fact.sessions;
  if (!countsPeople(fact)) return;
  form.participants += fact.participants;
  totals.participants += fact.participants;
  if (!fact.split && fact.groups.length > 1) {
    totals.unsplit += fact.participants;
    return;
  }
  for (const g of new Set([...fact.groups, ...(Object.keys(fact.split ?? {}) as GroupCode[])])) {
    const n = attendancesForTarget(fact, g).counted;
    if (n > 0) totals.byGroup[g] = (totals.byGroup[g] ?? 0) + n;
  }
}

/**
 * Sessions and coverage of a subtree: what TONGHOP, CHUA, XEM, the Monday
 * summary and reminders show. A commune counts as covered when any of its
 * villages, or the commune itself, held a session.
 */
export function snapshot(data: ScopeData, options: SnapshotOptions): Snapshot {
  const range = periodRange(data.today, options.period, options.which ?? 'current', options.key);
  // Month and year figures (coverage, quiet villages) are those of the period's last day.
  const refDate = range.to;
  const { month, year } = periodKeysOf(refDate);
  if (options.period === 'week' && (data.days?.week?.from !== range.from || data.days.week.to !== range.to)) {
    throw new RangeError(`week totals need the daily rollups of ${range.from}..${range.to} (load with that week)`);
  }
  if (range.from < (options.period === 'week' ? data.fromDay : `${data.fromMonth}-01`)) {
    throw new RangeError(`scope data does not reach back to ${range.from}`);
  }
  const { period, byPlace } = periodTotals(data, options.period, range);
  const sessions = sessionsByPlace(data, month, year);
  const villages = villageStatuses(data, refDate, sessions, byPlace);
  const communes = communeStatuses(data, villages, byPlace, sessions.month, refDate);
  const lastMonth = options.period === 'week' || options.period === 'month' ? lastMonthCoverage(data, refDate) : undefined;
  return {
    root: data.tree.root,
    refDate,
    ...(lastMonth ? { lastMonth } : {}),
    month,
    year,
    period,
    villages,
    communes,
    coveredMonth: villages.filter((v) => v.sessionsMonth > 0).length,
    coveredYear: villages.filter((v) => v.sessionsYear > 0).length,
    quiet: villages.filter((v) => v.sessionsMonth === 0),
    coveredPeriod: villages.filter((v) => v.sessionsPeriod > 0).length,
    quietPeriod: villages.filter((v) => v.sessionsPeriod === 0),
    byMonth: monthlyCoverage(data, range, refDate),
    sessions: { month: sum(sessions.month), year: sum(sessions.year) },
    silent: villages.filter((v) => v.silent),
  };
}

function sum(counts: Map<string, number>): number {
  let n = 0;
  for (const v of counts.values()) n += v;
  return n;
}

/** Each place's sessions per month up to `refDate` (the months a period's sheet may show), in one pass. */
function monthlyByPlace(data: ScopeData, refDate: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const pm of data.months) {
    if (pm.bucket > refDate.slice(0, 7) || pm.sessions === 0) continue;
    let row = out.get(pm.place);
    if (!row) out.set(pm.place, (row = {}));
    row[pm.bucket] = (row[pm.bucket] ?? 0) + pm.sessions;
  }
  return out;
}

/** Each month of the period: villages with a session among those on the roster by its end. */
function monthlyCoverage(data: ScopeData, range: { from: string; to: string }, refDate: string): Snapshot['byMonth'] {
  const { tree } = data;
  return monthsBetween(range.from.slice(0, 7), range.to.slice(0, 7)).map((month) => {
    const end = earlierOf(keyBounds(month).to, refDate);
    const counted = tree.ofLevel('village').filter((v) => countsFrom(data, v) <= end);
    const held = new Set(data.months.filter((pm) => pm.bucket === month && pm.sessions > 0).map((pm) => pm.place));
    return { month, covered: counted.filter((v) => held.has(v._id)).length, villages: counted.length };
  });
}

type PlaceCounts = Map<string, { sessions: number; participants: number }>;

/** The period's totals (by group and form), and its sessions and people per place: days for a week, months otherwise. */
function periodTotals(data: ScopeData, kind: SummaryPeriod, range: { key: string; from: string; to: string }): { period: PeriodTotals; byPlace: PlaceCounts } {
  const period: PeriodTotals = { kind, key: range.key, from: range.from, to: range.to, sessions: 0, participants: 0, items: 0, byGroup: {}, unsplit: 0, byForm: {} };
  const byPlace: PlaceCounts = new Map();
  const perPlace = (place: string, sessions: number, participants: number): void => {
    const row = byPlace.get(place) ?? { sessions: 0, participants: 0 };
    row.sessions += sessions;
    row.participants += participants;
    byPlace.set(place, row);
  };
  if (kind === 'week') {
    const week = data.days!.week!;
    for (const fact of week.mix) addGroups(period, fact);
    for (const [place, row] of week.places) perPlace(place, row.sessions, row.participants);
  } else {
    const [fromMonth, toMonth] = [range.from.slice(0, 7), range.to.slice(0, 7)];
    // By form and group: the scope's mix; by place: the place-months (the same logs, summed two ways).
    for (const fact of data.mix.get(data.tree.root._id) ?? []) if (fact.bucket >= fromMonth && fact.bucket <= toMonth) addGroups(period, fact);
    for (const pm of data.months) if (pm.bucket >= fromMonth && pm.bucket <= toMonth && pm.sessions > 0) perPlace(pm.place, pm.sessions, pm.participants);
  }
  return { period, byPlace };
}

/** Sessions per place in `month`, and in `year` up to that month. */
function sessionsByPlace(data: ScopeData, month: string, year: string): { month: Map<string, number>; year: Map<string, number> } {
  const inMonth = new Map<string, number>();
  const inYear = new Map<string, number>();
  for (const pm of data.months) {
    if (pm.sessions === 0) continue;
    if (pm.bucket === month) inMonth.set(pm.place, (inMonth.get(pm.place) ?? 0) + pm.sessions);
    if (pm.bucket.startsWith(year) && pm.bucket <= month) inYear.set(pm.place, (inYear.get(pm.place) ?? 0) + pm.sessions);
  }
  return { month: inMonth, year: inYear };
}

/**
 * Every village on the roster by `refDate`, with its month, year and period
 * sessions and whether it had gone silent by `refDate` (a past period's last day).
 */
function villageStatuses(
  data: ScopeData,
  refDate: string,
  sessions: { month: Map<string, number>; year: Map<string, number> },
  period: PlaceCounts,
): VillageStatus[] {
  const { tree } = data;
  const silentFrom = minusDays(refDate, SILENT_DAYS - 1);
  const silence = data.days?.silence;
  if (data.days && (silence?.from !== silentFrom || silence.to !== refDate)) throw new RangeError(`silence needs the daily rollups of ${silentFrom}..${refDate} (load with that span)`);
  const recent = silence?.recent ?? new Set<string>();
  const monthly = monthlyByPlace(data, refDate);
  return tree
    .ofLevel('village')
    .filter((v) => countsFrom(data, v) <= refDate)
    .map((place) => ({
      place,
      commune: tree.ancestorAt(place._id, 'commune'),
      sessionsMonth: sessions.month.get(place._id) ?? 0,
      sessionsYear: sessions.year.get(place._id) ?? 0,
      sessionsPeriod: period.get(place._id)?.sessions ?? 0,
      monthly: monthly.get(place._id) ?? {},
      silent: data.days !== null && data.fromDay <= silentFrom && !recent.has(place._id) && watchedSince(data, place) <= silentFrom,
    }));
}

/**
 * From when a place is in a period's count (issue 21: before data begins is not failure): a village or commune
 * from its commune's data begins, never before its own roster `since`. A period ending earlier leaves it out,
 * as CHITIEU does (`chưa có dữ liệu`), instead of counting it as a place without sessions.
 */
function countsFrom(data: ScopeData, place: Place): string {
  const commune = place.level === 'commune' ? place : data.tree.ancestorAt(place._id, 'commune');
  return commune ? laterOf(dataBeginsOf(data, commune), data.tree.joinedOn(place)) : data.tree.joinedOn(place);
}

/**
 * From when a village's silence can be told: its commune's data begins (the
 * earlier of the commune's roster import and its first log, back-dated ones
 * included), never before the village's own `since`.
 */
function watchedSince(data: ScopeData, village: Place): string {
  const commune = data.tree.ancestorAt(village._id, 'commune');
  const begins = commune ? dataBeginsOf(data, commune) : data.tree.onRosterSince(village);
  return laterOf(begins, data.tree.joinedOn(village));
}

/** Each commune's coverage and the period's sessions and people, its own and its villages'. */
function communeStatuses(data: ScopeData, villages: VillageStatus[], periodByPlace: PlaceCounts, monthByPlace: Map<string, number>, refDate: string): CommuneStatus[] {
  // Villages by commune, once: filtering every village for each commune was 540,000 tests for a province.
  const byCommune = new Map<string, VillageStatus[]>();
  for (const v of villages) {
    if (!v.commune) continue;
    const list = byCommune.get(v.commune._id);
    if (list) list.push(v);
    else byCommune.set(v.commune._id, [v]);
  }
  return data.tree.ofLevel('commune').filter((place) => countsFrom(data, place) <= refDate).map((place) => {
    const own = byCommune.get(place._id) ?? [];
    const selfMonth = (monthByPlace.get(place._id) ?? 0) > 0;
    const coveredMonth = own.filter((v) => v.sessionsMonth > 0).length;
    const coveredYear = own.filter((v) => v.sessionsYear > 0).length;
    let sessions = periodByPlace.get(place._id)?.sessions ?? 0;
    let participants = periodByPlace.get(place._id)?.participants ?? 0;
    for (const v of own) {
      sessions += periodByPlace.get(v.place._id)?.sessions ?? 0;
      participants += periodByPlace.get(v.place._id)?.participants ?? 0;
    }
    const percentMonth = own.length > 0 ? Math.round((coveredMonth / own.length) * 100) : selfMonth ? 100 : 0;
    const coveredPeriod = own.filter((v) => v.sessionsPeriod > 0).length;
    const selfPeriod = (periodByPlace.get(place._id)?.sessions ?? 0) > 0;
    const percentPeriod = own.length > 0 ? Math.round((coveredPeriod / own.length) * 100) : selfPeriod ? 100 : 0;
    return { place, villages: own.length, coveredMonth, coveredYear, percentMonth, coveredPeriod, percentPeriod, sessions, participants };
  });
}

/** In the first week of a month (of the period's last day), how the month before closed (when the data reaches back to it). */
function lastMonthCoverage(data: ScopeData, refDate: string): Snapshot['lastMonth'] {
  if (Number(refDate.slice(8, 10)) > 7) return undefined;
  const { tree } = data;
  const prev = periodKeysOf(minusDays(`${refDate.slice(0, 7)}-01`, 1)).month;
  const end = keyBounds(prev).to;
  const counted = tree.ofLevel('village').filter((v) => countsFrom(data, v) <= end);
  const held = new Set(data.months.filter((pm) => pm.bucket === prev && pm.sessions > 0).map((pm) => pm.place));
  if (prev < data.fromMonth) return undefined;
  return { month: prev, covered: counted.filter((v) => held.has(v._id)).length, villages: counted.length };
}

/** Communes ranked for an admin: furthest behind this month first, then by name. */
export function rankCommunes(communes: CommuneStatus[]): CommuneStatus[] {
  return [...communes].sort((a, b) => a.percentMonth - b.percentMonth || a.coveredMonth - b.coveredMonth || a.place.name.localeCompare(b.place.name, 'vi'));
}
