/**
 * Rollups on MongoDB kept by increments: a log write is followed by one
 * `$inc` per rollup document (`bulkWrite`), not by a recount. FerretDB 1.x has
 * no transactions, so a write that spans the log and its rollups is guarded
 * the way the store always did: a durable mark names the place-months before
 * the log write and is removed after the increments; a start recounts only
 * what a crash left marked. Limit: a recount (start repair, a stale mark met on
 * a retry, the rebuild command) racing a live writer of the same place-month
 * can lose or double that writer's increment; `loa check` finds it and
 * `rollups rebuild` fixes it (best with Loa stopped).
 */
import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Fact } from '../../../core/domain/log-facts';
import type { CompactMonths, RollupsRepo } from '../../../core/repos/rollups-repo';
import type { IndexDeclarations, MongoContext } from './context';
import {
  dayFactsOf,
  daysId,
  fieldKey,
  idRange,
  kindKey,
  LOG_FIELDS,
  monthFactsOf,
  PlaceMonthAccumulator,
  yearId,
  type DayCountsDoc,
  type LogFields,
  type MonthCountsDoc,
  type PlaceMonth,
} from './rollup-counts';
import {
  anchorKindKey,
  anchorMonthId,
  CompactAccumulator,
  compactMonthsOf,
  placeMonthDelta,
  placeMonthId,
  splitOf,
  type AnchorMonthDoc,
  type PlaceMonthDoc,
} from './rollup-compact';

export const ROLLUP_COLLECTIONS = {
  months: 'rollup_month_counts',
  days: 'rollup_day_counts',
  marks: 'rollup_marks',
  placeMonths: 'rollup_place_months',
  anchorMonths: 'rollup_anchor_months',
} as const;

export const ROLLUPS_INDEXES: IndexDeclarations = {
  // A scope's documents for some years or months: equality on the multikey path, then a range of `_id`.
  [ROLLUP_COLLECTIONS.months]: [{ name: 'rollup_month_counts_path_id', key: { placePath: 1, _id: 1 } }],
  [ROLLUP_COLLECTIONS.days]: [{ name: 'rollup_day_counts_path_id', key: { placePath: 1, _id: 1 } }],
  // A scope's place-months for some months: equality on the multikey path, then the month range.
  [ROLLUP_COLLECTIONS.placeMonths]: [{ name: 'rollup_place_months_path_month', key: { placePath: 1, month: 1 } }],
  // The anchors' (scope's, plans' places') months.
  [ROLLUP_COLLECTIONS.anchorMonths]: [{ name: 'rollup_anchor_months_anchor_month', key: { anchor: 1, month: 1 } }],
  // A retry looks for a mark left on its place-month.
  [ROLLUP_COLLECTIONS.marks]: [{ name: 'rollup_marks_touched', key: { 'touched.place': 1, 'touched.month': 1 } }],
};

/**
 * Marker of this shape of rollups: a store without it (new, an older Loa's
 * `rollups`, or version 1 without the place-month and anchor-month
 * collections) is rebuilt once at start.
 */
const FORMAT = { _id: '~format', version: 2 } as const;
/** A mark older than this on a retry belongs to a writer that died: the retry recounts. */
export const STALE_MARK_MS = 30_000;

type Touched = Pick<LogFields, 'villageId' | 'periods'>;
interface Mark {
  _id: string;
  touched: { place: string; month: string }[];
  at: string;
  [key: string]: unknown;
}
type FormatDoc = { _id: string; version: number };

function placeMonths(logs: Touched[]): { place: string; month: string }[] {
  const out = new Map<string, { place: string; month: string }>();
  for (const l of logs) out.set(`${l.villageId}|${l.periods.month}`, { place: l.villageId, month: l.periods.month });
  return [...out.values()];
}

export class MongoRollupsRepo implements RollupsRepo {
  private readonly months: Collection<MonthCountsDoc>;
  private readonly days: Collection<DayCountsDoc>;
  private readonly marks: Collection<Mark>;
  private readonly placeMonths: Collection<PlaceMonthDoc>;
  private readonly anchorMonths: Collection<AnchorMonthDoc>;
  private readonly logs: Collection<LogFields & { [key: string]: unknown }>;

