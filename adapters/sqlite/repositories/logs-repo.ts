import { LogChangeSchema, SessionLogSchema, type Channel, type LogChange, type SessionLog } from '../../../core/domain/session-log';
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { LogsRepo, LogTableQuery, PeriodField } from '../../../core/repos/logs-repo';
import { checkRecord } from '../../store/record-check';
import type { EmbeddedStore } from '../embedded-store';
import { LOG_COLUMNS } from '../migration-logs';

/** A row of the typed `logs` table (migration 4). */
interface LogRow {
  id: string;
  code: string;
  village_id: string;
  place_path: string;
  date: string;
  day: string;
  week: string;
  month: string;
  quarter: string;
  year: string;
  participants: number;
  form: string;
  groups: string;
  split: string | null;
  note: string;
  person_id: string;
  channel: string;
  channel_message_id: string;
  content_key: string;
  created_at: string;
  edited_at: string | null;
  cancelled_at: string | null;
  history: string | null;
}

const PERIOD_COLUMN: Record<PeriodField, string> = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };
/** Logs of every village under `?` (a place's own path includes itself): rollup_place_paths is kept by the logs' triggers. */
const UNDER = 'rollup_place_paths p JOIN logs l ON l.village_id = p.place WHERE p.ancestor = ?';
const SELECT = `SELECT ${LOG_COLUMNS.map((c) => `l.${c}`).join(', ')}`;
/**
 * The insert returns its village-month's live count with the new log: its
 * `rollup_place_months` row (sessions and press items), which a BEFORE
 * trigger has already counted the log into (migration 9), so one seek.
 */
const INSERT = `INSERT INTO logs (${LOG_COLUMNS.join(', ')}) VALUES (${LOG_COLUMNS.map(() => '?').join(', ')})
  RETURNING (SELECT r.sessions + r.items FROM rollup_place_months r WHERE r.place = logs.village_id AND r.month = logs.month) AS month_count`;
/** Live logs of a month under a place, from the place-month rollups (one row per village-month), not by counting logs. */
const COUNT_MONTH = `SELECT coalesce(sum(t.sessions + t.items), 0) AS n FROM rollup_place_paths p JOIN rollup_place_months t ON t.place = p.place AND t.month = ? WHERE p.ancestor = ?`;

/** A village-month's live count as the last insert left it, valid while the logs' cache epoch has not moved. */
interface MonthCount {
  village: string;
  month: string;
  count: number;
  epoch: string;
}
const KEPT_WHEN_ABSENT = new Set(['split', 'history']);
const UPDATE = `UPDATE logs SET ${LOG_COLUMNS.slice(1).map((c) => (KEPT_WHEN_ABSENT.has(c) ? `${c} = coalesce(?, ${c})` : `${c} = ?`)).join(', ')} WHERE id = ?`;

/** The decode point for row checks: a row as the domain's log, or why it is not one. */
export function decodeLog(row: LogRow): ReturnType<typeof checkRecord<SessionLog>> {
  let log: Record<string, unknown>;
  try {
    log = {
      _id: row.id, code: row.code, villageId: row.village_id, placePath: JSON.parse(row.place_path), date: row.date,
      periods: { day: row.day, week: row.week, month: row.month, quarter: row.quarter, year: row.year },
      participants: Number(row.participants), form: row.form as FormCode, groups: row.groups.split(',') as GroupCode[], note: row.note,
      personId: row.person_id, channel: row.channel, channelMessageId: row.channel_message_id, contentKey: row.content_key,
      createdAt: row.created_at, editedAt: row.edited_at, cancelledAt: row.cancelled_at,
      ...(row.history === null ? {} : { history: JSON.parse(row.history) }),
      ...(row.split === null ? {} : { participantsByGroup: JSON.parse(row.split) }),
    };
  } catch {
    return { ok: false, problem: { reason: 'unreadable' } };
  }
  return checkRecord<SessionLog>('logs', row.id, log);
}

/** A log's typed columns, in {@link LOG_COLUMNS} order. */
export function encodeLog(log: SessionLog): unknown[] {
  return [
    log._id, log.code, log.villageId, JSON.stringify(log.placePath), log.date, log.periods.day, log.periods.week, log.periods.month, log.periods.quarter, log.periods.year,
    log.participants, log.form, log.groups.join(','), log.participantsByGroup ? JSON.stringify(log.participantsByGroup) : null, log.note, log.personId, log.channel,
    String(log.channelMessageId), log.contentKey, log.createdAt, log.editedAt, log.cancelledAt, log.history ? JSON.stringify(log.history) : null,
  ];
}

