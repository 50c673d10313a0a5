import { LogChangeSchema, SessionLogSchema, type LogChange, type SessionLog } from '../../../core/domain/session-log';
import { DocumentLogsRepo } from '../../store/repositories/logs-repo';
import type { EmbeddedStore } from '../embedded-store';
import type { SqliteRollupsRepo } from './rollups-repo';

const LIVE = `(json_type(doc, '$.cancelledAt') IS NULL OR json_type(doc, '$.cancelledAt') = 'null')`;

/**
 * Session logs on SQLite: reads as on the document layer (logs are still
 * JSON documents, with their expression indexes), but every write changes
 * the log and its rollup rows in one synchronous step of one transaction, so
 * they can never disagree and no mark or recount is needed.
 */
export class SqliteLogsRepo extends DocumentLogsRepo {
  constructor(
    private readonly sqlite: EmbeddedStore,
    private readonly rollupRows: SqliteRollupsRepo,
  ) {
    super(sqlite);
  }

  override async insert(log: SessionLog): Promise<void> {
    const parsed = SessionLogSchema.parse(log);
    await this.sqlite.write('logs', () => {
      this.sqlite.statement('INSERT INTO logs (id, doc) VALUES (?, ?)').run(parsed._id, JSON.stringify(parsed));
      if (parsed.cancelledAt === null) this.rollupRows.applyLog(parsed, 1);
    });
  }

  /** Nothing to refresh: a log and its rollup rows commit together. */
  override async refreshRollups(): Promise<void> {}

  override async cancel(id: string, atIso: string, change: LogChange): Promise<boolean> {
    const entry = LogChangeSchema.parse(change);
    return this.sqlite.write('logs', () => {
      const log = this.liveLog(id);
      if (!log) return false;
      const cancelled = { ...log, cancelledAt: atIso, history: [...(log.history ?? []), entry] };
      this.sqlite.statement('UPDATE logs SET doc = ? WHERE id = ?').run(JSON.stringify(cancelled), id);
      this.rollupRows.applyLog(log, -1);
      return true;
    });
  }

  override async replace(log: SessionLog): Promise<void> {
    const parsed = SessionLogSchema.parse(log);
    await this.sqlite.write('logs', () => {
      const before = this.sqlite.statement('SELECT doc FROM logs WHERE id = ?').get(parsed._id) as { doc: string } | undefined;
      if (before === undefined) return;
      const old = JSON.parse(before.doc) as SessionLog;
      this.sqlite.statement('UPDATE logs SET doc = ? WHERE id = ?').run(JSON.stringify({ ...old, ...parsed }), parsed._id);
      if (old.cancelledAt === null || old.cancelledAt === undefined) this.rollupRows.applyLog(old, -1);
      if (parsed.cancelledAt === null) this.rollupRows.applyLog(parsed, 1);
    });
  }

  /** The log if it is live, read inside the write (the decode point for row validation). */
  private liveLog(id: string): SessionLog | null {
    // libsql's get() ignores pluck mode: read the column by name.
    const row = this.sqlite.statement(`SELECT doc FROM logs WHERE id = ? AND ${LIVE}`).get(id) as { doc: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.doc) as SessionLog);
  }
}
