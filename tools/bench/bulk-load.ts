import type { Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';
import type { SessionLog } from '../../core/domain/session-log';
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

/**
 * Logs in bulk into an empty store, as a restore would load them. On SQLite
 * the logs table's triggers (its rollups, kept row by row) and secondary
 * indexes are set aside for the load and made again after it from their own
 * stored SQL (sorting 3 million keys once costs less than 3 million random
 * B-tree inserts), then `rebuild` (the store's `rollups rebuild`, a GROUP BY)
 * counts the rollups. On MongoDB the batches are inserted as they are.
 */
export async function bulkLogs(store: DocumentStore, batches: Iterable<SessionLog[]>, rebuild: () => Promise<unknown>): Promise<void> {
  const sqlite = store.sqlite;
  const aside = sqlite
    ? (sqlite.read(() => sqlite.statement("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'logs' AND type IN ('trigger', 'index') AND sql IS NOT NULL").all()) as { type: string; name: string; sql: string }[])
    : [];
  if (sqlite && aside.length > 0) sqlite.execRaw(aside.map((o) => `DROP ${o.type.toUpperCase()} "${o.name}";`).join('\n'));
  try {
    for (const batch of batches) await store.collection<SessionLog & { [k: string]: unknown }>('logs').insertMany(batch);
  } finally {
    // Indexes first: the unique ones check the load; the triggers then count every later write.
    const order = (o: { type: string }) => (o.type === 'index' ? 0 : 1);
    if (sqlite && aside.length > 0) sqlite.execRaw([...aside].sort((a, b) => order(a) - order(b)).map((o) => `${o.sql};`).join('\n'));
  }
  await rebuild();
}
