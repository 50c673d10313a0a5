import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { DocumentStore } from '../storage/port';

/**
 * Session counts grouped by the place a log was held in, a period bucket, the
 * form and the exact list of groups. Everything the indicators need is a sum
 * over these, so a province is a couple of `$group` passes (using the stored
 * period keys: no date operators), never a scan of logs in application code.
 */
export interface Fact {
  /** The log's `villageId` (a village, or a commune for commune-level sessions). */
  place: string;
  /** `YYYY-MM` for monthly facts, `YYYY-MM-DD` for daily ones. */
  bucket: string;
  form: FormCode;
  groups: GroupCode[];
  sessions: number;
  participants: number;
  /** Participants by group, when the one log behind this fact gave a split. */
  split?: Partial<Record<GroupCode, number>>;
}

/** A press item (`bao`) reaches readers no one can count: its number is items, never people. */
export function countsPeople(fact: Fact): boolean {
  return fact.form !== 'bao';
}

/** Attendances of `group` in a fact: the split's share when there is one, else all of it when the group is listed. */
export function attendancesOf(fact: Fact, group: GroupCode): number {
  if (fact.split) return fact.split[group] ?? 0;
  return fact.groups.includes(group) ? fact.participants : 0;
}

interface FactRow {
  _id: { p: string; b: string; f: FormCode; g: GroupCode[] };
  n: number;
  s: number;
}

/** One pass: sessions and participants per (place, bucket, form, groups). */
function groupFacts(store: DocumentStore, match: Record<string, unknown>, key: Record<string, string>): Promise<FactRow[]> {
  return store.collection('logs').aggregate<FactRow>([{ $match: match }, { $group: { _id: key, n: { $sum: 1 }, s: { $sum: '$participants' } } }]);
}

/** Sorted, so a report does not depend on the order a store happens to group in. */
function toFacts(rows: FactRow[]): Fact[] {
  const key = (f: Fact): string => `${f.place}\u0000${f.bucket}\u0000${f.form}\u0000${f.groups.join(',')}`;
  return rows
    .map((r) => ({ place: r._id.p, bucket: r._id.b, form: r._id.f, groups: r._id.g, sessions: r.n, participants: r.s }))
    .map((f) => [key(f), f] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, f]) => f);
}

interface SplitLog {
  _id: string;
  villageId: string;
  date: string;
  periods: { month: string };
  form: FormCode;
  groups: GroupCode[];
  participants: number;
  participantsByGroup: Partial<Record<GroupCode, number>>;
}

/**
 * Logs that split their participants by group can't be summed per group by a
 * portable `$group` (no expressions), and they are few: each becomes its own
 * fact carrying the split, and the grouped pass leaves them out.
 */
async function splitFacts(store: DocumentStore, match: Record<string, unknown>, bucket: (log: SplitLog) => string): Promise<Fact[]> {
  const logs = await store
    .collection<SplitLog & { [k: string]: unknown }>('logs')
    .find({ ...match, participantsByGroup: { $exists: true } }, { sort: { _id: 1 } });
  return logs.map((l) => ({ place: l.villageId, bucket: bucket(l), form: l.form, groups: l.groups, sessions: 1, participants: l.participants, split: l.participantsByGroup }));
}

async function facts(store: DocumentStore, match: Record<string, unknown>, key: Record<string, string>, bucket: (log: SplitLog) => string): Promise<Fact[]> {
  const [rows, split] = await Promise.all([groupFacts(store, { ...match, participantsByGroup: { $exists: false } }, key), splitFacts(store, match, bucket)]);
  return [...toFacts(rows), ...split];
}

/** Monthly facts under `scopeId` for months `from`..`to` (inclusive, `YYYY-MM`). Cancelled logs count nowhere. */
export function monthlyFacts(store: DocumentStore, scopeId: string, from: string, to: string): Promise<Fact[]> {
  return facts(
    store,
    { placePath: scopeId, cancelledAt: null, 'periods.month': { $gte: from, $lte: to } },
    { p: '$villageId', b: '$periods.month', f: '$form', g: '$groups' },
    (l) => l.periods.month,
  );
}

/** Daily facts under `scopeId` for local dates `from`..`to` (inclusive, `YYYY-MM-DD`). */
export function dailyFacts(store: DocumentStore, scopeId: string, from: string, to: string): Promise<Fact[]> {
  return facts(
    store,
    { placePath: scopeId, cancelledAt: null, date: { $gte: from, $lte: to } },
    { p: '$villageId', b: '$date', f: '$form', g: '$groups' },
    (l) => l.date,
  );
}

/** Places under `scopeId` where someone on the roster can log (a collaborator's village, an officer's or admin's own place). */
export async function staffedPlaces(store: DocumentStore, scopeId: string): Promise<Set<string>> {
  const rows = await store.collection('people').aggregate<{ _id: string }>([{ $match: { placePath: scopeId } }, { $group: { _id: '$role.placeId' } }]);
  return new Set(rows.map((r) => r._id));
}
