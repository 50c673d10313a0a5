import type { Repositories, Storage } from '../../core/ports/storage';
import { ensureCoreIndexes } from './collections';
import { checkStore } from './check-store';
import { StoreUnavailableError } from '../../core/ports/store-errors';
import { storageAdminOn, type StorageAdmin } from './storage-admin';
import type { DocumentStore } from './document-store';
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
export function repositoriesOn(documents: DocumentStore): Repositories {
  if (documents.mongo) return documents.mongo.repositories();
  const sqlite = embedded(documents);
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
    unit: (fn) => (documents.unit ? documents.unit(fn) : fn()),
    // A message's unit without AsyncLocalStorage (adapters/sqlite/unit-repos.ts).
    unitWith: (fn) => sqlite.unitWith((unit) => fn(reposInUnit(repos, sqlite, unit))),
  };
  return repos;
}

/** The SQLite store under `documents`; every store is SQLite or MongoDB (wrappers pass theirs through). */
function embedded(documents: DocumentStore): EmbeddedStore {
  if (!documents.sqlite) throw new TypeError(`${documents.description}: neither SQLite nor MongoDB, so no repositories`);
  return documents.sqlite;
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
export function doorRepositoriesOn(documents: DocumentStore): DoorRepositories {
  if (documents.mongo) return documents.mongo.doors();
  const sqlite = embedded(documents);
  return { gatewayDevices: new SqliteGatewayDevicesRepo(sqlite), downloadFiles: new SqliteDownloadFilesRepo(sqlite), webSessions: new SqliteWebSessionsRepo(sqlite) };
}

/** A store opened by either driver, as the app uses it: every index created, every repository built. */
export async function storageOn(documents: DocumentStore): Promise<OpenStorage> {
  if (documents.mongo) await documents.mongo.ensureIndexes();
  else await ensureCoreIndexes(documents);
  const repos = repositoriesOn(documents);
  const admin = storageAdminOn(documents, () => checkStore(documents, repos));
  return {
    kind: documents.kind,
    description: documents.description,
    repos,
    doors: doorRepositoriesOn(documents),
    admin,
    // A test's outage reaches the readiness probe too (MongoDB's ping is the driver's own, not a repository's).
    ping: () => (admin.down ? Promise.reject(new StoreUnavailableError(`${documents.description} (test outage)`)) : documents.ping()),
    close: () => documents.close(),
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
  const documents = await createMongoStore(uri, options);
  try {
    return await storageOn(documents);
  } catch (error) {
    await documents.close().catch(() => undefined);
    throw error;
  }
}
