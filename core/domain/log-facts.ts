import type { FormCode, GroupCode } from './vocabulary-codes';

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

/** What a fact counts, whatever it is keyed by (a place, or an anchor of a scope's mix). */
export type FactCounts = Omit<Fact, 'place' | 'bucket'>;

/**
 * One place's month, summed over forms and groups: what coverage, the
 * village grid and per-place totals read (one row a place-month, however
 * many logs or kinds of logs it holds).
 */
export interface PlaceMonth {
  place: string;
  /** `YYYY-MM`. */
  bucket: string;
  /** Sessions held: press items apart (see `items`). */
  sessions: number;
  /** Participants of those sessions (press items reach no one countable). */
  participants: number;
  /** Press items (`bao`). */
  items: number;
}

/** Sums facts by place and month (what a store without the place-month rollup derives from its facts). */
export function placeMonthsOf(facts: readonly Fact[]): PlaceMonth[] {
  const sums = new Map<string, PlaceMonth>();
  for (const fact of facts) {
    const key = `${fact.place}\u0000${fact.bucket}`;
    let row = sums.get(key);
    if (!row) sums.set(key, (row = { place: fact.place, bucket: fact.bucket, sessions: 0, participants: 0, items: 0 }));
    if (isSession(fact)) {
      row.sessions += fact.sessions;
      row.participants += fact.participants;
    } else row.items += fact.sessions;
  }
  // In the order a store gives them: by place, then month.
  return [...sums.values()].sort((a, b) => (a.place < b.place ? -1 : a.place > b.place ? 1 : a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
}

/** A press item (`bao`) reaches readers no one can count: its number is items, never people. */
export function countsPeople(fact: Pick<Fact, 'form'>): boolean {
  return fact.form !== 'bao';
}

/**
 * A press item is an item (`tin bài`), not a session held anywhere: it never
 * adds to a session total nor makes a village "covered". Only a frequency
 * target on the press form counts it (plan-evaluation's `frequency`).
 */
export function isSession(fact: Pick<Fact, 'form'>): boolean {
  return fact.form !== 'bao';
}

/** Attendances of `group` in a fact: the split's share when there is one, else all of it when the group is listed. */
export function attendancesOf(fact: FactCounts, group: GroupCode): number {
  if (fact.split) return fact.split[group] ?? 0;
  return fact.groups.includes(group) ? fact.participants : 0;
}

/**
 * Attendances of `group` that a single-group target may count: a split's
 * share, or the whole log when it names that group alone. A log naming several
 * groups without a split cannot say how many of each came, so it counts for none.
 */
export function attendancesForTarget(fact: FactCounts, group: GroupCode): { counted: number; unsplit: number } {
  if (fact.split) return { counted: fact.split[group] ?? 0, unsplit: 0 };
  if (!fact.groups.includes(group)) return { counted: 0, unsplit: 0 };
  return fact.groups.length === 1 ? { counted: fact.participants, unsplit: 0 } : { counted: 0, unsplit: fact.participants };
}