  constructor(private readonly ctx: MongoContext) {
    this.months = ctx.collection<MonthCountsDoc>(ROLLUP_COLLECTIONS.months);
    this.days = ctx.collection<DayCountsDoc>(ROLLUP_COLLECTIONS.days);
    this.marks = ctx.collection<Mark>(ROLLUP_COLLECTIONS.marks);
    this.placeMonths = ctx.collection<PlaceMonthDoc>(ROLLUP_COLLECTIONS.placeMonths);
    this.anchorMonths = ctx.collection<AnchorMonthDoc>(ROLLUP_COLLECTIONS.anchorMonths);
    this.logs = ctx.collection('logs');
  }

  /** Durably names the place-months a write is about to change. */
  async mark(touched: Touched[]): Promise<string> {
    const mark: Mark = { _id: randomUUID(), touched: placeMonths(touched), at: new Date().toISOString() };
    await this.ctx.run(this.marks, () => this.marks.insertOne(mark));
    return mark._id;
  }

  async unmark(id: string): Promise<void> {
    await this.ctx.run(this.marks, () => this.marks.deleteOne({ _id: id }));
  }

  /**
   * Adds (`sign` 1) or takes away (-1) live logs: one `bulkWrite` of
   * `$inc`/`$set`/`$unset` per collection (the year's and month's counts, the
   * place-month, and each anchor on the log's path), the four in parallel.
   * They are not one atomic write: a crash between them leaves the mark, and
   * the start's recount replaces whatever part had landed.
   */
  async apply(changes: { log: LogFields; sign: 1 | -1 }[]): Promise<void> {
    const monthOps: AnyBulkWriteOperation<MonthCountsDoc>[] = [];
    const dayOps: AnyBulkWriteOperation<DayCountsDoc>[] = [];
    const placeOps: AnyBulkWriteOperation<PlaceMonthDoc>[] = [];
    const anchorOps: AnyBulkWriteOperation<AnchorMonthDoc>[] = [];
    for (const { log, sign } of changes) {
      if (log.cancelledAt) continue;
      const { villageId: place, placePath, date } = log;
      const month = log.periods.month;
      const year = month.slice(0, 4);
      let m: Record<string, unknown>;
      let d: Record<string, unknown>;
      const pm: Record<string, Record<string, unknown>> = { $inc: placeMonthDelta(log, sign), ...(sign > 0 ? { $set: { place, placePath, month } } : {}) };
      if (log.participantsByGroup) {
        const split = splitOf(log);
        const [mf, df] = [`splits.${month}.${fieldKey(log._id)}`, `splits.${fieldKey(log._id)}`];
        m = sign > 0 ? { $set: { place, placePath, year, [mf]: split } } : { $unset: { [mf]: '' } };
        d = sign > 0 ? { $set: { place, placePath, month, [df]: split } } : { $unset: { [df]: '' } };
        if (sign > 0) pm['$set']![df] = split;
        else pm['$unset'] = { [df]: '' };
      } else {
        const kind = kindKey(log.form, log.groups);
        m = { $set: { place, placePath, year }, $inc: { [`months.${month}.${kind}.n`]: sign, [`months.${month}.${kind}.s`]: sign * log.participants } };
        d = { $set: { place, placePath, month }, $inc: { [`days.${date}.${kind}.n`]: sign, [`days.${date}.${kind}.s`]: sign * log.participants } };
        const key = anchorKindKey(placePath.length, log.form, log.groups);
        for (const anchor of placePath) {
          const update: Record<string, unknown> = { $set: { anchor, month }, $inc: { [`kinds.${key}.n`]: sign, [`kinds.${key}.s`]: sign * log.participants } };
          anchorOps.push({ updateOne: { filter: { _id: anchorMonthId(anchor, month) }, update, upsert: sign > 0 } });
        }
      }
      monthOps.push({ updateOne: { filter: { _id: yearId(place, year) }, update: m, upsert: sign > 0 } });
      dayOps.push({ updateOne: { filter: { _id: daysId(place, month) }, update: d, upsert: sign > 0 } });
      placeOps.push({ updateOne: { filter: { _id: placeMonthId(place, month) }, update: pm, upsert: sign > 0 } });
    }
    if (monthOps.length === 0) return;
    await Promise.all([
      this.ctx.run(this.months, () => this.months.bulkWrite(monthOps, { ordered: true })),
      this.ctx.run(this.days, () => this.days.bulkWrite(dayOps, { ordered: true })),
      this.ctx.run(this.placeMonths, () => this.placeMonths.bulkWrite(placeOps, { ordered: true })),
      ...(anchorOps.length > 0 ? [this.ctx.run(this.anchorMonths, () => this.anchorMonths.bulkWrite(anchorOps, { ordered: true }))] : []),
    ]);
  }

