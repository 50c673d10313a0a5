import type { DocumentStore } from '../../adapters/store/document-store';
import { TYPED_TABLES } from '../../adapters/sqlite/migrations';

/**
 * How many records a collection holds, for tests that check "nothing was
 * written" across every table: a typed SQLite table is counted in SQL (it has
 * no document view), anything else through the document layer.
 */
export async function countRecords(store: DocumentStore, name: string): Promise<number> {
  const sqlite = store.sqlite;
  if (sqlite && TYPED_TABLES.has(name)) return Number((sqlite.read(() => sqlite.statement(`SELECT count(*) AS n FROM "${name}"`).get()) as { n: number }).n);
  return store.collection(name).countDocuments({});
}
