import type { Collection, DocumentStore } from '../../storage/document-store';
import { COLLECTIONS } from '../../storage/collections';
import { RollupsRepo } from './rollups-repo';
import { LogChangeSchema, SessionLogSchema, type Channel, type LogChange, type SessionLog } from '../domain/session-log';

/** Session logs. Every write also recounts the place-months it touched in the rollups. */
export class LogsRepo {
  private readonly logs: Collection<SessionLog>;
  private readonly rollups: RollupsRepo;
  constructor(store: DocumentStore) {
    this.logs = store.collection<SessionLog>(COLLECTIONS.logs);
    this.rollups = new RollupsRepo(store);
  }

  /** Rejects with DuplicateKeyError on a repeated (channel, message id) or code clash. */
  async insert(log: SessionLog): Promise<void> {
    await this.logs.insertOne(SessionLogSchema.parse(log));
    await this.rollups.refreshFor(log);
  }

  /**
   * Recounts a log's place-month. The answers to a retry (a repeated message,
   * an already-cancelled or unchanged log) call it, so a refresh cut short by
   * a failure the first time converges on the retry.
   */
  refreshRollups(log: SessionLog): Promise<void> {
    return this.rollups.refreshFor(log);
  }

  byChannelMessage(channel: Channel, channelMessageId: string): Promise<SessionLog | null> {
    return this.logs.findOne({ channel, channelMessageId: String(channelMessageId) });
  }

  byId(id: string): Promise<SessionLog | null> {
    return this.logs.findOne({ _id: id });
  }

  /** The sender's own log with this code (codes are unique per village; a person logs for one village). */
  ownByCode(personId: string, code: string): Promise<SessionLog | null> {
    return this.logs.findOne({ personId, code: code.toUpperCase() });
  }

  /** The sender's most recent log that is not cancelled. */
  lastOwnActive(personId: string): Promise<SessionLog | null> {
    return this.logs.findOne({ personId, cancelledAt: null }, { sort: { createdAt: -1, _id: -1 } });
  }

  /** The sender's most recent log, cancelled or not. */
  lastOwn(personId: string): Promise<SessionLog | null> {
    return this.logs.findOne({ personId }, { sort: { createdAt: -1, _id: -1 } });
  }

  /** Whether any of the sender's logs was cancelled after `sinceIso`. */
  async ownCancelledSince(personId: string, sinceIso: string): Promise<boolean> {
    const found = await this.logs.findOne({ personId, $and: [{ cancelledAt: { $ne: null } }, { cancelledAt: { $gt: sinceIso } }] });
    return found !== null;
  }

  /** Logs with this code anywhere under `placeId` (codes are unique per village only). */
  byCodeUnder(placeId: string, code: string): Promise<SessionLog[]> {
    return this.logs.find({ placePath: placeId, code: code.toUpperCase() }, { limit: 10 });
  }

  /** A live log with the same content by the same person created since `sinceIso`: a re-send. */
  recentSameContent(personId: string, contentKey: string, sinceIso: string): Promise<SessionLog | null> {
    return this.logs.findOne(
      { personId, contentKey, cancelledAt: null, createdAt: { $gte: sinceIso } },
      { sort: { createdAt: -1 } },
    );
  }

  /** Live sessions of places under `placeId` in one period (`periods.month` = `2026-11`, …). */
  countLive(placeId: string, periodField: 'day' | 'week' | 'month' | 'quarter' | 'year', periodKey: string): Promise<number> {
    return this.logs.countDocuments({ placePath: placeId, [`periods.${periodField}`]: periodKey, cancelledAt: null });
  }

  /** Cancels a live log and appends `change` to its history; false if it was already cancelled. */
  async cancel(id: string, atIso: string, change: LogChange): Promise<boolean> {
    const result = await this.logs.updateOne(
      { _id: id, cancelledAt: null },
      { $set: { cancelledAt: atIso }, $push: { history: LogChangeSchema.parse(change) } },
    );
    const cancelled = await this.logs.findOne({ _id: id });
    if (cancelled) await this.rollups.refreshFor(cancelled);
    return result.modified === 1;
  }

  async replace(log: SessionLog): Promise<void> {
    const { _id, ...rest } = SessionLogSchema.parse(log);
    const before = await this.logs.findOne({ _id });
    await this.logs.updateOne({ _id }, { $set: rest });
    await this.rollups.refreshFor(...(before ? [before, log] : [log]));
  }

  find(filter: Record<string, unknown>, options?: Parameters<Collection<SessionLog>['find']>[1]): Promise<SessionLog[]> {
    return this.logs.find(filter, options);
  }
}
