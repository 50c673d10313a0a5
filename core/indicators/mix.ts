import type { PlaceLevel } from '../domain/places';
import { isSession, placeMonthsOf, type Fact, type FactCounts, type PlaceMonth } from '../domain/log-facts';
import type { CompactDays, CompactMonths } from '../repos/rollups-repo';
import type { PlaceTree } from './place-tree';

/**
 * One line of an anchor's mix: logs at places under the anchor (a scope, or
 * a plan's place), summed by month, form, exact groups and the level of the
 * place they were held at. Period totals by form and group, press, training
 * and reach targets read these; none of them needs to know which village.
 */
export interface MixFact extends FactCounts {
  bucket: string;
  /** The level of the places the logs were held at; null for a place no longer on the roster (counted in totals, never in a target). */
  level: PlaceLevel | null;
}

/** A scope's months: per place-month sums, and each anchor's mix. */
export interface ScopeMonths {
  places: PlaceMonth[];
  mix: Map<string, MixFact[]>;
}

/**
 * The anchors' mix computed from facts (a store without the anchor rollup,
 * or a tree the rollup cannot be read against): a fact counts for every
 * anchor on its place's path, and, when its place is off the roster, for the
 * root alone.
 */
export function mixOfFacts(facts: readonly Fact[], tree: PlaceTree, anchors: readonly string[]): Map<string, MixFact[]> {
  const sums = new Map<string, Map<string, MixFact>>(anchors.map((a) => [a, new Map()]));
  const add = (anchor: string, level: PlaceLevel | null, fact: Fact): void => {
    const byKey = sums.get(anchor);
    if (!byKey) return;
    if (fact.split) {
      // A split does not sum with unsplit logs of the same groups; kept whole.
      byKey.set(`${byKey.size}\u0001`, { bucket: fact.bucket, level, form: fact.form, groups: fact.groups, sessions: fact.sessions, participants: fact.participants, split: fact.split });
      return;
    }
    const key = `${level}\u0000${fact.bucket}\u0000${fact.form}\u0000${fact.groups.join(',')}`;
    const row = byKey.get(key);
    if (row) {
      row.sessions += fact.sessions;
      row.participants += fact.participants;
    } else byKey.set(key, { bucket: fact.bucket, level, form: fact.form, groups: fact.groups, sessions: fact.sessions, participants: fact.participants });
  };
  for (const fact of facts) {
    const place = tree.byId.get(fact.place);
    if (!place) add(tree.root._id, null, fact);
    else for (const id of place.path) add(id, place.level, fact);
  }
  return new Map([...sums].map(([anchor, byKey]) => [anchor, [...byKey.values()]]));
}

/** The same as {@link mixOfFacts}, from facts: what a store without the rollups gives. */
export function scopeMonthsOfFacts(facts: readonly Fact[], tree: PlaceTree, anchors: readonly string[]): ScopeMonths {
  return { places: placeMonthsOf(facts), mix: mixOfFacts(facts, tree, anchors) };
}

/**
 * The rollups' compact months read against the tree, or null when they
 * cannot be read exactly so (then the facts are read instead): a place
 * under the scope that is off the roster (a target must not count it, and
 * the anchor rows cannot tell it apart), or a path length that two levels
 * share (an uneven tree: a commune right under the province beside
 * districts).
 */
export function scopeMonthsOfRollups(compact: CompactMonths, tree: PlaceTree, anchors: readonly string[]): ScopeMonths | null {
  const levelAt = new Map<number, PlaceLevel | 'mixed'>();
  for (const place of tree.byId.values()) {
    const known = levelAt.get(place.path.length);
    levelAt.set(place.path.length, known === undefined || known === place.level ? place.level : 'mixed');
  }
  if (compact.places.some((p) => !tree.byId.has(p.place))) return null;
  const mix = new Map<string, MixFact[]>(anchors.map((a) => [a, []]));
  for (const row of compact.mix) {
    const level = levelAt.get(row.depth);
    if (level === undefined || level === 'mixed') return null;
    mix.get(row.anchor)?.push({ bucket: row.bucket, level, form: row.form, groups: row.groups, sessions: row.sessions, participants: row.participants });
  }
  // Splits: few, one fact each, counted for each anchor on their place's path.
  for (const [anchor, facts] of mixOfFacts(compact.splits, tree, anchors)) mix.get(anchor)!.push(...facts);
  return { places: compact.places, mix };
}

/**
 * The mix a plan's targets read: its place's when it lies in the scope, the
 * scope's when the plan is above it (evaluated on the scope's own data), none
 * when its place is elsewhere.
 */
