import { randomUUID } from 'node:crypto';
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { SessionLog } from '../../../core/domain/session-log';
import type { Fact } from '../../../core/domain/log-facts';
import { dayFactsOf, monthFactsOf } from './rollup-facts';
import type { RollupsRepo } from '../../../core/repos/rollups-repo';
import type { Collection, DocumentStore, Update } from '../document-store';
import { COLLECTIONS } from '../collections';

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

/**
 * `form|groups|sessions|participants` (groups joined by commas): one month's
 * sums of one kind of session. A string, not a nested array (FerretDB 1.x
 * refuses those), and a short one: a province report reads ~150,000 of them.
 */
export type TotalEntry = string;
/** `date|form|groups|sessions|participants`: one day's sums of one kind of session. */
export type DayEntry = string;

/**
 * One place's month totals for a year (`_id` `m|YYYY|place`): what monthly
 * figures read, one document per village and year with a handful of
 * entries per month, however many logs they hold.
 */
export interface YearRollup {
  _id: string;
  place: string;
  placePath: string[];
  year: string;
  months: Record<string, TotalEntry[]>;
  /** Only for months with a split log. */
  splits?: Record<string, RollupSplit[]>;
  [key: string]: unknown;
}

/** One place's per-day counts of one month (`_id` `d|YYYY-MM|place`): what weekly figures and silent villages read. */
export interface DaysRollup {
  _id: string;
  place: string;
  placePath: string[];
  month: string;
  rows: DayEntry[];
  splits: RollupSplit[];
  [key: string]: unknown;
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

type LogFields = Pick<SessionLog, '_id' | 'villageId' | 'placePath' | 'date' | 'periods' | 'form' | 'groups' | 'participants' | 'participantsByGroup'>;

const placeMonthKey = (place: string, month: string): string => `${place}|${month}`;
/** Ids lead with the kind and the period, so a scope's documents of some years or months are one range of the primary key. */
const yearId = (place: string, year: string): string => `m|${year}|${place}`;
const daysId = (place: string, month: string): string => `d|${month}|${place}`;
const idRange = (kind: 'm' | 'd', from: string, to: string) => ({ $gte: `${kind}|${from}|`, $lte: `${kind}|${to}|\uffff` });
/** Rollups written by an older Loa have another shape: a start that finds no marker of this one rebuilds them. */
const FORMAT = { _id: '~format', version: 3 } as const;

const byKey = <T>(key: (x: T) => string) => (a: T, b: T): number => {
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Adds one log to a keyed list of sums, in place. */
function addTo<T extends { n: number; s: number }>(index: Map<string, T>, key: string, make: () => T, participants: number): void {
  let sum = index.get(key);
  if (!sum) index.set(key, (sum = make()));
  sum.n += 1;
  sum.s += participants;
}

/** The counts of a set of live logs, by place and month (exported for bulk loads that write logs and rollups together). */
export function rollupsOf(logs: LogFields[]): PlaceMonthCounts[] {
  const out = new Map<string, { counts: PlaceMonthCounts; rows: Map<string, RollupRow>; totals: Map<string, RollupTotal> }>();
  for (const log of logs) {
    const id = placeMonthKey(log.villageId, log.periods.month);
    let r = out.get(id);
    if (!r) out.set(id, (r = { counts: { place: log.villageId, placePath: log.placePath, month: log.periods.month, totals: [], rows: [], splits: [] }, rows: new Map(), totals: new Map() }));
    if (log.participantsByGroup) {
      r.counts.splits.push({ id: log._id, d: log.date, f: log.form, g: log.groups, s: log.participants, split: log.participantsByGroup });
      continue;
    }
    const kind = `${log.form}\u0000${log.groups.join(',')}`;
    addTo(r.totals, kind, () => ({ f: log.form, g: log.groups, n: 0, s: 0 }), log.participants);
    addTo(r.rows, `${log.date}\u0000${kind}`, () => ({ d: log.date, f: log.form, g: log.groups, n: 0, s: 0 }), log.participants);
  }
  // Sorted as facts are (day, form, then groups), so a report never depends on the order a store returns.
  const kindKey = (x: { f: string; g: string[] }): string => `${x.f}\u0000${x.g.join(',')}`;
  return [...out.values()].map(({ counts, rows, totals }) => ({
    ...counts,
    totals: [...totals.values()].sort(byKey(kindKey)),
    rows: [...rows.values()].sort(byKey((r) => `${r.d}\u0000${kindKey(r)}`)),
    splits: counts.splits.sort(byKey((x) => x.id)),
  }));
}

const totalEntry = (t: RollupTotal): TotalEntry => `${t.f}|${t.g.join(',')}|${t.n}|${t.s}`;
const dayEntry = (r: RollupRow): DayEntry => `${r.d}|${r.f}|${r.g.join(',')}|${r.n}|${r.s}`;
/** The documents a set of place-months is stored as (for bulk loads into an empty store). */
export function documentsOf(counts: PlaceMonthCounts[]): { years: YearRollup[]; days: DaysRollup[] } {
  const years = new Map<string, YearRollup>();
  const days: DaysRollup[] = [];
  for (const c of counts) {
    const year = c.month.slice(0, 4);
    let doc = years.get(yearId(c.place, year));
    if (!doc) years.set(yearId(c.place, year), (doc = { _id: yearId(c.place, year), place: c.place, placePath: c.placePath, year, months: {}, splits: {} }));
    doc.months[c.month] = c.totals.map(totalEntry);
    if (c.splits.length > 0) (doc.splits ??= {})[c.month] = c.splits;
    days.push({ _id: daysId(c.place, c.month), place: c.place, placePath: c.placePath, month: c.month, rows: c.rows.map(dayEntry), splits: c.splits });
  }
  return { years: [...years.values()], days };
}

const LOG_FIELDS = { _id: 1, villageId: 1, placePath: 1, date: 1, periods: 1, form: 1, groups: 1, participants: 1, participantsByGroup: 1 } as const;

/** A write in progress: the place-months it may change, marked durably before the write. */
export interface DirtyMark {
  _id: string;
  touched: { place: string; month: string }[];
  at: string;
  [key: string]: unknown;
}

/** Recounts of one place-month that may run before a concurrent writer's stale recount lands; then a start repairs it. */
const MAX_RECOUNTS = 5;

type Touched = Pick<SessionLog, 'villageId' | 'periods'>;

/**
 * Keeps the rollups equal to a recount of the live logs. Every change is a
 * recomputation of the touched place-month from its logs, never an
 * increment, so a retried or repeated refresh converges to the same document
 * on both stores. A write that changes logs is wrapped in {@link guard}: a
 * durable mark names its place-months before the log write and is cleared
 * after their refresh, so a crash in between leaves a mark, and a start
 * recounts only the marked place-months ({@link repair}) instead of every log.
 */
type YearDoc = YearRollup | { _id: string; version: number; [key: string]: unknown };

export class DocumentRollupsRepo implements RollupsRepo {
  private readonly rollups: Collection<YearDoc>;
  private readonly days: Collection<DaysRollup>;
  private readonly logs: Collection<LogFields & { [k: string]: unknown }>;
  private readonly marks: Collection<DirtyMark>;
  private readonly inCallOrder: boolean;

  constructor(private readonly store: DocumentStore) {
    this.rollups = store.collection<YearDoc>(COLLECTIONS.rollups);
    this.days = store.collection<DaysRollup>(COLLECTIONS.rollupDays);
    this.logs = store.collection<LogFields & { [k: string]: unknown }>(COLLECTIONS.logs);
    this.marks = store.collection<DirtyMark>(COLLECTIONS.rollupMarks);
    this.inCallOrder = store.writesInCallOrder === true;
  }

  /**
   * Runs a log write between a durable mark of the place-months it touches and
   * their refresh. A failed write still refreshes (nothing may have changed,
   * or part of it did); if that fails too, the mark stays for the next start.
   */
  async guard<R>(touched: Touched[], write: () => Promise<R>): Promise<R> {
    if (this.inCallOrder) return this.guardInOneCommit(touched, write);
    const mark = await this.mark(touched);
    let result: R;
    try {
      result = await write();
    } catch (error) {
      await this.settle(mark).catch(() => undefined);
      throw error;
    }
    await this.settle(mark);
    return result;
  }

  /**
   * {@link guard} on a store that applies writes when called: the mark, the
   * log write, the recount's rollup writes and the unmark are all issued
   * before any acknowledgement is awaited, so they commit together (one
   * fsync instead of five on SQLite); the recount reads the write already.
   */
  private async guardInOneCommit<R>(touched: Touched[], write: () => Promise<R>): Promise<R> {
    const mark: DirtyMark = { _id: randomUUID(), touched: placeMonths(touched), at: new Date().toISOString() };
    const pending: Promise<unknown>[] = [handled(this.marks.insertOne(mark))];
    const epochs = epochsOf(this.store);
    for (const t of mark.touched) epochs.set(placeMonthKey(t.place, t.month), (epochs.get(placeMonthKey(t.place, t.month)) ?? 0) + 1);
    const result = handled(write());
    let settled = true;
    for (const { place, month } of mark.touched) settled = (await this.refresh(place, month, pending)) && settled;
    if (settled) pending.push(this.marks.deleteMany({ _id: mark._id }));
    const [value] = await Promise.all([result, ...pending]);
    return value;
  }

  /** Durably marks the place-months a write is about to change (the first half of {@link guard}). */
  async mark(touched: Touched[]): Promise<DirtyMark> {
    const mark: DirtyMark = { _id: randomUUID(), touched: placeMonths(touched), at: new Date().toISOString() };
    await this.marks.insertOne(mark);
    return mark;
  }

  /** Refreshes a mark's place-months, then clears it (the second half of {@link guard}). */
  async settle(mark: DirtyMark): Promise<void> {
    let settled = true;
    for (const { place, month } of mark.touched) settled = (await this.refresh(place, month)) && settled;
    if (settled) await this.marks.deleteMany({ _id: mark._id });
  }

  /**
   * Recounts one place-month from its live logs until a recount after the
   * write agrees with it. With `pending` (a store that applies writes when
   * called), the writes are collected there instead of awaited.
   */
  async refresh(place: string, month: string, pending?: Promise<unknown>[]): Promise<boolean> {
    const epochs = epochsOf(this.store);
    const key = placeMonthKey(place, month);
    let epoch = epochs.get(key);
    let fresh = await this.recount(place, month);
    for (let i = 0; i < MAX_RECOUNTS; i++) {
      const saved = this.save(place, month, fresh);
      if (pending) {
        pending.push(handled(saved));
        // Writes applied as called, in one transaction: only a guarded write in this process can have come between.
        if (epochs.get(key) === epoch) return true;
        epoch = epochs.get(key);
        fresh = await this.recount(place, month);
        continue;
      }
      await saved;
      // A concurrent writer's older recount may have landed after ours was read: check and redo.
      const again = await this.recount(place, month);
      if (JSON.stringify(again) === JSON.stringify(fresh)) return true;
      fresh = again;
    }
    return false;
  }

  /** Recounts the place-months a log touches, before and after a change (the answer to a retry). */
  async refreshFor(...logs: Touched[]): Promise<void> {
    for (const { place, month } of placeMonths(logs)) await this.refresh(place, month);
  }

  /**
   * What a start runs instead of recounting every log: recounts the
   * place-months a crash (or a failed write) left marked, then removes those
   * marks. Rollups of an older shape (an upgrade) are rebuilt once.
   */
  async repair(): Promise<{ recounted: number; rebuilt: number | null }> {
    const marks = await this.marks.find({});
    const format = await this.rollups.findOne({ _id: FORMAT._id });
    let result: { recounted: number; rebuilt: number | null };
    if (format?.version !== FORMAT.version) result = { recounted: 0, rebuilt: await this.rebuild() };
    else {
      const touched = new Map<string, { place: string; month: string }>();
      for (const m of marks) for (const t of m.touched) touched.set(placeMonthKey(t.place, t.month), t);
      for (const t of touched.values()) await this.refresh(t.place, t.month);
      result = { recounted: touched.size, rebuilt: null };
    }
    if (marks.length > 0) await this.marks.deleteMany({ _id: { $in: marks.map((m) => m._id) } });
    return result;
  }

  /**
   * Recounts everything from the logs, for data restored or bulk-loaded behind
   * Loa's back (`npm run loa -- rollups rebuild`). Month by month, replacing
   * documents in place, so reports never read an empty gap.
   */
  async rebuild(): Promise<number> {
    const format = await this.rollups.findOne({ _id: FORMAT._id });
    if (format?.version !== FORMAT.version) {
      await this.rollups.deleteMany({});
      await this.days.deleteMany({});
    }
    const months = await this.logs.aggregate<{ _id: string }>([{ $match: { cancelledAt: null } }, { $group: { _id: '$periods.month' } }]);
    const live = new Set(months.map((m) => m._id));
    let written = 0;
    const kept = new Set<string>();
    for (const month of [...live].sort()) {
      const fresh = rollupsOf(await this.logs.find({ cancelledAt: null, 'periods.month': month }, { projection: LOG_FIELDS }));
      for (const c of fresh) await this.save(c.place, c.month, c);
      for (const c of fresh) kept.add(`${yearId(c.place, month.slice(0, 4))}#${month}`);
      await this.days.deleteMany({ _id: { ...idRange('d', month, month), $nin: fresh.map((c) => daysId(c.place, month)) } });
      written += fresh.length;
    }
    // Months of a place where no live log is left.
    for (const doc of (await this.rollups.find({ _id: idRange('m', '0000', '9999') })) as YearRollup[]) {
      const gone = Object.keys(doc.months).filter((m) => !kept.has(`${doc._id}#${m}`));
      if (gone.length > 0) await this.rollups.updateOne({ _id: doc._id }, { $unset: Object.fromEntries(gone.flatMap((m) => [[`months.${m}`, ''], [`splits.${m}`, '']])) });
    }
    await this.days.deleteMany({ month: { $nin: [...live] } });
    await this.writeFormat();
    return written;
  }

  /** For bulk loads into an empty store that write the logs themselves (benches, imports): stores counts made by {@link rollupsOf}. */
  async insertBulk(counts: PlaceMonthCounts[]): Promise<void> {
    const { years, days } = documentsOf(counts);
    for (let i = 0; i < years.length; i += 1000) await this.rollups.insertMany(years.slice(i, i + 1000));
    for (let i = 0; i < days.length; i += 1000) await this.days.insertMany(days.slice(i, i + 1000));
    await this.writeFormat();
  }

  /** Month totals of the places under `scopeId` for the years of months `from`..`to` (`YYYY-MM`): the caller picks the months. */
  yearsUnder(scopeId: string, from: string, to: string): Promise<YearRollup[]> {
    return this.rollups.find({ placePath: scopeId, _id: idRange('m', from.slice(0, 4), to.slice(0, 4)) }) as Promise<YearRollup[]>;
  }

  /** Per-day counts of the places under `scopeId` for months `from`..`to` (inclusive, `YYYY-MM`). */
  daysUnder(scopeId: string, from: string, to: string): Promise<DaysRollup[]> {
    return this.days.find({ placePath: scopeId, _id: idRange('d', from, to) });
  }

  async monthFacts(scopeId: string, from: string, to: string): Promise<Fact[]> {
    return monthFactsOf(await this.yearsUnder(scopeId, from, to), from, to);
  }

  async dayFacts(scopeId: string, from: string, to: string): Promise<Fact[]> {
    return dayFactsOf(await this.daysUnder(scopeId, from.slice(0, 7), to.slice(0, 7)), from, to);
  }

  private async writeFormat(): Promise<void> {
    await this.rollups.updateOne({ _id: FORMAT._id }, { $set: { version: FORMAT.version } }, { upsert: true });
  }

  private async recount(place: string, month: string): Promise<PlaceMonthCounts | null> {
    const live = await this.logs.find({ villageId: place, 'periods.month': month, cancelledAt: null }, { projection: LOG_FIELDS });
    return rollupsOf(live)[0] ?? null;
  }

  /** Writes one place-month's two documents; both calls are issued before either is awaited. */
  private async save(place: string, month: string, counts: PlaceMonthCounts | null): Promise<void> {
    const year = month.slice(0, 4);
    const [totals, splits] = [`months.${month}`, `splits.${month}`];
    if (!counts) {
      await Promise.all([this.rollups.updateMany({ _id: yearId(place, year) }, { $unset: { [totals]: '', [splits]: '' } }), this.days.deleteMany({ _id: daysId(place, month) })]);
      return;
    }
    const where = { place, placePath: counts.placePath };
    const yearUpdate: Update = counts.splits.length > 0
      ? { $set: { ...where, year, [totals]: counts.totals.map(totalEntry), [splits]: counts.splits } }
      : { $set: { ...where, year, [totals]: counts.totals.map(totalEntry) }, $unset: { [splits]: '' } };
    await Promise.all([
      this.rollups.updateOne({ _id: yearId(place, year) }, yearUpdate, { upsert: true }),
      this.days.updateOne({ _id: daysId(place, month) }, { $set: { ...where, month, rows: counts.rows.map(dayEntry), splits: counts.splits } }, { upsert: true }),
    ]);
  }
}

/**
 * Guarded writes begun per place-month in this process, per store: on a store
 * that applies writes as they are called, a refresh whose place-month saw no
 * other write since its recount began needs no second recount.
 */
const epochStore = new WeakMap<DocumentStore, Map<string, number>>();
function epochsOf(store: DocumentStore): Map<string, number> {
  let epochs = epochStore.get(store);
  if (!epochs) epochStore.set(store, (epochs = new Map()));
  return epochs;
}

/** Marks a promise as observed now (it is awaited later, after other awaits), so an early rejection is not reported as unhandled. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The distinct place-months of some logs. */
function placeMonths(logs: Touched[]): { place: string; month: string }[] {
  const out = new Map<string, { place: string; month: string }>();
  for (const log of logs) out.set(placeMonthKey(log.villageId, log.periods.month), { place: log.villageId, month: log.periods.month });
  return [...out.values()];
}