  /**
   * Replaces one place-month with a recount of its live logs; returns the
   * anchors its counts reach (its logs' paths, and the path it was counted
   * under before), whose months the caller recounts after.
   */
  async recount(place: string, month: string): Promise<string[]> {
    const acc = new PlaceMonthAccumulator();
    const compact = new CompactAccumulator();
    const [live, was] = await Promise.all([
      this.ctx.run(this.logs, () => this.logs.find({ villageId: place, 'periods.month': month, cancelledAt: null }, { projection: LOG_FIELDS }).toArray()),
      this.ctx.run(this.placeMonths, () => this.placeMonths.findOne({ _id: placeMonthId(place, month) }, { projection: { placePath: 1 } })),
    ]);
    const anchors = new Set<string>(was?.placePath ?? []);
    for (const log of live) {
      acc.add(log as LogFields);
      compact.add(log as LogFields);
      for (const a of (log as LogFields).placePath) anchors.add(a);
    }
    await this.write(place, month, [...acc.byKey.values()][0] ?? null);
    const pm = compact.places.get(placeMonthId(place, month));
    if (pm) await this.ctx.run(this.placeMonths, () => this.placeMonths.replaceOne({ _id: pm._id }, pm, { upsert: true }));
    else await this.ctx.run(this.placeMonths, () => this.placeMonths.deleteOne({ _id: placeMonthId(place, month) }));
    return [...anchors];
  }

  /**
   * Replaces one anchor's month with a recount of the live unsplit logs
   * under it (one `logs_path_month` read: a province's month of logs when the
   * anchor is a province). Only after a crash or a stale mark; racing a live
   * writer under the anchor it can lose or double that writer's increment.
   */
  private async recountAnchor(anchor: string, month: string): Promise<void> {
    const compact = new CompactAccumulator();
    const live = await this.ctx.run(this.logs, () =>
      this.logs.find({ placePath: anchor, 'periods.month': month, cancelledAt: null }, { projection: { placePath: 1, form: 1, groups: 1, participants: 1, participantsByGroup: 1 } }).toArray(),
    );
    for (const log of live) {
      if (log.participantsByGroup) continue;
      compact.addAnchors([anchor], month, anchorKindKey(log.placePath.length, log.form, log.groups), 1, log.participants);
    }
    const doc = compact.anchors.get(anchorMonthId(anchor, month));
    if (doc) await this.ctx.run(this.anchorMonths, () => this.anchorMonths.replaceOne({ _id: doc._id }, doc, { upsert: true }));
    else await this.ctx.run(this.anchorMonths, () => this.anchorMonths.deleteOne({ _id: anchorMonthId(anchor, month) }));
  }

