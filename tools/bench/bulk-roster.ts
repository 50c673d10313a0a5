import type { Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';
import { SqlitePeopleRepo } from '../../adapters/sqlite/repositories/people-repo';
import { SqlitePlacesRepo } from '../../adapters/sqlite/repositories/places-repo';
import type { DocumentStore } from '../../adapters/store/document-store';

const CHUNK = 10_000;

/**
 * Places and people in bulk into an empty store, for the benches: on SQLite
 * into the typed tables through their repositories' bulk inserts (one
 * transaction per chunk, each row checked as an insert checks it); on
 * MongoDB as documents, as the Mongo repositories store them.
 */
export async function bulkRoster(store: DocumentStore, places: readonly Place[], people: readonly Person[] = []): Promise<void> {
  const sqlite = store.sqlite;
  for (let i = 0; i < places.length; i += CHUNK) {
    const chunk = places.slice(i, i + CHUNK);
    if (sqlite) await new SqlitePlacesRepo(sqlite).insertMany(chunk);
    else await store.collection<Place & { [k: string]: unknown }>('places').insertMany(chunk);
  }
  for (let i = 0; i < people.length; i += CHUNK) {
    const chunk = people.slice(i, i + CHUNK);
    if (sqlite) await new SqlitePeopleRepo(sqlite).insertMany(chunk);
    else await store.collection<Person & { [k: string]: unknown }>('people').insertMany(chunk);
  }
}
