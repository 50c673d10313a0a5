import { MongoClient } from 'mongodb';
import { openEmbeddedStorage, openMongoStorage } from '../../../adapters/store/open-storage';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { randomTestDatabase, testMongoUri, TEST_MONGO_ENV, uriWithDatabase } from '../../../tools/harness/mongo-server';
import { vn } from './fixtures';
import { buildHandChecked, handCheckedPlan } from './hand-checked';
import { buildWorld } from '../officer/world';
import { onStore } from '../../../tools/harness/on-store';

const server = process.env[TEST_MONGO_ENV.name] ?? 'the test server';

async function reportOn(store: OpenStorage) {
  await buildHandChecked(store);
  await buildWorld(store);
  const engine = onStore(store).engine;
  const commune = await engine.report('x', vn('2026-08-20'), { period: 'week', plans: [handCheckedPlan('month'), handCheckedPlan('quarter')] });
  const province = await engine.report('hai-phong', vn('2026-11-20'), { period: 'month', plans: [] });
  // Facts come back in whatever order the server groups them; the computed results must not depend on it.
  return { commune: { snapshot: commune!.snapshot, plans: commune!.plans }, province: province!.snapshot };
}

describe(`indicator queries on the MongoDB protocol (${server})`, () => {
  it('give the same indicators as the embedded store', async () => {
    const database = randomTestDatabase('loa_ind');
    const mongo = await openMongoStorage(uriWithDatabase(testMongoUri(), database));
    try {
      const [onMongo, embedded] = [await reportOn(mongo), await reportOn(await openEmbeddedStorage())];
      expect(onMongo).toEqual(embedded);
      expect(onMongo.commune.plans[0]!.targets[0]!.coverage).toMatchObject({ places: 5, covered: 4, regular: 2, behind: ['x.b', 'x.c', 'x.e'] });
    } finally {
      await mongo.close();
      const admin = await new MongoClient(testMongoUri()).connect();
      await admin.db(database).dropDatabase();
      await admin.close();
    }
  });
});
