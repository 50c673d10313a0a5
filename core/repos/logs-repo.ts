import type { Channel, LogChange, SessionLog } from '../domain/session-log';
import type { FormCode } from '../domain/vocabulary-codes';

export type PeriodField = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** What the web log table narrows by; every field is optional and already validated. */
export interface LogTableQuery {
  villageId?: string;
  /** Session dates, `YYYY-MM-DD`, inclusive. */
  from?: string;
  to?: string;
  form?: FormCode;
  channel?: Channel;
  personId?: string;
}

/** Session logs. Every write also recounts the place-months it touched in the rollups. */
export interface LogsRepo {
  /** Rejects with DuplicateKeyError on a repeated (channel, message id) or code clash. */
  insert(log: SessionLog): Promise<void>;
  /**
   * Recounts a log's place-month. The answers to a retry (a repeated message,
   * an already-cancelled or unchanged log) call it, so a refresh cut short by
   * a failure the first time converges on the retry.
   */
  refreshRollups(log: SessionLog): Promise<void>;
  byChannelMessage(channel: Channel, channelMessageId: string): Promise<SessionLog | null>;
  byId(id: string): Promise<SessionLog | null>;
  /** The sender's own log with this code (codes are unique per village; a person logs for one village). */
  ownByCode(personId: string, code: string): Promise<SessionLog | null>;
  /** The sender's most recent log that is not cancelled. */
  lastOwnActive(personId: string): Promise<SessionLog | null>;
  /** The sender's most recent log, cancelled or not. */
  lastOwn(personId: string): Promise<SessionLog | null>;
  /** Whether any of the sender's logs was cancelled after `sinceIso`. */
  ownCancelledSince(personId: string, sinceIso: string): Promise<boolean>;
  /** Logs with this code anywhere under `placeId` (codes are unique per village only), at most 10. */
  byCodeUnder(placeId: string, code: string): Promise<SessionLog[]>;
  /** A live log with the same content by the same person created since `sinceIso`: a re-send. */
  recentSameContent(personId: string, contentKey: string, sinceIso: string): Promise<SessionLog | null>;
  /** Live sessions of places under `placeId` in one period (`periods.month` = `2026-11`, …). */
  countLive(placeId: string, periodField: PeriodField, periodKey: string): Promise<number>;
  /** Participants and periods of the live logs under `placeId` in one period (XEM). */
  liveInPeriod(placeId: string, periodField: PeriodField, periodKey: string): Promise<Pick<SessionLog, 'participants' | 'periods'>[]>;
  /** Live logs under `placeId` with session dates `from`..`to` (inclusive), by date then village (the export). */
  liveBetween(placeId: string, from: string, to: string): Promise<SessionLog[]>;
  /** Logs under `placeId`, cancelled ones too, newest session first (ties in a fixed order), at most `limit` after the first `skip` (the web log table's pages). */
  table(placeId: string, query: LogTableQuery, limit: number, skip?: number): Promise<SessionLog[]>;
  /** Cancels a live log and appends `change` to its history; false if it was already cancelled. */
  cancel(id: string, atIso: string, change: LogChange): Promise<boolean>;
  replace(log: SessionLog): Promise<void>;
}
