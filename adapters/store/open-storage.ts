import type { Repositories, Storage } from '../../core/ports/storage';
import { checkStore } from './check-store';
import { StoreUnavailableError } from '../../core/ports/store-errors';
import { storageAdminOn, type StorageAdmin } from './storage-admin';
import type { StoreDriver } from './store-driver';
import { sqliteMaintenance } from '../sqlite/maintenance';
import type { GatewayDevicesRepo } from '../../core/repos/gateway-devices-repo';
import type { DownloadFilesRepo } from '../../core/repos/download-files-repo';
import type { WebSessionsRepo } from '../../core/repos/web-sessions-repo';
import { SqliteCountersRepo } from '../sqlite/repositories/counters-repo';
import { SqliteInboundRepo } from '../sqlite/repositories/inbound-repo';
import { SqliteLogsRepo } from '../sqlite/repositories/logs-repo';
import { SqliteRollupsRepo } from '../sqlite/repositories/rollups-repo';
import { CachedPeopleRepo, CachedPlacesRepo } from '../sqlite/repositories/roster-cache';
import { openEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from '../sqlite/embedded-store';
import type { MongoStoreOptions } from '../mongo/mongo-store';
import { SqliteClaimsRepo } from '../sqlite/repositories/claims-repo';
import { SqliteDownloadFilesRepo, SqliteGatewayDevicesRepo, SqliteWebSessionsRepo } from '../sqlite/repositories/door-repos';
import { SqliteOneTimeCodesRepo } from '../sqlite/repositories/one-time-codes-repo';
import { SqliteOutboxRepo } from '../sqlite/repositories/outbox-repo';
import { SqlitePlansRepo } from '../sqlite/repositories/plans-repo';
import { reposInUnit } from '../sqlite/unit-repos';

/**
 * The repositories on one store: on SQLite, the typed tables' own
 * repositories (adapters/sqlite/repositories/); on MongoDB, the native ones
 * (adapters/mongo/repositories/).
 */
export function repositoriesOn(driver: StoreDriver): Repositories {
  if (driver.mongo) return driver.mongo.repositories();
  const sqlite = embedded(driver);
  const repos: Repositories = {
    places: new CachedPlacesRepo(sqlite),
    people: new CachedPeopleRepo(sqlite),
    logs: new SqliteLogsRepo(sqlite),
    inbound: new SqliteInboundRepo(sqlite),
    counters: new SqliteCountersRepo(sqlite),
    plans: new SqlitePlansRepo(sqlite),
    // Outbox and scheduled-message claims come before a send: these repositories make each of their writes durable themselves.
    outbox: new SqliteOutboxRepo(sqlite),
    oneTimeCodes: new SqliteOneTimeCodesRepo(sqlite),
    claims: (book, owner) => new SqliteClaimsRepo(sqlite, book, owner),
    rollups: new SqliteRollupsRepo(sqlite),
    unit: (fn) => sqlite.unit(fn),
    // A message's unit without AsyncLocalStorage (adapters/sqlite/unit-repos.ts).
    unitWith: (fn) => sqlite.unitWith((unit) => fn(reposInUnit(repos, sqlite, unit))),
  };
  return repos;
}

/** The SQLite store under `driver`; every store is SQLite or MongoDB. */
function embedded(driver: StoreDriver): EmbeddedStore {
  if (!driver.sqlite) throw new TypeError(`${driver.description}: neither SQLite nor MongoDB, so no repositories`);
  return driver.sqlite;
}

/** What the doors keep beside the core's data. */
export interface DoorRepositories {
  gatewayDevices: GatewayDevicesRepo;
  downloadFiles: DownloadFilesRepo;
  webSessions: WebSessionsRepo;
}

/** An open store: the core's repositories (what `createCore` takes) and the doors'. */
export interface OpenStorage extends Storage {
  readonly doors: DoorRepositories;
  /** The maintenance port (backups, check, demo clearing, audits, test faults): what tools need beyond the repositories. */
  readonly admin: StorageAdmin;
}

/** The doors' repositories on one store: typed tables on SQLite (storage/sqlite/repositories/door-repos.ts), native ones on MongoDB. */
export function doorRepositoriesOn(driver: StoreDriver): DoorRepositories {
  if (driver.mongo) return driver.mongo.doors();
  const sqlite = embedded(driver);
  return { gatewayDevices: new SqliteGatewayDevicesRepo(sqlite), downloadFiles: new SqliteDownloadFilesRepo(sqlite), webSessions: new SqliteWebSessionsRepo(sqlite) };
}

/** A store opened by either driver, as the app uses it: every index created, every repository built. */
export async function storageOn(driver: StoreDriver): Promise<OpenStorage> {
  if (driver.mongo) await driver.mongo.ensureIndexes();
  const repos = repositoriesOn(driver);
  const maintenance = driver.maintenance ?? sqliteMaintenance(embedded(driver));
  const admin = storageAdminOn(driver, maintenance, () => checkStore(maintenance, repos));
  return {
    kind: driver.kind,
    description: driver.description,
    repos,
    doors: doorRepositoriesOn(driver),
    admin,
    // A test's outage reaches the readiness probe too (MongoDB's ping is the driver's own, not a repository's).
    ping: () => (admin.down ? Promise.reject(new StoreUnavailableError(`${driver.description} (test outage)`)) : driver.ping()),
    close: () => driver.close(),
  };
}

/** The embedded SQLite store opened as storage (tests, benches, tools that pick their own folder); in memory without `dataDir`. */
export function openEmbeddedStorage(options: EmbeddedStoreOptions = {}): Promise<OpenStorage> {
  return storageOn(openEmbeddedStore(options));
}

/** MongoDB at `uri` opened as storage (tests, benches, the copy tool); the driver is loaded only here. */
export async function openMongoStorage(uri: string, options: MongoStoreOptions = {}): Promise<OpenStorage> {
  // The driver only when asked for: loading it costs ~20 MB of RSS an embedded server would carry for nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createMongoStore } = require('../mongo') as typeof import('../mongo');
  const driver = await createMongoStore(uri, options);
  try {
    return await storageOn(driver);
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}
