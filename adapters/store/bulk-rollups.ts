import type { DocumentStore } from './document-store';
import { COLLECTIONS } from './collections';
import { DocumentRollupsRepo, type PlaceMonthCounts } from './repositories/rollups-repo';
import { SqliteRollupsRepo } from '../sqlite/repositories/rollups-repo';

/**
 * For bulk loads that write logs behind the use-cases (benches, fixtures):
 * stores counts made by `rollupsOf` in whichever layout the store keeps
 * rollups (typed rows on SQLite, year and month documents on MongoDB).
 */
export function bulkRollups(store: DocumentStore): { insert(counts: PlaceMonthCounts[]): Promise<void>; clear(): Promise<void> } {
  const sqlite = store.sqlite;
  if (sqlite) {
    const repo = new SqliteRollupsRepo(sqlite);
    return {
      insert: (counts) => repo.insertBulk(counts),
      clear: () => sqlite.write('rollup_month_totals', () => sqlite.execRaw('DELETE FROM rollup_month_totals; DELETE FROM rollup_day_totals; DELETE FROM rollup_splits;')),
    };
  }
  const mongo = store.mongo;
  if (mongo) return { insert: (counts) => mongo.insertRollups(counts), clear: () => mongo.clearRollups() };
  const repo = new DocumentRollupsRepo(store);
  return {
    insert: (counts) => repo.insertBulk(counts),
    clear: async () => {
      await store.collection(COLLECTIONS.rollups).deleteMany({});
      await store.collection(COLLECTIONS.rollupDays).deleteMany({});
    },
  };
}
