import { bothStores } from '../../../support/core-entry';
import type { OpenStorage } from '../../../../adapters/store/open-storage';

/**
 * A repository's contract, run on the embedded store and on MongoDB
 * (FerretDB): each store has its own repositories, and these suites prove
 * they behave the same.
 * The store is shared by the tests of one suite; each test uses its own ids.
 */
export function describeOnBothStores(name: string, body: (storage: () => OpenStorage) => void): void {
  describe.each(bothStores(`repo-${name.replace(/\W+/g, '-')}`))(`${name} on %s`, (_label, open) => {
    let storage: OpenStorage;
    beforeAll(async () => {
      storage = await open();
    });
    afterAll(async () => {
      await storage.close();
    });
    body(() => storage);
  });
}
