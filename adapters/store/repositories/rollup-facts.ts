import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { Fact } from '../../../core/domain/log-facts';
import type { DayEntry, DaysRollup, RollupRow, RollupSplit, RollupTotal, TotalEntry, YearRollup } from './rollups-repo';

// Facts read straight from the rollup documents (a province report reads ~150,000 entries).

/** Group lists read back, one array per distinct list (facts never change them). */
const groupLists = new Map<string, GroupCode[]>();
function groupList(joined: string): GroupCode[] {
  let list = groupLists.get(joined);
  if (!list) {
    list = joined === '' ? [] : (joined.split(',') as GroupCode[]);
    if (groupLists.size < 10_000) groupLists.set(joined, list);
  }
  return list;
}

/**
 * Reads `head|form|groups|sessions|participants` from `start` (the head being
 * the date of a day entry, absent in a month entry): by index, since a
 * province report reads ~150,000 entries and `split` would allocate each part.
 */
function readEntry(entry: string, start: number): RollupTotal {
  const a = entry.indexOf('|', start);
  const b = entry.indexOf('|', a + 1);
  const c = entry.indexOf('|', b + 1);
  return { f: entry.slice(start, a) as FormCode, g: groupList(entry.slice(a + 1, b)), n: Number(entry.slice(b + 1, c)), s: Number(entry.slice(c + 1)) };
}

/** A month entry read back: form, groups, sessions, participants. */
export function readTotal(entry: TotalEntry): RollupTotal {
  return readEntry(entry, 0);
}

/** A day entry read back. */
export function readDay(entry: DayEntry): RollupRow {
  return { d: entry.slice(0, 10), ...readEntry(entry, 11) };
}

type Split = Fact & { id: string };

const byPlaceThen = (period: (r: { month?: string; year?: string }) => string) => (a: { place: string; month?: string; year?: string }, b: { place: string; month?: string; year?: string }): number =>
  a.place < b.place ? -1 : a.place > b.place ? 1 : period(a) < period(b) ? -1 : period(a) > period(b) ? 1 : 0;

/**
 * Facts in the order a report relies on: keyed (place, bucket, form, groups)
 * in ascending order, then the logs with a split by group, one fact each, in
 * log id order. Each rollup document holds one place's entries already
 * sorted and summed, so ordering the documents orders the facts.
 */
function ordered(facts: Fact[], splits: Split[]): Fact[] {
  splits.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { id: _id, ...fact } of splits) facts.push(fact);
  return facts;
}

function splitFact(place: string, bucket: string, l: RollupSplit): Split {
  return { id: l.id, place, bucket, form: l.f, groups: l.g, sessions: 1, participants: l.s, split: l.split };
}

/** Monthly facts for months `from`..`to` (inclusive, `YYYY-MM`) of some year documents (sorted here, in place). */
export function monthFactsOf(years: YearRollup[], from: string, to: string): Fact[] {
  const rollups = years.sort(byPlaceThen((r) => r.year ?? ''));
  const facts: Fact[] = [];
  const splits: Split[] = [];
  for (const r of rollups) {
    for (const month of Object.keys(r.months).sort()) {
      if (month < from || month > to) continue;
      for (const entry of r.months[month]!) {
        const t = readTotal(entry);
        facts.push({ place: r.place, bucket: month, form: t.f, groups: t.g, sessions: t.n, participants: t.s });
      }
      for (const l of r.splits?.[month] ?? []) splits.push(splitFact(r.place, month, l));
    }
  }
  return ordered(facts, splits);
}

/** Daily facts for local dates `from`..`to` (inclusive, `YYYY-MM-DD`) of some days documents (sorted here, in place). */
export function dayFactsOf(days: DaysRollup[], from: string, to: string): Fact[] {
  const rollups = days.sort(byPlaceThen((r) => r.month ?? ''));
  const keep = (day: string): boolean => day >= from && day <= to;
  const facts: Fact[] = [];
  const splits: Split[] = [];
  for (const r of rollups) {
    for (const entry of r.rows) {
      if (!keep(entry.slice(0, 10))) continue;
      const row = readDay(entry);
      facts.push({ place: r.place, bucket: row.d, form: row.f, groups: row.g, sessions: row.n, participants: row.s });
    }
    for (const l of r.splits) if (keep(l.d)) splits.push(splitFact(r.place, l.d, l));
  }
  return ordered(facts, splits);
}

