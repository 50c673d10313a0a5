/**
 * The report rollups of SQLite's migration 6, in MongoDB's terms: what a
 * scope's months are read from without a document per place, form and
 * groups (see core/repos/rollups-repo.ts, `CompactMonths`).
 *
 * - `rollup_place_months`: one document per place and month (sessions,
 *   their participants, press items), with the place's logs split by group
 *   kept whole under their id (they do not sum like the others; rare).
 * - `rollup_anchor_months`: one document per place and month for every place
 *   on a log's path (the log's own included), holding per (depth of the log's
 *   place, form, exact groups) one `{n, s}`: a scope's mix and a plan's
 *   targets read a few documents bounded by the vocabulary, not the places.
 *   The path counted is the log's own, as on SQLite.
 *
 * Both move by `$inc` (upsert) with the other rollups; a document left at
 * zero by cancels stays and reads as nothing.
 */
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { Fact, PlaceMonth } from '../../../core/domain/log-facts';
import type { AnchorMonthRow, CompactMonths } from '../../../core/repos/rollups-repo';
import { fieldKey, kindKey, type LogFields, type RollupSplit, type Sums } from './rollup-counts';

export interface PlaceMonthDoc {
  _id: string;
  place: string;
  placePath: string[];
  month: string;
  sessions: number;
  participants: number;
  items: number;
  splits?: Record<string, RollupSplit>;
  [key: string]: unknown;
}

export interface AnchorMonthDoc {
  _id: string;
  anchor: string;
  month: string;
  /** `depth|form|g1,g2` → sums. */
  kinds: Record<string, Sums>;
  [key: string]: unknown;
}

/** Month first (fixed length), so an id never reads as another place's whatever the place ids hold. */
export const placeMonthId = (place: string, month: string): string => `pm|${month}|${place}`;
export const anchorMonthId = (anchor: string, month: string): string => `am|${month}|${anchor}`;
export const anchorKindKey = (depth: number, form: string, groups: readonly string[]): string => `${depth}|${kindKey(form, groups)}`;

/** What one live log adds to its place-month: a press item is an item, any other log a session (split ones too). */
export function placeMonthDelta(log: Pick<LogFields, 'form' | 'participants'>, sign: 1 | -1): { sessions: number; participants: number; items: number } {
  const press = log.form === 'bao';
  return { sessions: press ? 0 : sign, participants: press ? 0 : sign * log.participants, items: press ? sign : 0 };
}

export const splitOf = (log: LogFields): RollupSplit => ({ id: log._id, d: log.date, f: log.form, g: log.groups, s: log.participants, split: log.participantsByGroup! });

/** Sums live logs into place-month and anchor-month documents (a recount, a rebuild); cancelled logs are skipped. */
export class CompactAccumulator {
  readonly places = new Map<string, PlaceMonthDoc>();
  readonly anchors = new Map<string, AnchorMonthDoc>();

  add(log: LogFields): void {
    if (log.cancelledAt) return;
    const month = log.periods.month;
    const id = placeMonthId(log.villageId, month);
    let pm = this.places.get(id);
    if (!pm) this.places.set(id, (pm = { _id: id, place: log.villageId, placePath: log.placePath, month, sessions: 0, participants: 0, items: 0 }));
    const delta = placeMonthDelta(log, 1);
    pm.sessions += delta.sessions;
    pm.participants += delta.participants;
    pm.items += delta.items;
    if (log.participantsByGroup) {
      (pm.splits ??= {})[fieldKey(log._id)] = splitOf(log);
      return;
    }
    this.addAnchors(log.placePath, month, anchorKindKey(log.placePath.length, log.form, log.groups), 1, log.participants);
  }

  /** Adds `n` sessions of `s` participants of one kind to every anchor on `path` (the path itself and its ancestors). */
  addAnchors(path: readonly string[], month: string, key: string, n: number, s: number): void {
    for (const anchor of path) {
      const id = anchorMonthId(anchor, month);
      let doc = this.anchors.get(id);
      if (!doc) this.anchors.set(id, (doc = { _id: id, anchor, month, kinds: {} }));
      const sums = (doc.kinds[key] ??= { n: 0, s: 0 });
      sums.n += n;
      sums.s += s;
    }
  }
}

const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
const groupsOf = (joined: string): GroupCode[] => (joined === '' ? [] : (joined.split(',') as GroupCode[]));

/** The documents as the port gives them: place-months by place then month, the mix's live kinds, the splits by log id. */
export function compactMonthsOf(places: PlaceMonthDoc[], anchors: AnchorMonthDoc[], from: string, to: string): CompactMonths {
  const rows: PlaceMonth[] = [];
  const splits: (Fact & { id: string })[] = [];
  for (const d of places) {
    if (d.month < from || d.month > to) continue;
    if (d.sessions > 0 || d.items > 0) rows.push({ place: d.place, bucket: d.month, sessions: d.sessions, participants: d.participants, items: d.items });
    for (const l of Object.values(d.splits ?? {})) splits.push({ id: l.id, place: d.place, bucket: d.month, form: l.f, groups: l.g, sessions: 1, participants: l.s, split: l.split });
  }
  rows.sort((a, b) => compare(a.place, b.place) || compare(a.bucket, b.bucket));
  splits.sort((a, b) => compare(a.id, b.id));
  const mix: AnchorMonthRow[] = [];
  for (const d of anchors) {
    if (d.month < from || d.month > to) continue;
    for (const [key, sums] of Object.entries(d.kinds ?? {})) {
      if (sums.n <= 0) continue;
      const [depth, form, groups] = key.split('|') as [string, string, string];
      mix.push({ anchor: d.anchor, depth: Number(depth), bucket: d.month, form: form as FormCode, groups: groupsOf(groups), sessions: sums.n, participants: sums.s });
    }
  }
  return { places: rows, mix, splits: splits.map(({ id: _id, ...fact }) => fact) };
}
