import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { MongoClient, type Db } from 'mongodb';
import type { SessionLog } from '../../../core/domain/session-log';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import { DATABASE_FILE, type EmbeddedStoreOptions } from '../../../adapters/sqlite/embedded-store';
import { encodeLog } from '../../../adapters/sqlite/repositories/logs-repo';
import { LOG_COLUMNS } from '../../../adapters/sqlite/migration-logs';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../../tools/harness/mongo-server';
import { QUARANTINE, type QuarantinedRecord } from '../../../adapters/store/record-check';

export type SqliteDb = InstanceType<typeof Database>;

/**
 * A store opened as the app opens it, with a way under it for the few tests
 * that write what no repository writes (a record from an older version, a
 * damaged one, a crash between two writes): on SQLite a second libsql
 * connection to its file (raw SQL), on MongoDB the driver's own `Db`. Never
 * the document layer (issue 23: deleted).
 */
export interface RawStore {
  readonly storage: OpenStorage;
  /** SQLite only: runs `fn` on its own connection to the store's file (committed when `fn` returns; WAL, so the store sees it). */
  readonly sql?: <T>(fn: (db: SqliteDb) => T) => T;
  /** MongoDB only: the store's database through a client of its own. */
  readonly mongo?: Db;
  /** The same store opened once more, as a restart opens it (its open-time migrations run again); closed with this one. */
  reopen(): Promise<OpenStorage>;
  close(): Promise<void>;
}

/** SQLite in a temporary folder (so a second connection can reach the file), no fsync per write unless asked. */
export async function rawSqlite(options: EmbeddedStoreOptions = {}): Promise<RawStore> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'loa-raw-'));
  const storage = await openEmbeddedStorage({ durable: false, ...options, dataDir });
  const file = path.join(dataDir, DATABASE_FILE);
  const more: OpenStorage[] = [];
  return {
    storage,
    reopen: async () => {
      const again = await openEmbeddedStorage({ durable: false, ...options, dataDir });
      more.push(again);
      return again;
    },
    sql: (fn) => {
      const db = new Database(file);
      try {
        db.pragma('busy_timeout = 5000');
        return fn(db);
      } finally {
        db.close();
      }
    },
    close: async () => {
      for (const s of [storage, ...more]) await s.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh MongoDB database (the test server), opened as storage and as the bare driver. */
export async function rawMongo(prefix: string, options: Parameters<typeof openMongoStorage>[1] = {}): Promise<RawStore> {
  const uri = uriWithDatabase(testMongoUri(), randomTestDatabase(prefix));
  const storage = await openMongoStorage(uri, options);
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 3000 }).connect();
  const more: OpenStorage[] = [];
  return {
    storage,
    mongo: client.db(),
    reopen: async () => {
      const again = await openMongoStorage(uri, options);
      more.push(again);
      return again;
    },
    close: async () => {
      for (const s of [storage, ...more]) await s.close();
      await client.close();
    },
  };
}

/** Both stores, each with its way under the repositories. */
export function rawStores(databasePrefix: string): [string, () => Promise<RawStore>][] {
  return [
    ['the embedded store', () => rawSqlite()],
    ['MongoDB', () => rawMongo(databasePrefix)],
  ];
}

/** A log written straight into the typed `logs` table (its triggers keep the SQLite rollups as for any insert). */
export function insertLogRow(db: SqliteDb, log: SessionLog): void {
  db.prepare(`INSERT INTO logs (${LOG_COLUMNS.join(', ')}) VALUES (${LOG_COLUMNS.map(() => '?').join(', ')})`).run(...encodeLog(log));
}

/** What the store moved to its quarantine (a table of JSON records on SQLite, a collection on MongoDB). */
export async function quarantined(store: RawStore): Promise<QuarantinedRecord[]> {
  if (store.mongo) return (await store.mongo.collection<QuarantinedRecord>(QUARANTINE).find({}).toArray()) as QuarantinedRecord[];
  // A read that moves a row aside does not wait for the move's commit (the store's next group commit): let it run.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return store.sql!((db) => {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(QUARANTINE)) return [];
    return (db.prepare(`SELECT doc FROM "${QUARANTINE}" ORDER BY rowid`).all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as QuarantinedRecord);
  });
}
