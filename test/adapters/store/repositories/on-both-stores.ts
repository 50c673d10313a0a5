import { storageOn, type OpenStorage } from '../../../../adapters/store/open-storage';
import type { DocumentStore } from '../../../../adapters/store/document-store';
import { rawStores } from '../raw-stores';

/**
 * A repository's contract, run on the embedded store and on MongoDB
 * (FerretDB): each store has its own repositories, and these suites prove
 * they behave the same. The store is shared by the tests of one suite; each
 * test uses its own ids. `raw` is the store under the repositories, for a test
 * that writes what a previous version stored (known debt: goes with the layer).
 */
export function describeOnBothStores(name: string, body: (storage: () => OpenStorage, raw: () => DocumentStore) => void): void {
  describe.each(rawStores(`repo-${name.replace(/\W+/g, '-')}`))(`${name} on %s`, (_label, open) => {
    let raw: DocumentStore;
    let storage: OpenStorage;
    beforeAll(async () => {
      raw = await open();
      storage = await storageOn(raw);
    });
    afterAll(async () => {
      await storage.close();
    });
    body(
      () => storage,
      () => raw,
    );
  });
}
