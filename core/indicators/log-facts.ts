import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { DocumentStore } from '../storage/port';
import { readDay, readTotal, RollupsRepo, type RollupSplit } from '../repos/rollups-repo';

/**
 * Session counts grouped by the place a log was held in, a period bucket, the
 * form and the exact list of groups. Everything the indicators need is a sum
 * over these, read from the rollups (villages × months of documents, a few
 * entries each), never from every log.
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

type Split = Fact & { id: string };

const byPlaceThen = (period: (r: { month?: string; year?: string }) => string) => (a: { place: string; month?: string; year?: string }, b: { place: string; month?: string; year?: string }): number =>
  a.place < b.place ? -1 : a.place > b.place ? 1 : period(a) < period(b) ? -1 : period(a) > period(b) ? 1 : 0;

/**
 * Facts in the order a report relies on: keyed (place, bucket, form, groups)
 * in ascending order, then the logs with a split by group, one fact each, in
 * log id order. The rollups hold one document per place-month with its
 * entries already sorted and summed, so ordering the documents orders the facts.
 */
function ordered(facts: Fact[], splits: Split[]): Fact[] {
  splits.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { id: _id, ...fact } of splits) facts.push(fact);
  return facts;
}

function splitFact(place: string, bucket: string, l: RollupSplit): Split {
  return { id: l.id, place, bucket, form: l.f, groups: l.g, sessions: 1, participants: l.s, split: l.split };
}

/** Monthly facts under `scopeId` for months `from`..`to` (inclusive, `YYYY-MM`), read from the yearly rollups. Cancelled logs count nowhere. */
export async function monthlyFacts(store: DocumentStore, scopeId: string, from: string, to: string): Promise<Fact[]> {
  const rollups = (await new RollupsRepo(store).yearsUnder(scopeId, from, to)).sort(byPlaceThen((r) => r.year ?? ''));
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

/** Daily facts under `scopeId` for local dates `from`..`to` (inclusive, `YYYY-MM-DD`), read from the day rollups. */
export async function dailyFacts(store: DocumentStore, scopeId: string, from: string, to: string): Promise<Fact[]> {
  const rollups = (await new RollupsRepo(store).daysUnder(scopeId, from.slice(0, 7), to.slice(0, 7))).sort(byPlaceThen((r) => r.month ?? ''));
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

/** Places under `scopeId` where someone on the roster can log (a collaborator's village, an officer's or admin's own place). */
export async function staffedPlaces(store: DocumentStore, scopeId: string): Promise<Set<string>> {
  const rows = await store.collection('people').aggregate<{ _id: string }>([{ $match: { placePath: scopeId } }, { $group: { _id: '$role.placeId' } }]);
  return new Set(rows.map((r) => r._id));
}
