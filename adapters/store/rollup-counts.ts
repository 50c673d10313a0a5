import type { FormCode, GroupCode } from '../../core/domain/vocabulary-codes';

/**
 * The counts of one place and one month, as both stores' rollups keep them
 * and their bulk paths write them (types only; each store's repository owns
 * its layout: typed rows on SQLite, documents on MongoDB).
 */

/** Live sessions and participants of one (day, form, exact list of groups) in a place. */
export interface RollupRow {
  d: string;
  f: FormCode;
  g: GroupCode[];
  n: number;
  s: number;
}

/** Live sessions and participants of one (form, exact list of groups) in a place over a month. */
export interface RollupTotal {
  f: FormCode;
  g: GroupCode[];
  n: number;
  s: number;
}

/** A live log that split its participants by group: kept whole, since its groups do not sum like the others. */
export interface RollupSplit {
  id: string;
  d: string;
  f: FormCode;
  g: GroupCode[];
  s: number;
  split: Partial<Record<GroupCode, number>>;
}

/** The counts of one place and one month (the unit a write recounts), stored as a month and a days document. */
export interface PlaceMonthCounts {
  place: string;
  placePath: string[];
  month: string;
  totals: RollupTotal[];
  rows: RollupRow[];
  splits: RollupSplit[];
}
