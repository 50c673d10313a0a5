/**
 * The shape of the MongoDB rollups, built for `$inc`: per place and year, per
 * month, one `{n, s}` (sessions, participants) per kind of session (form and
 * exact list of groups, the key `form|g1,g2`); per place and month, the same
 * per day. A log adds `+1, +participants` to one entry of each; a cancel takes
 * them away. Logs split by group are kept whole under their id (their groups
 * do not sum like the others): set on a log, unset on a cancel.
 */
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { SessionLog } from '../../../core/domain/session-log';
import type { Fact } from '../../../core/domain/log-facts';

/** A live log that split its participants by group, as a place-month document keeps it: whole, since its groups do not sum like the others. */
export interface RollupSplit {
  id: string;
  d: string;
  f: FormCode;
  g: GroupCode[];
  s: number;
  split: Partial<Record<GroupCode, number>>;
}

export type Sums = { n: number; s: number };
/** Kind key → sums. */
export type KindSums = Record<string, Sums>;

export interface MonthCountsDoc {
  _id: string;
  place: string;
  placePath: string[];
  year: string;
  months: Record<string, KindSums>;
  splits?: Record<string, Record<string, RollupSplit>>;
  [key: string]: unknown;
}

export interface DayCountsDoc {
  _id: string;
  place: string;
  placePath: string[];
  month: string;
  days: Record<string, KindSums>;
  splits: Record<string, RollupSplit>;
  [key: string]: unknown;
}

export type LogFields = Pick<SessionLog, '_id' | 'villageId' | 'placePath' | 'date' | 'periods' | 'form' | 'groups' | 'participants' | 'participantsByGroup' | 'cancelledAt'>;
export const LOG_FIELDS = { _id: 1, villageId: 1, placePath: 1, date: 1, periods: 1, form: 1, groups: 1, participants: 1, participantsByGroup: 1, cancelledAt: 1 } as const;

/** Ids lead with the kind and the period, so a scope's documents of some years or months are one `_id` range. */
export const yearId = (place: string, year: string): string => `m|${year}|${place}`;
export const daysId = (place: string, month: string): string => `d|${month}|${place}`;
export const idRange = (kind: 'm' | 'd', from: string, to: string) => ({ $gte: `${kind}|${from}|`, $lte: `${kind}|${to}|\uffff` });

export const kindKey = (form: string, groups: readonly string[]): string => `${form}|${groups.join(',')}`;
/** A field name from a log id: MongoDB field names may not hold `.` or start with `$`. */
export const fieldKey = (id: string): string => id.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/^\$/, '%24');

/** What one place-month holds, as the two documents store it. */
export interface PlaceMonth {
  place: string;
  placePath: string[];
  month: string;
  totals: KindSums;
  days: Record<string, KindSums>;
  splits: Record<string, RollupSplit>;
}

function add(sums: KindSums, key: string, participants: number): void {
  const entry = (sums[key] ??= { n: 0, s: 0 });
  entry.n += 1;
  entry.s += participants;
}

/** Accumulates live logs into place-months (a recount, a rebuild); cancelled logs are skipped. */
export class PlaceMonthAccumulator {
  readonly byKey = new Map<string, PlaceMonth>();

  add(log: LogFields): void {
    if (log.cancelledAt) return;
    const key = `${log.villageId}|${log.periods.month}`;
    let pm = this.byKey.get(key);
    if (!pm) this.byKey.set(key, (pm = { place: log.villageId, placePath: log.placePath, month: log.periods.month, totals: {}, days: {}, splits: {} }));
    if (log.participantsByGroup) {
      pm.splits[fieldKey(log._id)] = { id: log._id, d: log.date, f: log.form, g: log.groups, s: log.participants, split: log.participantsByGroup };
      return;
    }
    const kind = kindKey(log.form, log.groups);
    add(pm.totals, kind, log.participants);
    add((pm.days[log.date] ??= {}), kind, log.participants);
  }
}

type Split = Fact & { id: string };
const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
/** Kinds in the order facts are (form, then groups), whatever order the server kept the fields in. */
function sortedKinds(sums: KindSums): { form: FormCode; groups: GroupCode[]; sums: Sums }[] {
  return Object.entries(sums)
    .filter(([, v]) => v.n > 0)
    .map(([key, v]) => {
      const bar = key.indexOf('|');
      const joined = key.slice(bar + 1);
      return { form: key.slice(0, bar) as FormCode, groups: (joined === '' ? [] : joined.split(',')) as GroupCode[], sums: v };
    })
    .sort((a, b) => compare(`${a.form}\u0000${a.groups.join(',')}`, `${b.form}\u0000${b.groups.join(',')}`));
}

function splitFact(place: string, bucket: string, l: RollupSplit): Split {
  return { id: l.id, place, bucket, form: l.f, groups: l.g, sessions: 1, participants: l.s, split: l.split };
}

/** Keyed facts by (place, bucket, form, groups), then the split logs by id: the order a report relies on. */
function ordered(facts: Fact[], splits: Split[]): Fact[] {
  splits.sort((a, b) => compare(a.id, b.id));
  for (const { id: _id, ...fact } of splits) facts.push(fact);
  return facts;
}

/** Monthly facts for months `from`..`to` (inclusive) of some year documents. */
export function monthFactsOf(docs: MonthCountsDoc[], from: string, to: string): Fact[] {
  docs.sort((a, b) => compare(a.place, b.place) || compare(a.year, b.year));
  const facts: Fact[] = [];
  const splits: Split[] = [];
  for (const doc of docs) {
    // A month may hold only split logs: it then has no totals entry.
    for (const month of [...new Set([...Object.keys(doc.months ?? {}), ...Object.keys(doc.splits ?? {})])].sort()) {
      if (month < from || month > to) continue;
      for (const k of sortedKinds(doc.months?.[month] ?? {})) facts.push({ place: doc.place, bucket: month, form: k.form, groups: k.groups, sessions: k.sums.n, participants: k.sums.s });
      for (const l of Object.values(doc.splits?.[month] ?? {})) splits.push(splitFact(doc.place, month, l));
    }
  }
  return ordered(facts, splits);
}

/** Daily facts for dates `from`..`to` (inclusive) of some month documents. */
export function dayFactsOf(docs: DayCountsDoc[], from: string, to: string): Fact[] {
  docs.sort((a, b) => compare(a.place, b.place) || compare(a.month, b.month));
  const facts: Fact[] = [];
  const splits: Split[] = [];
  for (const doc of docs) {
    for (const day of Object.keys(doc.days ?? {}).sort()) {
      if (day < from || day > to) continue;
      for (const k of sortedKinds(doc.days[day]!)) facts.push({ place: doc.place, bucket: day, form: k.form, groups: k.groups, sessions: k.sums.n, participants: k.sums.s });
    }
    for (const l of Object.values(doc.splits ?? {})) if (l.d >= from && l.d <= to) splits.push(splitFact(doc.place, l.d, l));
  }
  return ordered(facts, splits);
}
