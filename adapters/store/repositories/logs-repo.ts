import type { Collection, DocumentStore } from '../document-store';
import { COLLECTIONS } from '../collections';
import { DocumentRollupsRepo } from './rollups-repo';
import { LogChangeSchema, SessionLogSchema, type Channel, type LogChange, type SessionLog } from '../../../core/domain/session-log';
import type { LogsRepo, LogTableQuery, PeriodField } from '../../../core/repos/logs-repo';

/** Session logs on the document layer. Every write also recounts the place-months it touched in the rollups, marked dirty until then. */
export class DocumentLogsRepo implements LogsRepo {
  protected readonly logs: Collection<SessionLog>;
  private guardRepo: DocumentRollupsRepo | null = null;
  constructor(private readonly store: DocumentStore) {
    this.logs = store.collection<SessionLog>(COLLECTIONS.logs);
  }

  /** Made on first write: the SQLite logs repository overrides every write and has no document rollups. */
  private get rollups(): DocumentRollupsRepo {
    return (this.guardRepo ??= new DocumentRollupsRepo(this.store));
  }

  async insert(log: SessionLog): Promise<void> {
    const parsed = SessionLogSchema.parse(log);
    await this.rollups.guard([log], () => this.logs.insertOne(parsed));
  }

  refreshRollups(log: SessionLog): Promise<void> {
    return this.rollups.refreshFor(log);
  }

  byChannelMessage(channel: Channel, channelMessageId: string): Promise<SessionLog | null> {
    return this.logs.findOne({ channel, channelMessageId: String(channelMessageId) });
  }

  byId(id: string): Promise<SessionLog | null> {
    return this.logs.findOne({ _id: id });
  }

  ownByCode(personId: string, code: string): Promise<SessionLog | null> {
    return this.logs.findOne({ personId, code: code.toUpperCase() });
  }

  lastOwnActive(personId: string): Promise<SessionLog | null> {
    return this.logs.findOne({ personId, cancelledAt: null }, { sort: { createdAt: -1, _id: -1 } });
  }

  lastOwn(personId: string): Promise<SessionLog | null> {
    return this.logs.findOne({ personId }, { sort: { createdAt: -1, _id: -1 } });
  }

  async ownCancelledSince(personId: string, sinceIso: string): Promise<boolean> {
    const found = await this.logs.findOne({ personId, $and: [{ cancelledAt: { $ne: null } }, { cancelledAt: { $gt: sinceIso } }] });
    return found !== null;
  }

  byCodeUnder(placeId: string, code: string): Promise<SessionLog[]> {
    return this.logs.find({ placePath: placeId, code: code.toUpperCase() }, { limit: 10 });
  }

  recentSameContent(personId: string, contentKey: string, sinceIso: string): Promise<SessionLog | null> {
    return this.logs.findOne(
      { personId, contentKey, cancelledAt: null, createdAt: { $gte: sinceIso } },
      { sort: { createdAt: -1 } },
    );
  }

  countLive(placeId: string, periodField: PeriodField, periodKey: string): Promise<number> {
    return this.logs.countDocuments({ placePath: placeId, [`periods.${periodField}`]: periodKey, cancelledAt: null });
  }

  liveInPeriod(placeId: string, periodField: PeriodField, periodKey: string): Promise<Pick<SessionLog, 'participants' | 'periods'>[]> {
    return this.logs.find({ placePath: placeId, [`periods.${periodField}`]: periodKey, cancelledAt: null }, { projection: { participants: 1, periods: 1 } });
  }

  liveBetween(placeId: string, from: string, to: string): Promise<SessionLog[]> {
    return this.logs.find({ placePath: placeId, cancelledAt: null, date: { $gte: from, $lte: to } }, { sort: { date: 1, villageId: 1 } });
  }

  table(placeId: string, query: LogTableQuery, limit: number, skip = 0): Promise<SessionLog[]> {
    const filter: Record<string, unknown> = { placePath: placeId };
    if (query.villageId) filter.villageId = query.villageId;
    if (query.from || query.to) filter.date = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
    if (query.form) filter.form = query.form;
    if (query.channel) filter.channel = query.channel;
    if (query.personId) filter.personId = query.personId;
    return this.logs.find(filter, { sort: { date: -1, createdAt: -1, _id: -1 }, limit, ...(skip > 0 ? { skip } : {}) });
  }

  async cancel(id: string, atIso: string, change: LogChange): Promise<boolean> {
    const entry = LogChangeSchema.parse(change);
    const log = await this.logs.findOne({ _id: id });
    if (!log) return false;
    const result = await this.rollups.guard([log], () => this.logs.updateOne({ _id: id, cancelledAt: null }, { $set: { cancelledAt: atIso }, $push: { history: entry } }));
    return result.modified === 1;
  }

  async replace(log: SessionLog): Promise<void> {
    const { _id, ...rest } = SessionLogSchema.parse(log);
    const before = await this.logs.findOne({ _id });
    await this.rollups.guard(before ? [before, log] : [log], () => this.logs.updateOne({ _id }, { $set: rest }));
  }
}
