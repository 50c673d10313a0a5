import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('embedded store in memory', async () => {
  const store = openEmbeddedStore();
  return { store, dispose: () => store.close() };
});

describeStoreContract('embedded store on disk', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-contract-'));
  const store = openEmbeddedStore({ dataDir: dir });
  return {
    store,
    dispose: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
