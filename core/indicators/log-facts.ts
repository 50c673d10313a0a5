import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { DocumentStore } from '../storage/port';
import { RollupsRepo, type Rollup } from '../repos/rollups-repo';

/**
 * Session counts grouped by the place a log was held in, a period bucket, the
 * form and the exact list of groups. Everything the indicators need is a sum
 * over these, read from the per-place, per-day rollups (villages × months of
 * documents), never from every log.
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

const factKey = (f: Fact): string => `${f.place}\u0000${f.bucket}\u0000${f.form}\u0000${f.groups.join(',')}`;

/**
 * Sums rollup rows into facts keyed by (place, bucket, form, groups), sorted so
 * a report does not depend on the order a store returns documents in; logs
 * with a split by group follow, one fact each, in log id order.
 */
function factsOf(rollups: Rollup[], bucketOf: (rollup: Rollup, day: string) => string, keep: (day: string) => boolean): Fact[] {
  const grouped = new Map<string, Fact>();
  const split: (Fact & { id: string })[] = [];
  for (const r of rollups) {
    for (const row of r.rows) {
      if (!keep(row.d)) continue;
      const fact: Fact = { place: r.place, bucket: bucketOf(r, row.d), form: row.f, groups: row.g, sessions: 0, participants: 0 };
      const key = factKey(fact);
      const sum = grouped.get(key) ?? fact;
      sum.sessions += row.n;
      sum.participants += row.s;
      grouped.set(key, sum);
    }
    for (const l of r.splits) {
      if (keep(l.d)) split.push({ id: l.id, place: r.place, bucket: bucketOf(r, l.d), form: l.f, groups: l.g, sessions: 1, participants: l.s, split: l.split });
    }
  }
  const rows = [...grouped.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, f]) => f);
  return [...rows, ...split.sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ id: _id, ...f }) => f)];
}

/** Monthly facts under `scopeId` for months `from`..`to` (inclusive, `YYYY-MM`), read from the rollups. Cancelled logs count nowhere. */
export async function monthlyFacts(store: DocumentStore, scopeId: string, from: string, to: string): Promise<Fact[]> {
  return factsOf(await new RollupsRepo(store).forScope(scopeId, from, to), (r) => r.month, () => true);
}

/** Daily facts under `scopeId` for local dates `from`..`to` (inclusive, `YYYY-MM-DD`), read from the rollups. */
export async function dailyFacts(store: DocumentStore, scopeId: string, from: string, to: string): Promise<Fact[]> {
  const rollups = await new RollupsRepo(store).forScope(scopeId, from.slice(0, 7), to.slice(0, 7));
  return factsOf(rollups, (_r, day) => day, (day) => day >= from && day <= to);
}

/** Places under `scopeId` where someone on the roster can log (a collaborator's village, an officer's or admin's own place). */
export async function staffedPlaces(store: DocumentStore, scopeId: string): Promise<Set<string>> {
  const rows = await store.collection('people').aggregate<{ _id: string }>([{ $match: { placePath: scopeId } }, { $group: { _id: '$role.placeId' } }]);
  return new Set(rows.map((r) => r._id));
}
