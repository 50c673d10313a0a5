import { bothStores } from '../../../support/core-entry';
import { storageOn, type OpenStorage } from '../../../../adapters/store/open-storage';

/**
 * A repository's contract, run on the embedded store and on MongoDB
 * (FerretDB): each repository is written once on the document layer, and
 * these suites prove the one definition behaves the same on both.
 * The store is shared by the tests of one suite; each test uses its own ids.
 */
export function describeOnBothStores(name: string, body: (storage: () => OpenStorage) => void): void {
  describe.each(bothStores(`repo-${name.replace(/\W+/g, '-')}`))(`${name} on %s`, (_label, open) => {
    let storage: OpenStorage;
    beforeAll(async () => {
      storage = await storageOn(await open());
    });
    afterAll(async () => {
      await storage.close();
    });
    body(() => storage);
  });
}
