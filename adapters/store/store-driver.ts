import type { SessionLog } from '../../core/domain/session-log';
import type { EmbeddedStore } from '../sqlite/embedded-store';
import type { MongoNative } from '../mongo/repositories';
import type { BulkLoader } from './bulk-load';

/**
 * What each store does for the maintenance port (adapters/store/storage-admin.ts)
 * in its own terms: SQL over the typed tables (adapters/sqlite/maintenance.ts),
 * the driver on MongoDB (adapters/mongo/mongo-store.ts). No general query:
 * one method per use.
 */
export interface StoreMaintenance {
  /** Every stored log, cancelled ones too, in the order stored; a record that fails its check is quarantined and left out. */
  allLogs(): Promise<SessionLog[]>;
  /** Removes the logs whose channel message id is in [`from`, `below`); returns how many. */
  deleteLogsBetween(from: string, below: string): Promise<number>;
  /** Records in one table or collection (0 for one that does not exist). */
  countRecords(table: string): Promise<number>;
  /** Records held in the quarantine. */
  quarantined(): Promise<number>;
  /** `loa check`'s first pass: every record read against its schema (failing ones quarantined), and the store's own integrity check. */
  checkRecords(): Promise<{ records: number; collections: number; problems: string[] }>;
  bulkLoad: BulkLoader;
}

/**
 * A store opened by either driver, as `storageOn` takes it: SQLite
 * (`openEmbeddedStore`) or MongoDB (`createMongoStore`). Nothing here reads or
 * writes records: that is the repositories' and the maintenance port's work.
 */
export interface StoreDriver {
  readonly kind: 'embedded' | 'mongodb';
  /** A human-readable description for logs (never contains credentials). */
  readonly description: string;
  /** SQLite only: the store its typed repositories run on. */
  readonly sqlite?: EmbeddedStore;
  /** MongoDB only: its native repositories. */
  readonly mongo?: MongoNative;
  /** MongoDB only: its maintenance (SQLite's is built over `sqlite`). */
  readonly maintenance?: StoreMaintenance;
  /** Resolves when the store can serve requests; rejects with StoreUnavailableError. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
