import type { Collection, Document, UpdateFilter } from 'mongodb';
import { DuplicateKeyError } from '../../../core/ports/store-errors';
import { LogChangeSchema, SessionLogSchema, type Channel, type LogChange, type SessionLog } from '../../../core/domain/session-log';
import type { LogsRepo, LogTableQuery, PeriodField } from '../../../core/repos/logs-repo';
import type { IndexDeclarations, MongoContext } from './context';
import type { MongoRollupsRepo } from './rollups-repo';

type LogDoc = SessionLog & { [key: string]: unknown };

/** Each index serves named reads: equality fields first, then the sort, then the range (the index test checks every query). */
export const LOGS_INDEXES: IndexDeclarations = {
  logs: [
    // A retried webhook or re-delivered update can never make a second log.
    { name: 'logs_channel_message_unique', key: { channel: 1, channelMessageId: 1 }, unique: true },
    { name: 'logs_village_code_unique', key: { villageId: 1, code: 1 }, unique: true },
    // The sender's latest, their re-sends, their code, their cancels.
    { name: 'logs_person_created_id', key: { personId: 1, createdAt: -1, _id: -1 } },
    { name: 'logs_path_code', key: { placePath: 1, code: 1 } },
    { name: 'logs_path_month', key: { placePath: 1, 'periods.month': 1 } },
    { name: 'logs_path_year', key: { placePath: 1, 'periods.year': 1 } },
    { name: 'logs_path_week', key: { placePath: 1, 'periods.week': 1 } },
    { name: 'logs_path_quarter', key: { placePath: 1, 'periods.quarter': 1 } },
    { name: 'logs_path_day', key: { placePath: 1, 'periods.day': 1 } },
    // The export (by date, then village) and the web table (newest first).
    { name: 'logs_path_date_village', key: { placePath: 1, date: 1, villageId: 1 } },
    { name: 'logs_path_date_created_id', key: { placePath: 1, date: -1, createdAt: -1, _id: -1 } },
    // A recount reads one place-month.
    { name: 'logs_village_month', key: { villageId: 1, 'periods.month': 1 } },
  ],
};

/**
 * Session logs with the official driver. A write is the log itself between a
 * durable rollup mark and its removal, with the rollups moved by `$inc`
 * after the log write succeeded (see rollups-repo.ts): a duplicate (a retry)
 * changes nothing and counts nothing.
 */
export class MongoLogsRepo implements LogsRepo {
  private readonly logs: Collection<LogDoc>;
  constructor(
    private readonly ctx: MongoContext,
    private readonly rollups: MongoRollupsRepo,
  ) {
    this.logs = ctx.collection<LogDoc>('logs');
  }

  /** Mark, write, count, unmark. A refused write (duplicate) unmarks; a failed count leaves the mark for the next start or retry. */
  private async guarded<R>(touched: SessionLog[], write: () => Promise<R>, counted: (result: R) => { log: SessionLog; sign: 1 | -1 }[]): Promise<R> {
    const mark = await this.rollups.mark(touched);
    let result: R;
    try {
      result = await write();
    } catch (error) {
      if (error instanceof DuplicateKeyError) await this.rollups.unmark(mark);
      throw error;
    }
    await this.rollups.apply(counted(result));
    await this.rollups.unmark(mark);
    return result;
  }

  async insert(log: SessionLog): Promise<void> {
    const parsed = SessionLogSchema.parse(log) as LogDoc;
    await this.guarded([parsed], () => this.ctx.run(this.logs, () => this.logs.insertOne({ ...parsed }), { doc: parsed, insert: true }), () => [{ log: parsed, sign: 1 }]);
  }

  refreshRollups(log: SessionLog): Promise<void> {
    return this.rollups.refreshStale(log);
  }

  byChannelMessage(channel: Channel, channelMessageId: string): Promise<SessionLog | null> {
    return this.ctx.findOne(this.logs, { channel, channelMessageId: String(channelMessageId) });
  }

  byId(id: string): Promise<SessionLog | null> {
    return this.ctx.findOne(this.logs, { _id: id });
  }

  ownByCode(personId: string, code: string): Promise<SessionLog | null> {
    return this.ctx.findOne(this.logs, { personId, code: code.toUpperCase() });
  }

