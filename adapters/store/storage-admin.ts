/**
 * The maintenance port: what tools, the scheduler, benches and tests need of
 * a store beyond the core's repositories (backups, `loa check`, removing the
 * demo's logs, audits of what was stored, fault and statement tracing for
 * tests). It is the only door to a store's insides outside `adapters/`, so the
 * storage layer under it can change without touching its users.
 *
 * Each method is named for its one use; none is a general query. What a test
 * or bench reads through it is what an operator could read with the store's
 * own tools (row counts, every log), never a shortcut around a repository's
 * rules for writing.
 */
import path from 'node:path';
import type { SessionLog } from '../../core/domain/session-log';
import type { CheckReport } from './check-store';
import { backupIfDue, makeBackup } from '../sqlite/backups';
import type { BulkLoad, BulkLoaded } from './bulk-load';
import type { StoreDriver, StoreMaintenance } from './store-driver';

/** The embedded store's snapshots in `DATA_DIR/backups` (MongoDB is backed up with its own tools). */
export interface StoreBackups {
  /** Takes one snapshot now and keeps the newest `keep`; returns the new file. */
  make(keep: number, now?: Date): Promise<string>;
  /** The scheduler's job: a snapshot when the newest is a day old or missing; null when none was due. */
  ifDue(keep: number, now: Date): Promise<string | null>;
}

export interface StorageAdmin {
  /** Null on MongoDB and on a store in memory (no file to snapshot). */
  readonly backups: StoreBackups | null;
  /** `npm run loa -- check`: every record against its schema, SQLite's integrity check, the rollups against a recount. */
  check(): Promise<CheckReport>;
  /**
   * Removes every log whose channel message id starts with `prefix` (the
   * demo's `demo:` mark), cancelled or not; returns how many. The rollups are
   * not touched: the caller rebuilds them (`repos.rollups.rebuild()`).
   */
  deleteLogsMarked(prefix: string): Promise<number>;
  /**
   * Every stored log, cancelled ones too, in the store's own order (the order they were stored, on both stores): audits that compare
   * what was acknowledged with what is stored (the crash bench, tests that
   * check nothing was written). Reads the whole table: not for a request path.
   */
  allLogs(): Promise<SessionLog[]>;
  /** How many records a table (collection) holds, for "nothing was written" checks across the store. */
  countRecords(table: string): Promise<number>;
  /**
   * Places, people and logs loaded in bulk behind the use-cases (benches, the
   * copy tool), each record checked by its schema, then the rollups recounted
   * once from the logs. Not for a serving store (see bulk-load.ts).
   */
  bulkLoad(load: BulkLoad): Promise<BulkLoaded>;
  /** Tests: while on, every store call fails with StoreUnavailableError, as when the database goes away. */
  setOutage(down: boolean): void;
  /**
   * Tests and benches, SQLite only: `listener` hears the SQL of every statement
   * from now on (null stops it); false on a store that cannot trace (MongoDB).
   */
  traceStatements(listener: ((sql: string) => void) | null): boolean;
}

/**
 * The port on either store, over that store's own maintenance (SQL on
 * SQLite, the driver on MongoDB: see store-driver.ts). Internal to `adapters/`.
 */
export function storageAdminOn(driver: StoreDriver, maintenance: StoreMaintenance, check: () => Promise<CheckReport>): StorageAdmin & { readonly down: boolean } {
  let down = false;
  const embedded = driver.sqlite ?? null;
  const dataDir = embedded?.file ? path.dirname(embedded.file) : null;
  return {
    backups:
      embedded && dataDir
        ? { make: (keep, now) => makeBackup(embedded, dataDir, keep, now), ifDue: (keep, now) => backupIfDue(embedded, dataDir, keep, now) }
        : null,
    check,
    bulkLoad: (load) => maintenance.bulkLoad(load),
    // `demo:` ≤ id < `demo;` (the last character moved up by one) is every id that starts with the mark, on both stores.
    deleteLogsMarked: async (prefix) => maintenance.deleteLogsBetween(prefix, nextPrefix(prefix)),
    allLogs: () => maintenance.allLogs(),
    countRecords: (table) => maintenance.countRecords(table),
    get down() {
      return down;
    },
    setOutage: (value) => {
      down = value;
      if (embedded) embedded.outage = value;
      if (driver.mongo) driver.mongo.outage = value;
    },
    traceStatements: (listener) => {
      if (!embedded) return false;
      embedded.traceStatements(listener);
      return true;
    },
  };
}

/** The smallest string above every string that starts with `prefix`. */
function nextPrefix(prefix: string): string {
  if (prefix === '') throw new RangeError('an empty mark would match every log');
  return `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
}
