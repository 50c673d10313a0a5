import type { Fact, FactCounts, PlaceMonth } from '../domain/log-facts';
import type { FormCode, GroupCode } from '../domain/vocabulary-codes';

/**
 * Live logs without a split by group, summed over every place under an
 * anchor (a scope, or a plan's place) by month, form, exact groups and the
 * depth of the log's place (its path's length: what tells a commune's own
 * press items from its villages'). Bounded by the vocabulary, not the logs.
 */
export interface AnchorMonthRow {
  anchor: string;
  depth: number;
  bucket: string;
  form: FormCode;
  groups: GroupCode[];
  sessions: number;
  participants: number;
}

export interface CompactDaysAsked {
  from: string;
  to: string;
  week?: { from: string; to: string };
  silence?: { from: string; to: string };
  /**
   * Each place's first day a month (`CompactDays.firsts`); default true. The
   * indicators read them only for a place put on the roster after `from`
   * (a back-dated log then moves its data's beginning), so a settled roster
   * skips a seek per place and month.
   */
  firsts?: boolean;
}

/** A scope's days as the indicators read them: a few rows per place, never one per place-day. */
export interface CompactDays {
  /** Places with a session in the week: its sessions (press items apart) and their participants. */
  week: { place: string; sessions: number; participants: number }[];
  /** The week's live unsplit logs under the scope by form and groups. */
  weekMix: FactCounts[];
  /** The week's split logs under the scope, one fact each. */
  weekSplits: Fact[];
  /** Places with a session in the silence span. */
  recent: string[];
  /** Each place's first day with a live log (a press item too) in each month between `from` and `to`. */
  firsts: { place: string; day: string }[];
}

/** A scope's months as the indicators read them, from rollups that do not grow with the log count. */
export interface CompactMonths {
  /** Every place-month under the scope with a live log. */
  places: PlaceMonth[];
  /** The anchors' mix (see {@link AnchorMonthRow}). */
  mix: AnchorMonthRow[];
  /** Logs split by group under the scope, one fact each (they do not sum like the others; rare). */
  splits: Fact[];
}

/**
 * Per-place counts of live session logs, kept equal to a recount of the logs
 * by every log write (storage/ does that), so a report reads villages ×
 * periods instead of every log.
 */
export interface RollupsRepo {
  /**
   * Month facts of the places under `scopeId` for months `from`..`to`
   * (inclusive, `YYYY-MM`). Cancelled logs count nowhere. Ordered as a report
   * relies on: keyed facts by (place, month, form, groups), then the logs with
   * a split by group, one fact each, by log id.
   */
  monthFacts(scopeId: string, from: string, to: string): Promise<Fact[]>;
  /**
   * The scope's months from the place-month and anchor rollups, when the
   * store keeps them (SQLite); the indicators derive the same from
   * `monthFacts` otherwise. `anchors`: the scope and places under it.
   */
  compactMonths?(scopeId: string, anchors: readonly string[], from: string, to: string): Promise<CompactMonths>;
  /**
   * The daily figures a computation asks for, reduced per place, when the
   * store keeps the daily rollups (SQLite); derived from `dayFacts` otherwise.
   */
  compactDays?(scopeId: string, asked: CompactDaysAsked): Promise<CompactDays>;
  /** Day facts of the places under `scopeId` for local dates `from`..`to` (inclusive, `YYYY-MM-DD`), in the same order. */
  dayFacts(scopeId: string, from: string, to: string): Promise<Fact[]>;
  /**
   * What a start runs instead of recounting every log: recounts the
   * place-months a crash (or a failed write) left marked. Counts of an older
   * shape (an upgrade) are rebuilt once (`rebuilt` is then their number).
   */
  repair(): Promise<{ recounted: number; rebuilt: number | null }>;
  /** Recounts everything from the logs (data restored behind Loa's back); the number of place-months written. */
  rebuild(): Promise<number>;
}
