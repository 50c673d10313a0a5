import type { Repositories, Storage } from '../core/ports/storage';
import { PlanStore } from '../core/plans/plan-store';
import { RollupsRepo } from '../core/repos/rollups-repo';
import { ensureCoreIndexes } from './collections';
import type { DocumentStore } from './document-store';
import { DocumentClaimsRepo } from './repositories/claims-repo';
import { DocumentCountersRepo, DocumentInboundRepo } from './repositories/inbound-repo';
import { DocumentLogsRepo } from './repositories/logs-repo';
import { DocumentPeopleRepo } from './repositories/people-repo';
import { DocumentPlacesRepo } from './repositories/places-repo';

/** The repositories on one document store (either driver): each written once, on the document layer. */
export function repositoriesOn(documents: DocumentStore): Repositories {
  return {
    places: new DocumentPlacesRepo(documents),
    people: new DocumentPeopleRepo(documents),
    logs: new DocumentLogsRepo(documents),
    inbound: new DocumentInboundRepo(documents),
    counters: new DocumentCountersRepo(documents),
    plans: new PlanStore(documents),
    claims: (book, owner) => new DocumentClaimsRepo(documents, book, owner),
    rollups: new RollupsRepo(documents),
  };
}

/** A store opened by either driver, as the core takes it: indexes created, repositories built. */
export async function storageOn(documents: DocumentStore): Promise<Storage> {
  await ensureCoreIndexes(documents);
  return {
    kind: documents.kind,
    description: documents.description,
    repos: repositoriesOn(documents),
    documents,
    ping: () => documents.ping(),
    close: () => documents.close(),
  };
}
