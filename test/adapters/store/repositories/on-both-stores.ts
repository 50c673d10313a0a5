import type { OpenStorage } from '../../../../adapters/store/open-storage';
import { rawStores, type RawStore } from '../raw-stores';

/**
 * A repository's contract, run on the embedded store and on MongoDB
 * (FerretDB): each store has its own repositories, and these suites prove
 * they behave the same. The store is shared by the tests of one suite; each
 * test uses its own ids. `raw` is the way under the repositories (raw SQL on
 * the file, the bare driver), for a test that writes what a previous version stored.
 */
export function describeOnBothStores(name: string, body: (storage: () => OpenStorage, raw: () => RawStore) => void): void {
  describe.each(rawStores(`repo-${name.replace(/\W+/g, '-')}`))(`${name} on %s`, (_label, open) => {
    let raw: RawStore;
    beforeAll(async () => {
      raw = await open();
    });
    afterAll(async () => {
      await raw.close();
    });
    body(
      () => raw.storage,
      () => raw,
    );
  });
}