  lastOwnActive(personId: string): Promise<SessionLog | null> {
    return this.ctx.findOne(this.logs, { personId, cancelledAt: null }, { createdAt: -1, _id: -1 });
  }

  lastOwn(personId: string): Promise<SessionLog | null> {
    return this.ctx.findOne(this.logs, { personId }, { createdAt: -1, _id: -1 });
  }

  async ownCancelledSince(personId: string, sinceIso: string): Promise<boolean> {
    const found = await this.ctx.run(this.logs, () => this.logs.findOne({ personId, cancelledAt: { $gt: sinceIso } }, { projection: { _id: 1 } }));
    return found !== null;
  }

  byCodeUnder(placeId: string, code: string): Promise<SessionLog[]> {
    return this.ctx.find(this.logs, { placePath: placeId, code: code.toUpperCase() }, { limit: 10 });
  }

  recentSameContent(personId: string, contentKey: string, sinceIso: string): Promise<SessionLog | null> {
    return this.ctx.findOne(this.logs, { personId, contentKey, cancelledAt: null, createdAt: { $gte: sinceIso } }, { createdAt: -1, _id: -1 });
  }

  countLive(placeId: string, periodField: PeriodField, periodKey: string): Promise<number> {
    return this.ctx.run(this.logs, () => this.logs.countDocuments({ placePath: placeId, [`periods.${periodField}`]: periodKey, cancelledAt: null }));
  }

  async liveInPeriod(placeId: string, periodField: PeriodField, periodKey: string): Promise<Pick<SessionLog, 'participants' | 'periods'>[]> {
    const filter = { placePath: placeId, [`periods.${periodField}`]: periodKey, cancelledAt: null };
    return (await this.ctx.run(this.logs, () => this.logs.find(filter, { projection: { participants: 1, periods: 1 } }).toArray())) as Pick<SessionLog, 'participants' | 'periods'>[];
  }

  liveBetween(placeId: string, from: string, to: string): Promise<SessionLog[]> {
    return this.ctx.find(this.logs, { placePath: placeId, cancelledAt: null, date: { $gte: from, $lte: to } }, { sort: { date: 1, villageId: 1 } });
  }

  table(placeId: string, query: LogTableQuery, limit: number, skip = 0): Promise<SessionLog[]> {
    const filter: Document = { placePath: placeId };
    if (query.villageId) filter['villageId'] = query.villageId;
    if (query.from || query.to) filter['date'] = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
    if (query.form) filter['form'] = query.form;
    if (query.channel) filter['channel'] = query.channel;
    if (query.personId) filter['personId'] = query.personId;
    return this.ctx.find(this.logs, filter, { sort: { date: -1, createdAt: -1, _id: -1 }, limit, ...(skip > 0 ? { skip } : {}) });
  }

  /** One `findOneAndUpdate`: the log as it was before the cancel is what the rollups lose. */
  async cancel(id: string, atIso: string, change: LogChange): Promise<boolean> {
    const entry = LogChangeSchema.parse(change);
    const current = await this.byId(id);
    if (!current || current.cancelledAt) return false;
    const before = await this.guarded(
      [current],
      () => this.ctx.run(this.logs, () => this.logs.findOneAndUpdate({ _id: id, cancelledAt: null }, { $set: { cancelledAt: atIso }, $push: { history: entry } } as unknown as UpdateFilter<LogDoc>, { returnDocument: 'before' })),
      (was) => (was ? [{ log: was, sign: -1 }] : []),
    );
    return before !== null;
  }

  /** A correction: the rollups lose the log as it was (the pre-image) and gain it as it is now. */
  async replace(log: SessionLog): Promise<void> {
    const { _id, ...rest } = SessionLogSchema.parse(log);
    const current = await this.byId(_id);
    await this.guarded(
      current ? [current, log] : [log],
      () => this.ctx.run(this.logs, () => this.logs.findOneAndUpdate({ _id }, { $set: rest }, { returnDocument: 'before' }), { doc: { _id, ...rest } }),
      (was) => (was ? [{ log: was, sign: -1 as const }, { log: { ...was, ...rest, _id } as SessionLog, sign: 1 as const }] : []),
    );
  }
}
