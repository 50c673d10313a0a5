import type { SessionLog } from '../../core/domain/session-log';
import type { StoreMaintenance } from '../store/store-driver';
import { QUARANTINE } from '../store/record-check';
import type { EmbeddedStore } from './embedded-store';
import { LOG_COLUMNS } from './migration-logs';
import { UNREADABLE_ROSTER } from './migration-roster';
import { sqliteBulkLoad } from './repositories/bulk-load';
import { decodeLog } from './repositories/logs-repo';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ALL_LOGS = `SELECT ${LOG_COLUMNS.join(', ')} FROM logs ORDER BY rowid`;

/**
 * The maintenance port's work on SQLite, in SQL over the typed tables: every
 * log in the order stored (rowid), decoded as the logs repository decodes
 * them (a row that fails moves to the quarantine); the demo's logs deleted by
 * one range on `channel_message_id` (the rollup triggers follow); row counts;
 * and `loa check`'s record pass, which is SQLite's integrity check after the
 * unreadable rows of the JSON-holding tables were moved aside (the typed
 * columns are held by their CHECK constraints, which the integrity check
 * verifies).
 */
export function sqliteMaintenance(sqlite: EmbeddedStore): StoreMaintenance {
  const allLogs = async (): Promise<SessionLog[]> =>
    sqlite.read(() => {
      const logs: SessionLog[] = [];
      for (const row of sqlite.statement(ALL_LOGS).all() as Parameters<typeof decodeLog>[0][]) {
        const decoded = decodeLog(row);
        if (decoded.ok) logs.push(decoded.record);
        else sqlite.quarantine.move('logs', row.id, JSON.stringify(row), decoded.problem);
      }
      return logs;
    }, 'logs');
  const countRecords = async (table: string): Promise<number> => {
    if (!NAME.test(table)) throw new TypeError(`${table} is not a table name`);
    return sqlite.read(() => {
      if (!sqlite.statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) return 0;
      return Number((sqlite.statement(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n);
    });
  };
  return {
    allLogs,
    deleteLogsBetween: (from, below) =>
      sqlite.write('logs', () => sqlite.statement('DELETE FROM logs WHERE channel_message_id >= ? AND channel_message_id < ?').run(from, below).changes),
    countRecords,
    quarantined: () => countRecords(QUARANTINE),
    checkRecords: async () => {
      const tables = ['logs', ...Object.keys(UNREADABLE_ROSTER)];
      const problems = sqlite.integrityCheck(tables).map((p) => `integrity_check: ${p}`);
      return { records: (await allLogs()).length, collections: tables.length, problems };
    },
    bulkLoad: (load) => sqliteBulkLoad(sqlite, load),
  };
}