/**
 * Session logs on their typed SQLite table, on prepared statements. Every
 * write is one statement; the rollup rows follow it by trigger inside that
 * statement (migration 4), so a log and its counts commit together and no
 * mark, refresh or recount is needed.
 */
export class SqliteLogsRepo implements LogsRepo {
  private lastMonthCount: MonthCount | null = null;

  constructor(private readonly sqlite: EmbeddedStore) {}

  /**
   * One statement: the row, its rollups (triggers) and its village-month's
   * count, kept for the confirmation's `countLive` that follows, so a log
   * costs no second read. The count is taken with the epoch right after this
   * write (before any other write of the batch), so any later write to logs,
   * a rollback or another connection's commit makes it stale and unused.
   */
  async insert(log: SessionLog): Promise<void> {
    // Not parsed by zod again: the core built it from parsed, typed values, and the table's CHECKs refuse what must not
    // hold (participants, form, dates, code, JSON columns). It cost ~2% of a message's CPU.
    const params = encodeLog(log);
    let count = 0;
    const done = this.sqlite.write('logs', () => void (count = Number((this.sqlite.statement(INSERT).get(...params) as { month_count: number }).month_count)), false, true);
    this.lastMonthCount = log.cancelledAt === null ? { village: log.villageId, month: log.periods.month, count, epoch: this.sqlite.cacheEpoch('logs') } : null;
    await done;
  }

  /** Nothing to refresh: a log and its rollup rows commit together. */
  async refreshRollups(): Promise<void> {}

  async byChannelMessage(channel: Channel, channelMessageId: string): Promise<SessionLog | null> {
    return this.one(`${SELECT} FROM logs l WHERE l.channel = ? AND l.channel_message_id = ?`, channel, String(channelMessageId));
  }

  async byId(id: string): Promise<SessionLog | null> {
    return this.one(`${SELECT} FROM logs l WHERE l.id = ?`, id);
  }

  async ownByCode(personId: string, code: string): Promise<SessionLog | null> {
    return this.one(`${SELECT} FROM logs l WHERE l.person_id = ? AND l.code = ? LIMIT 1`, personId, code.toUpperCase());
  }

  async lastOwnActive(personId: string): Promise<SessionLog | null> {
    return this.one(`${SELECT} FROM logs l WHERE l.person_id = ? AND l.cancelled_at IS NULL ORDER BY l.created_at DESC, l.id DESC LIMIT 1`, personId);
  }

  async lastOwn(personId: string): Promise<SessionLog | null> {
    return this.one(`${SELECT} FROM logs l WHERE l.person_id = ? ORDER BY l.created_at DESC, l.id DESC LIMIT 1`, personId);
  }

  async ownCancelledSince(personId: string, sinceIso: string): Promise<boolean> {
    return this.sqlite.read(() => this.sqlite.statement('SELECT 1 AS y FROM logs WHERE person_id = ? AND cancelled_at > ? LIMIT 1').get(personId, sinceIso) !== undefined);
  }

  async byCodeUnder(placeId: string, code: string): Promise<SessionLog[]> {
    return this.many(`${SELECT} FROM ${UNDER} AND l.code = ? ORDER BY l.id LIMIT 10`, placeId, code.toUpperCase());
  }

  async recentSameContent(personId: string, contentKey: string, sinceIso: string): Promise<SessionLog | null> {
    return this.one(
      `${SELECT} FROM logs l WHERE l.person_id = ? AND l.content_key = ? AND l.cancelled_at IS NULL AND l.created_at >= ? ORDER BY l.created_at DESC LIMIT 1`,
      personId, contentKey, sinceIso,
    );
  }

