import type { Repositories, Storage } from '../../core/ports/storage';
import { ensureCoreIndexes } from './collections';
import type { DocumentStore } from './document-store';
import type { GatewayDevicesRepo } from '../../core/repos/gateway-devices-repo';
import type { DownloadFilesRepo } from '../../core/repos/download-files-repo';
import type { WebSessionsRepo } from '../../core/repos/web-sessions-repo';
import { SqliteCountersRepo } from '../sqlite/repositories/counters-repo';
import { SqliteInboundRepo } from '../sqlite/repositories/inbound-repo';
import { SqliteLogsRepo } from '../sqlite/repositories/logs-repo';
import { SqliteRollupsRepo } from '../sqlite/repositories/rollups-repo';
import { CachedPeopleRepo, CachedPlacesRepo } from '../sqlite/repositories/roster-cache';
import { SqliteClaimsRepo } from '../sqlite/repositories/claims-repo';
import { SqliteDownloadFilesRepo, SqliteGatewayDevicesRepo, SqliteWebSessionsRepo } from '../sqlite/repositories/door-repos';
import { SqliteOneTimeCodesRepo } from '../sqlite/repositories/one-time-codes-repo';
import { SqliteOutboxRepo } from '../sqlite/repositories/outbox-repo';
import { SqlitePlansRepo } from '../sqlite/repositories/plans-repo';
import type { EmbeddedStore } from '../sqlite/embedded-store';

/**
 * The repositories on one store: on SQLite, the typed tables' own
 * repositories (adapters/sqlite/repositories/); on MongoDB, the native ones
 * (adapters/mongo/repositories/).
 */
export function repositoriesOn(documents: DocumentStore): Repositories {
  if (documents.mongo) return documents.mongo.repositories();
  const sqlite = embedded(documents);
  return {
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
  };
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
  /** The document layer itself, for storage-side tools (benches, bulk loads); the core never sees it. */
  readonly documents: DocumentStore;
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
  return {
    kind: documents.kind,
    description: documents.description,
    repos: repositoriesOn(documents),
    doors: doorRepositoriesOn(documents),
    documents,
    ping: () => documents.ping(),
    close: () => documents.close(),
  };
}
