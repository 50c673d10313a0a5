import type { Repositories, Storage } from '../../core/ports/storage';
import { ensureCoreIndexes } from './collections';
import type { DocumentStore } from './document-store';
import type { GatewayDevicesRepo } from '../../core/repos/gateway-devices-repo';
import type { DownloadFilesRepo } from '../../core/repos/download-files-repo';
import type { WebSessionsRepo } from '../../core/repos/web-sessions-repo';
import { DocumentDownloadFilesRepo } from './repositories/download-files-repo';
import { DocumentGatewayDevicesRepo } from './repositories/gateway-devices-repo';
import { DocumentWebSessionsRepo } from './repositories/web-sessions-repo';
import { DocumentClaimsRepo } from './repositories/claims-repo';
import { DocumentCountersRepo, DocumentInboundRepo } from './repositories/inbound-repo';
import { DocumentLogsRepo } from './repositories/logs-repo';
import { DocumentOutboxRepo } from './repositories/outbox-repo';
import { DocumentOneTimeCodesRepo } from './repositories/one-time-codes-repo';
import { DocumentRollupsRepo } from './repositories/rollups-repo';
import { SqliteCountersRepo } from '../sqlite/repositories/counters-repo';
import { SqliteInboundRepo } from '../sqlite/repositories/inbound-repo';
import { SqliteLogsRepo } from '../sqlite/repositories/logs-repo';
import { SqliteRollupsRepo } from '../sqlite/repositories/rollups-repo';
import { CachedPeopleRepo, CachedPlacesRepo } from '../sqlite/repositories/roster-cache';
import { SqlitePlansRepo } from '../sqlite/repositories/plans-repo';
import type { EmbeddedStore } from '../sqlite/embedded-store';

/**
 * The repositories on one store: on SQLite, the typed tables' own
 * repositories (storage/sqlite/repositories/); the rest, and everything on
 * MongoDB, on the document layer.
 */
export function repositoriesOn(documents: DocumentStore): Repositories {
  if (documents.mongo) return documents.mongo.repositories();
  // Outbox and scheduled-message claims come before a send: each such write is on disk before it resolves, even in a unit.
  const eachDurable = documents.eachWriteDurable?.() ?? documents;
  const sqlite = documents.sqlite ?? null;
  const sqliteRollups = sqlite ? new SqliteRollupsRepo(sqlite) : null;
  return {
    // The roster is typed tables on SQLite and native repositories on MongoDB: no document-layer version.
    places: new CachedPlacesRepo(embedded(documents)),
    people: new CachedPeopleRepo(embedded(documents)),
    logs: sqlite ? new SqliteLogsRepo(sqlite) : new DocumentLogsRepo(documents),
    inbound: sqlite ? new SqliteInboundRepo(sqlite) : new DocumentInboundRepo(documents),
    counters: sqlite ? new SqliteCountersRepo(sqlite) : new DocumentCountersRepo(documents),
    plans: new SqlitePlansRepo(embedded(documents)),
    outbox: new DocumentOutboxRepo(eachDurable),
    oneTimeCodes: new DocumentOneTimeCodesRepo(documents),
    claims: (book, owner) => new DocumentClaimsRepo(eachDurable, book, owner),
    rollups: sqliteRollups ?? new DocumentRollupsRepo(documents),
    unit: (fn) => (documents.unit ? documents.unit(fn) : fn()),
  };
}

/** The SQLite store under `documents`; every store is SQLite or MongoDB (wrappers pass theirs through). */
function embedded(documents: DocumentStore): EmbeddedStore {
  if (!documents.sqlite) throw new TypeError(`${documents.description}: neither SQLite nor MongoDB, so no roster repositories`);
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

/** A store opened by either driver, as the app uses it: every index created, every repository built. */
export async function storageOn(documents: DocumentStore): Promise<OpenStorage> {
  if (documents.mongo) await documents.mongo.ensureIndexes();
  else await ensureCoreIndexes(documents);
  return {
    kind: documents.kind,
    description: documents.description,
    repos: repositoriesOn(documents),
    doors: documents.mongo?.doors() ?? {
      gatewayDevices: new DocumentGatewayDevicesRepo(documents),
      downloadFiles: new DocumentDownloadFilesRepo(documents),
      webSessions: new DocumentWebSessionsRepo(documents),
    },
    documents,
    ping: () => documents.ping(),
    close: () => documents.close(),
  };
}