  async countLive(placeId: string, periodField: PeriodField, periodKey: string): Promise<number> {
    const kept = this.lastMonthCount;
    if (kept && periodField === 'month' && kept.village === placeId && kept.month === periodKey && kept.epoch === this.sqlite.cacheEpoch('logs')) return kept.count;
    if (periodField === 'month') return this.sqlite.read(() => Number((this.sqlite.statement(COUNT_MONTH).get(periodKey, placeId) as { n: number }).n));
    const sql = `SELECT count(*) AS n FROM ${UNDER} AND l.${PERIOD_COLUMN[periodField]} = ? AND l.cancelled_at IS NULL`;
    return this.sqlite.read(() => Number((this.sqlite.statement(sql).get(placeId, periodKey) as { n: number }).n));
  }

  async liveInPeriod(placeId: string, periodField: PeriodField, periodKey: string): Promise<Pick<SessionLog, 'participants' | 'periods'>[]> {
    const sql = `SELECT l.participants, l.day, l.week, l.month, l.quarter, l.year FROM ${UNDER} AND l.${PERIOD_COLUMN[periodField]} = ? AND l.cancelled_at IS NULL`;
    const rows = this.sqlite.read(() => this.sqlite.statement(sql).all(placeId, periodKey)) as Pick<LogRow, 'participants' | 'day' | 'week' | 'month' | 'quarter' | 'year'>[];
    return rows.map((r) => ({ participants: Number(r.participants), periods: { day: r.day, week: r.week, month: r.month, quarter: r.quarter, year: r.year } }));
  }

  async liveBetween(placeId: string, from: string, to: string): Promise<SessionLog[]> {
    return this.many(`${SELECT} FROM ${UNDER} AND l.cancelled_at IS NULL AND l.date BETWEEN ? AND ? ORDER BY l.date, l.village_id, l.id`, placeId, from, to);
  }

  async table(placeId: string, query: LogTableQuery, limit: number, skip = 0): Promise<SessionLog[]> {
    const where: string[] = [];
    const params: unknown[] = [placeId];
    const narrow = (clause: string, value: unknown) => (where.push(clause), params.push(value));
    if (query.villageId) narrow('l.village_id = ?', query.villageId);
    if (query.from) narrow('l.date >= ?', query.from);
    if (query.to) narrow('l.date <= ?', query.to);
    if (query.form) narrow('l.form = ?', query.form);
    if (query.channel) narrow('l.channel = ?', query.channel);
    if (query.personId) narrow('l.person_id = ?', query.personId);
    const sql = `${SELECT} FROM ${UNDER}${where.map((w) => ` AND ${w}`).join('')} ORDER BY l.date DESC, l.created_at DESC, l.id DESC LIMIT ? OFFSET ?`;
    return this.many(sql, ...params, Math.floor(limit), Math.floor(skip));
  }

  async cancel(id: string, atIso: string, change: LogChange): Promise<boolean> {
    const entry = JSON.stringify(LogChangeSchema.parse(change));
    return this.sqlite.write('logs', () => {
      const sql = `UPDATE logs SET cancelled_at = ?, history = json_insert(coalesce(history, '[]'), '$[#]', json(?)) WHERE id = ? AND cancelled_at IS NULL`;
      return this.sqlite.statement(sql).run(atIso, entry, id).changes === 1;
    });
  }

  /** As `$set` on MongoDB: the optional fields the new log lacks (history, split) keep their stored values. */
  async replace(log: SessionLog): Promise<void> {
    const [id, ...rest] = encodeLog(SessionLogSchema.parse(log));
    await this.sqlite.write('logs', () => void this.sqlite.statement(UPDATE).run(...rest, id));
  }

  private one(sql: string, ...params: unknown[]): SessionLog | null {
    return this.many(sql, ...params)[0] ?? null;
  }

  /** Every row read goes through {@link decodeLog}; one that fails is quarantined and the read runs again without it. */
  private many(sql: string, ...params: unknown[]): SessionLog[] {
    return this.sqlite.read(() => {
      for (let attempt = 1; ; attempt++) {
        const rows = this.sqlite.statement(sql).all(...params) as LogRow[];
        const logs: SessionLog[] = [];
        for (const row of rows) {
          const decoded = decodeLog(row);
          if (decoded.ok) logs.push(decoded.record);
          else this.sqlite.quarantine.move('logs', row.id, JSON.stringify(row), decoded.problem);
        }
        // A row that could not be moved aside (its batch failed) is left out rather than read forever.
        if (logs.length === rows.length || attempt === 3) return logs;
      }
    }, 'logs');
  }
}