export function mixFor(data: { tree: PlaceTree; mix: ReadonlyMap<string, MixFact[]> }, planPlace: string): MixFact[] {
  const own = data.mix.get(planPlace);
  if (own) return own;
  if (data.tree.root.path.includes(planPlace)) return data.mix.get(data.tree.root._id) ?? [];
  if (data.tree.byId.has(planPlace)) throw new RangeError(`scope data has no mix for ${planPlace}: load it with that anchor`);
  return [];
}

/** Which daily figures a computation needs: a week's totals, the villages with a session in a 30-day span, each place's first day a month. */
export interface DaysAsked {
  /** Local dates the daily rollups reach (the first days of a month are read between them). */
  from: string;
  to: string;
  /** The week reported (the Monday summary), if any. */
  week?: { from: string; to: string };
  /** The span a session must fall in for a village not to be silent (30 days up to the period's last day). */
  silence?: { from: string; to: string };
  /** Whether each place's first day a month is needed (see `CompactDaysAsked.firsts`); default true. */
  firsts?: boolean;
}

/**
 * The daily figures, already reduced to a few numbers per place: never a row
 * per place-day (at 300,000 logs a province has one for almost every
 * village-day of the window).
 */
export interface ScopeDays {
  from: string;
  to: string;
  week: { from: string; to: string; places: Map<string, { sessions: number; participants: number }>; mix: FactCounts[] } | null;
  silence: { from: string; to: string; recent: Set<string> } | null;
  /** `${place}|${YYYY-MM}` → the first local date with a live log (a press item too) that month, between `from` and `to`. */
  firsts: Map<string, string>;
}

/** Unsplit counts summed by form and groups (ordered so, as SQL's GROUP BY gives them), then the splits whole, in their order. */
function sumByFormAndGroups(facts: readonly Fact[]): FactCounts[] {
  const sums = new Map<string, FactCounts>();
  for (const f of facts) {
    if (f.split) continue;
    const key = `${f.form}\u0000${f.groups.join(',')}`;
    const row = sums.get(key);
    if (row) {
      row.sessions += f.sessions;
      row.participants += f.participants;
    } else sums.set(key, { form: f.form, groups: f.groups, sessions: f.sessions, participants: f.participants });
  }
  const sorted = [...sums.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, row]) => row);
  return [...sorted, ...facts.filter((f) => f.split)];
}

/** The daily figures from day facts (a store without the daily rollups): the definition the rollups must give. */
export function scopeDaysOfFacts(facts: readonly Fact[], asked: DaysAsked): ScopeDays {
  const within = (f: Fact, r: { from: string; to: string }) => f.bucket >= r.from && f.bucket <= r.to;
  const week = asked.week ? { ...asked.week, places: new Map<string, { sessions: number; participants: number }>(), mix: [] as FactCounts[] } : null;
  const inWeek: Fact[] = [];
  const silence = asked.silence ? { ...asked.silence, recent: new Set<string>() } : null;
  const firsts = new Map<string, string>();
  for (const fact of facts) {
    if (week && within(fact, week)) {
      inWeek.push(fact);
      if (isSession(fact)) {
        const row = week.places.get(fact.place) ?? { sessions: 0, participants: 0 };
        row.sessions += fact.sessions;
        row.participants += fact.participants;
        week.places.set(fact.place, row);
      }
    }
    if (silence && within(fact, silence) && isSession(fact)) silence.recent.add(fact.place);
    if (fact.sessions > 0) {
      const key = `${fact.place}|${fact.bucket.slice(0, 7)}`;
      const known = firsts.get(key);
      if (known === undefined || fact.bucket < known) firsts.set(key, fact.bucket);
    }
  }
  if (week) week.mix = sumByFormAndGroups(inWeek);
  return { from: asked.from, to: asked.to, week, silence, firsts };
}

/** The daily figures from the daily rollups' answer (see `CompactDays`). */
export function scopeDaysOfRollups(compact: CompactDays, asked: DaysAsked): ScopeDays {
  const week = asked.week
    ? {
        ...asked.week,
        places: new Map(compact.week.map((r) => [r.place, { sessions: r.sessions, participants: r.participants }])),
        mix: [...compact.weekMix, ...compact.weekSplits],
      }
    : null;
  const silence = asked.silence ? { ...asked.silence, recent: new Set(compact.recent) } : null;
  return { from: asked.from, to: asked.to, week, silence, firsts: new Map(compact.firsts.map((f) => [`${f.place}|${f.day.slice(0, 7)}`, f.day])) };
}