  /** Writes one place-month whole (a recount), or removes it when no live log is left. */
  private async write(place: string, month: string, pm: PlaceMonth | null): Promise<void> {
    const year = month.slice(0, 4);
    if (!pm) {
      await Promise.all([
        this.ctx.run(this.months, () => this.months.updateOne({ _id: yearId(place, year) }, { $unset: { [`months.${month}`]: '', [`splits.${month}`]: '' } })),
        this.ctx.run(this.days, () => this.days.deleteOne({ _id: daysId(place, month) })),
      ]);
      return;
    }
    const where = { place, placePath: pm.placePath };
    const days: DayCountsDoc = { _id: daysId(place, month), ...where, month, days: pm.days, splits: pm.splits };
    await Promise.all([
      this.ctx.run(this.months, () => this.months.updateOne({ _id: yearId(place, year) }, { $set: { ...where, year, [`months.${month}`]: pm.totals, [`splits.${month}`]: pm.splits } }, { upsert: true })),
      this.ctx.run(this.days, () => this.days.replaceOne({ _id: days._id }, days, { upsert: true })),
    ]);
  }

  /** The answer to a retry: a mark on this place-month older than {@link STALE_MARK_MS} was left by a writer that died; recount it. */
  async refreshStale(log: Touched): Promise<void> {
    const before = new Date(Date.now() - STALE_MARK_MS).toISOString();
    const stale = await this.ctx.find(this.marks, { 'touched.place': log.villageId, 'touched.month': log.periods.month, at: { $lt: before } });
    await this.settle(stale);
  }

  private async settle(marks: Mark[]): Promise<number> {
    const touched = new Map<string, { place: string; month: string }>();
    for (const m of marks) for (const t of m.touched) touched.set(`${t.place}|${t.month}`, t);
    const anchors = new Map<string, { anchor: string; month: string }>();
    for (const t of touched.values()) for (const anchor of await this.recount(t.place, t.month)) anchors.set(`${anchor}|${t.month}`, { anchor, month: t.month });
    // After every place-month: the anchors' months from the logs, each once.
    for (const a of anchors.values()) await this.recountAnchor(a.anchor, a.month);
    if (marks.length > 0) await this.ctx.run(this.marks, () => this.marks.deleteMany({ _id: { $in: marks.map((m) => m._id) } }));
    return touched.size;
  }

  async repair(): Promise<{ recounted: number; rebuilt: number | null }> {
    const format = await this.ctx.run(this.months, () => (this.months as unknown as Collection<FormatDoc>).findOne({ _id: FORMAT._id }));
    if (format?.version !== FORMAT.version) {
      const marks = await this.ctx.find(this.marks, {});
      const rebuilt = await this.rebuild();
      if (marks.length > 0) await this.ctx.run(this.marks, () => this.marks.deleteMany({ _id: { $in: marks.map((m) => m._id) } }));
      return { recounted: 0, rebuilt };
    }
    return { recounted: await this.settle(await this.ctx.find(this.marks, {})), rebuilt: null };
  }

  /** Recounts everything from the logs (one pass over them), replacing documents in place, then drops place-months with no live log. */
  async rebuild(): Promise<number> {
    const acc = new PlaceMonthAccumulator();
    const compact = new CompactAccumulator();
    const cursor = this.logs.find({}, { projection: LOG_FIELDS, batchSize: 5000 });
    await this.ctx.run(this.logs, async () => {
      for await (const log of cursor) {
        acc.add(log as LogFields);
        compact.add(log as LogFields);
      }
    });
    for (const pm of acc.byKey.values()) await this.write(pm.place, pm.month, pm);
    await this.dropAllBut(new Set(acc.byKey.keys()));
    await this.replaceAll(this.placeMonths, compact.places);
    await this.replaceAll(this.anchorMonths, compact.anchors);
    await this.writeFormat();
    return acc.byKey.size;
  }

  /**
   * Writes whole documents in batches: each batch's ids deleted, then
   * inserted (FerretDB 1.24 stops answering, even its monitor, on a batch of
   * a thousand upserts; an `insertMany` of the same is quick). A reader
   * between the two sees the batch's documents missing: a rebuild is best
   * run with Loa stopped, a start runs it before serving.
   */
  private async writeWhole<T extends PlaceMonthDoc | AnchorMonthDoc>(collection: Collection<T>, docs: T[]): Promise<void> {
    for (let i = 0; i < docs.length; i += 1000) {
      const chunk = docs.slice(i, i + 1000);
      await this.ctx.run(collection, () => collection.deleteMany({ _id: { $in: chunk.map((d) => d._id) } } as never));
      await this.ctx.run(collection, () => collection.insertMany(chunk as never[], { ordered: false }));
    }
  }

