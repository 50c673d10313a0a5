import { openEmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { createMongoStore } from '../../../adapters/mongo';
import type { DocumentStore } from '../../../adapters/store/document-store';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../../tools/harness/mongo-server';

/**
 * Both stores as the adapters see them, under the repositories: for the few
 * adapter tests that write what no repository writes (a record from an older
 * version, a damaged one). Everything else opens storage (`bothStores`).
 * Known debt (issue 23): goes with the document layer.
 */
export function rawStores(databasePrefix: string): [string, () => Promise<DocumentStore>][] {
  return [
    ['the embedded store', async () => openEmbeddedStore()],
    ['MongoDB', () => createMongoStore(uriWithDatabase(testMongoUri(), randomTestDatabase(databasePrefix)))],
  ];
}
