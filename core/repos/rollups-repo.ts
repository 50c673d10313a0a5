import { randomUUID } from 'node:crypto';
import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { SessionLog } from '../domain/session-log';
import type { Collection, DocumentStore } from '../storage/port';
import { COLLECTIONS } from '../storage/collections';

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

interface RollupBase {
  _id: string;
  place: string;
  placePath: string[];
  month: string;
  splits: RollupSplit[];
  [key: string]: unknown;
}

/**
 * One place's month totals by form and groups: what monthly figures read, a
 * handful of entries per village-month however many logs it holds.
 */
export interface MonthRollup extends RollupBase {
  kind: 'month';
  totals: RollupTotal[];
}

/** One place's per-day counts for one month: what weekly figures and silent villages read. */
export interface DaysRollup extends RollupBase {
  kind: 'days';
  rows: RollupRow[];
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
const rollupId = (place: string, month: string): string => `${place}|${month}|month`;
const daysId = (place: string, month: string): string => `${place}|${month}|days`;
/** Rollups written by an older Loa have another shape: a start that finds no marker of this one rebuilds them. */
const FORMAT = { _id: '~format', version: 2 } as const;

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

/** The two documents one place-month is stored as. */
export function documentsOf(c: PlaceMonthCounts): [MonthRollup, DaysRollup] {
  const base = { place: c.place, placePath: c.placePath, month: c.month, splits: c.splits };
  return [
    { _id: rollupId(c.place, c.month), kind: 'month', ...base, totals: c.totals },
    { _id: daysId(c.place, c.month), kind: 'days', ...base, rows: c.rows },
  ];
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
type RollupDoc = MonthRollup | DaysRollup | (typeof FORMAT & { [key: string]: unknown });

export class RollupsRepo {
  private readonly rollups: Collection<RollupDoc>;
  private readonly logs: Collection<LogFields & { [k: string]: unknown }>;
  private readonly marks: Collection<DirtyMark>;

  constructor(store: DocumentStore) {
    this.rollups = store.collection<RollupDoc>(COLLECTIONS.rollups);
    this.logs = store.collection<LogFields & { [k: string]: unknown }>(COLLECTIONS.logs);
    this.marks = store.collection<DirtyMark>(COLLECTIONS.rollupMarks);
  }

  /**
   * Runs a log write between a durable mark of the place-months it touches and
   * their refresh. A failed write still refreshes (nothing may have changed,
   * or part of it did); if that fails too, the mark stays for the next start.
   */
  async guard<R>(touched: Touched[], write: () => Promise<R>): Promise<R> {
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

  /** Recounts one place-month from its live logs until a recount after the write agrees with it. */
  async refresh(place: string, month: string): Promise<boolean> {
    let fresh = await this.recount(place, month);
    for (let i = 0; i < MAX_RECOUNTS; i++) {
      await this.save(place, month, fresh);
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
    const months = await this.logs.aggregate<{ _id: string }>([{ $match: { cancelledAt: null } }, { $group: { _id: '$periods.month' } }]);
    const live = months.map((m) => m._id);
    await this.rollups.deleteMany({ _id: { $ne: FORMAT._id }, month: { $nin: live } });
    await this.rollups.deleteMany({ _id: { $ne: FORMAT._id }, month: { $exists: false } });
    let written = 0;
    for (const month of live) {
      const fresh = rollupsOf(await this.logs.find({ cancelledAt: null, 'periods.month': month }, { projection: LOG_FIELDS }));
      await this.rollups.deleteMany({ month, _id: { $nin: fresh.flatMap((c) => [rollupId(c.place, month), daysId(c.place, month)]) } });
      for (const c of fresh) await this.save(c.place, c.month, c);
      written += fresh.length;
    }
    await this.writeFormat();
    return written;
  }

  /** For bulk loads into an empty store that write the logs themselves (benches, imports): stores counts made by {@link rollupsOf}. */
  async insertBulk(counts: PlaceMonthCounts[]): Promise<void> {
    for (let i = 0; i < counts.length; i += 1000) await this.rollups.insertMany(counts.slice(i, i + 1000).flatMap(documentsOf));
    await this.writeFormat();
  }

  /** Month totals of the places under `scopeId` for months `from`..`to` (inclusive, `YYYY-MM`). */
  monthsUnder(scopeId: string, from: string, to: string): Promise<MonthRollup[]> {
    return this.rollups.find({ placePath: scopeId, kind: 'month', month: { $gte: from, $lte: to } }) as Promise<MonthRollup[]>;
  }

  /** Per-day counts of the places under `scopeId` for months `from`..`to` (inclusive, `YYYY-MM`). */
  daysUnder(scopeId: string, from: string, to: string): Promise<DaysRollup[]> {
    return this.rollups.find({ placePath: scopeId, kind: 'days', month: { $gte: from, $lte: to } }) as Promise<DaysRollup[]>;
  }

  private async writeFormat(): Promise<void> {
    await this.rollups.updateOne({ _id: FORMAT._id }, { $set: { version: FORMAT.version } }, { upsert: true });
  }

  private async recount(place: string, month: string): Promise<PlaceMonthCounts | null> {
    const live = await this.logs.find({ villageId: place, 'periods.month': month, cancelledAt: null }, { projection: LOG_FIELDS });
    return rollupsOf(live)[0] ?? null;
  }

  private async save(place: string, month: string, counts: PlaceMonthCounts | null): Promise<void> {
    if (!counts) {
      await this.rollups.deleteMany({ _id: { $in: [rollupId(place, month), daysId(place, month)] } });
      return;
    }
    for (const { _id, ...fields } of documentsOf(counts)) await this.rollups.updateOne({ _id }, { $set: fields }, { upsert: true });
  }
}

/** The distinct place-months of some logs. */
function placeMonths(logs: Touched[]): { place: string; month: string }[] {
  const out = new Map<string, { place: string; month: string }>();
  for (const log of logs) out.set(placeMonthKey(log.villageId, log.periods.month), { place: log.villageId, month: log.periods.month });
  return [...out.values()];
}