  /** Makes a collection hold exactly `docs` (by id): written whole, the others deleted. */
  private async replaceAll<T extends PlaceMonthDoc | AnchorMonthDoc>(collection: Collection<T>, docs: Map<string, T>): Promise<void> {
    await this.writeWhole(collection, [...docs.values()]);
    const ids = await this.ctx.run(collection, () => collection.find({}, { projection: { _id: 1 } }).toArray());
    const dead = ids.map((d) => d._id).filter((id) => !docs.has(id));
    for (let i = 0; i < dead.length; i += 1000) await this.ctx.run(collection, () => collection.deleteMany({ _id: { $in: dead.slice(i, i + 1000) } } as never));
  }

  /** Removes the place-months not in `kept` (`place|month`). */
  private async dropAllBut(kept: Set<string>): Promise<void> {
    const years = await this.ctx.run(this.months, () => this.months.find({ _id: idRange('m', '0000', '9999') }, { projection: { place: 1, months: 1, splits: 1 } }).toArray());
    for (const doc of years) {
      const gone = [...new Set([...Object.keys(doc.months ?? {}), ...Object.keys(doc.splits ?? {})])].filter((m) => !kept.has(`${doc.place}|${m}`));
      if (gone.length > 0) await this.ctx.run(this.months, () => this.months.updateOne({ _id: doc._id }, { $unset: Object.fromEntries(gone.flatMap((m) => [[`months.${m}`, ''], [`splits.${m}`, '']])) }));
    }
    const days = await this.ctx.run(this.days, () => this.days.find({ _id: idRange('d', '0000', '9999') }, { projection: { place: 1, month: 1 } }).toArray());
    const dead = days.filter((d) => !kept.has(`${d.place}|${d.month}`)).map((d) => d._id);
    for (let i = 0; i < dead.length; i += 1000) await this.ctx.run(this.days, () => this.days.deleteMany({ _id: { $in: dead.slice(i, i + 1000) } }));
  }

  private async writeFormat(): Promise<void> {
    const formats = this.months as unknown as Collection<FormatDoc>;
    await this.ctx.run(this.months, () => formats.updateOne({ _id: FORMAT._id }, { $set: { version: FORMAT.version } }, { upsert: true }));
  }

  /**
   * The scope's place-months (one `rollup_place_months_path_month` range) and
   * the anchors' months (one `$in` over `rollup_anchor_months_anchor_month`):
   * documents by places × months and by anchors × months, never by logs.
   */
  async compactMonths(scopeId: string, anchors: readonly string[], from: string, to: string): Promise<CompactMonths> {
    const [places, mix] = await Promise.all([
      this.ctx.find(this.placeMonths, { placePath: scopeId, month: { $gte: from, $lte: to } }),
      anchors.length === 0 ? Promise.resolve([]) : this.ctx.find(this.anchorMonths, { anchor: { $in: [...anchors] }, month: { $gte: from, $lte: to } }),
    ]);
    return compactMonthsOf(places, mix, from, to);
  }

  async monthFacts(scopeId: string, from: string, to: string): Promise<Fact[]> {
    const docs = await this.ctx.find(this.months, { placePath: scopeId, _id: idRange('m', from.slice(0, 4), to.slice(0, 4)) });
    return monthFactsOf(docs, from, to);
  }

  async dayFacts(scopeId: string, from: string, to: string): Promise<Fact[]> {
    const docs = await this.ctx.find(this.days, { placePath: scopeId, _id: idRange('d', from.slice(0, 7), to.slice(0, 7)) });
    return dayFactsOf(docs, from, to);
  }
}
