import net from 'node:net';
import { MongoClient } from 'mongodb';
import { createMongoStore } from '../../../adapters/mongo';
import { describeUri } from '../../../adapters/mongo/mongo-uri';
import { DuplicateKeyError, StoreUnavailableError } from '../../../core/ports/store-errors';
import type { DocumentStore, IndexSpec } from '../../../adapters/store/document-store';
import {
  NoTestMongoError,
  randomTestDatabase,
  startTestMongo,
  testMongoUri,
  TEST_MONGO_ENV,
  uriWithDatabase,
} from '../../../tools/harness/mongo-server';
import { describeStoreContract } from './store-contract';

const serverName = process.env[TEST_MONGO_ENV.name] ?? 'the test server';

/** One client per file to drop the databases the tests create; the adapter under test has its own. */
let admin: MongoClient | undefined;
async function adminClient(): Promise<MongoClient> {
  admin ??= await new MongoClient(testMongoUri(), { serverSelectionTimeoutMS: 5000 }).connect();
  return admin;
}
afterAll(async () => {
  await admin?.close();
});

async function openFreshStore(): Promise<{ store: DocumentStore; database: string; dispose(): Promise<void> }> {
  const database = randomTestDatabase();
  const store = await createMongoStore(uriWithDatabase(testMongoUri(), database));
  return {
    store,
    database,
    dispose: async () => {
      await (await adminClient()).db(database).dropDatabase();
      await store.close();
    },
  };
}

describeStoreContract(`MongoDB adapter on ${serverName}`, openFreshStore);

describe(`MongoDB adapter specifics on ${serverName}`, () => {
  let sut: Awaited<ReturnType<typeof openFreshStore>>;
  beforeEach(async () => {
    sut = await openFreshStore();
  });
  afterEach(async () => {
    await sut.dispose();
  });

  it('reports itself as a mongodb store named by host and database, never by password', () => {
    expect(sut.store.kind).toBe('mongodb');
    expect(sut.store.description).toContain(sut.database);
  });

  it('creates indexes under the exact names it is given, unique where asked, and accepts the same call again', async () => {
    const specs: IndexSpec[] = [
      { name: 'inbound_channel_message_unique', keys: { channel: 1, messageId: 1 }, unique: true },
      { name: 'people_phone_unique', keys: { phone: 1 }, unique: true, sparse: true },
      { name: 'logs_place_month', keys: { placePath: 1, month: -1 } },
    ];
    await sut.store.ensureIndexes('things', specs);
    await sut.store.ensureIndexes('things', specs);
    const indexes = await (await adminClient()).db(sut.database).collection('things').listIndexes().toArray();
    const byName = new Map(indexes.map((ix) => [ix['name'] as string, ix]));
    expect([...byName.keys()].sort()).toEqual(['_id_', 'inbound_channel_message_unique', 'logs_place_month', 'people_phone_unique']);
    expect(byName.get('inbound_channel_message_unique')?.['unique']).toBe(true);
    expect(byName.get('logs_place_month')?.['key']).toEqual({ placePath: 1, month: -1 });
  });

  it('names the unique index an insertMany broke, after storing the documents before it', async () => {
    await sut.store.ensureIndexes('inbound', [{ name: 'inbound_channel_message_unique', keys: { channel: 1, messageId: 1 }, unique: true }]);
    const inbound = sut.store.collection('inbound');
    const error = await inbound
      .insertMany([
        { _id: 'm1', channel: 'sms', messageId: 'SM1' },
        { _id: 'm2', channel: 'sms', messageId: 'SM2' },
        { _id: 'm3', channel: 'sms', messageId: 'SM1' },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateKeyError);
    expect(error).toMatchObject({ collection: 'inbound', index: 'inbound_channel_message_unique' });
    expect(await inbound.countDocuments({})).toBe(2);
  });

  it('names _id_ when the clash is on the document id', async () => {
    const inbound = sut.store.collection('inbound');
    await inbound.insertOne({ _id: 'same', n: 1 });
    await expect(inbound.insertOne({ _id: 'same', n: 2 })).rejects.toMatchObject({ name: 'DuplicateKeyError', index: '_id_' });
  });

  it('names the unique index an updateOne would break', async () => {
    await sut.store.ensureIndexes('people', [{ name: 'people_phone_unique', keys: { phone: 1 }, unique: true, sparse: true }]);
    const people = sut.store.collection('people');
    await people.insertMany([
      { _id: 'p1', phone: '+84900000001' },
      { _id: 'p2', phone: '+84900000002' },
    ]);
    await expect(people.updateOne({ _id: 'p2' }, { $set: { phone: '+84900000001' } })).rejects.toMatchObject({
      name: 'DuplicateKeyError',
      index: 'people_phone_unique',
    });
  });

  it('an upsert reports upserted on insert and matched on the next call', async () => {
    const sent = sut.store.collection('summaries_sent');
    expect(await sent.updateOne({ _id: 'chat1:2026-W02' }, { $setOnInsert: { at: 't1' } }, { upsert: true })).toEqual({
      matched: 0,
      modified: 0,
      upserted: true,
    });
    expect(await sent.updateOne({ _id: 'chat1:2026-W02' }, { $setOnInsert: { at: 't2' } }, { upsert: true })).toEqual({
      matched: 1,
      modified: 0,
      upserted: false,
    });
    expect(await sent.findOne({ _id: 'chat1:2026-W02' })).toEqual({ _id: 'chat1:2026-W02', at: 't1' });
  });

  it('ten concurrent upserts of one key make one document and apply every increment', async () => {
    const counters = sut.store.collection('counters');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } }, { upsert: true })),
    );
    expect(results.filter((r) => r.upserted)).toHaveLength(1);
    expect(await counters.findOne({ _id: 'c' })).toEqual({ _id: 'c', n: 10 });
  });

  it('find and findOne leave documents without the projected-out fields and in the sorted order', async () => {
    const logs = sut.store.collection('logs');
    await logs.insertMany([
      { _id: 'a', n: 3, note: 'x' },
      { _id: 'b', n: 1, note: 'y' },
      { _id: 'c', n: 2, note: 'z' },
    ]);
    expect(await logs.findOne({}, { sort: { n: -1 }, projection: { note: 0 } })).toEqual({ _id: 'a', n: 3 });
    expect(await logs.find({ n: { $gt: 1 } }, { sort: { n: 1 }, projection: { n: 1 } })).toEqual([
      { _id: 'c', n: 2 },
      { _id: 'a', n: 3 },
    ]);
  });
});

describe('MongoDB adapter when the server is gone', () => {
  /** A loopback port with nothing listening on it. */
  async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('refuses to start with StoreUnavailableError within the server selection timeout, without the password', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await createMongoStore(`mongodb://loa:s3cret@127.0.0.1:${port}/loa`, { serverSelectionTimeoutMS: 500 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('fails an operation with StoreUnavailableError, quickly, when the server goes away after start', async () => {
    // A TCP relay we can cut stands in for a server crash, without touching the shared test server.
    const target = new URL(testMongoUri().replace(/^mongodb:/, 'http:'));
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.address() as net.AddressInfo;
    const database = randomTestDatabase();
    const store = await createMongoStore(`mongodb://127.0.0.1:${port}/${database}?directConnection=true`, {
      serverSelectionTimeoutMS: 800,
    });
    try {
      await store.collection('logs').insertOne({ _id: 'before', n: 1 });
      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      const started = Date.now();
      await expect(store.collection('logs').insertOne({ _id: 'after', n: 2 })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
      await (await adminClient()).db(database).dropDatabase();
    }
  });

  it('fails operations with StoreUnavailableError after close', async () => {
    const { store, dispose } = await openFreshStore();
    await store.close();
    await expect(store.collection('logs').findOne({ _id: 'x' })).rejects.toBeInstanceOf(StoreUnavailableError);
    await dispose();
  });
});

describe('connection strings', () => {
  it('a description keeps hosts, database and replica set but drops user, password and other parameters', () => {
    const description = describeUri('mongodb://loa:s3cret@m1:27017,m2:27017/ignored?replicaSet=rs0&authMechanismProperties=TOKEN:abc', 'loa');
    expect(description).toBe('mongodb://m1:27017,m2:27017/loa?replicaSet=rs0');
  });

  it('a test database replaces the database in a URI and keeps its parameters', () => {
    expect(uriWithDatabase('mongodb://mongo:27017/loa?replicaSet=rs0', 't1')).toBe('mongodb://mongo:27017/t1?replicaSet=rs0');
    expect(uriWithDatabase('mongodb://127.0.0.1:4000/', 't2')).toBe('mongodb://127.0.0.1:4000/t2');
    expect(uriWithDatabase('mongodb://127.0.0.1:4000', 't3')).toBe('mongodb://127.0.0.1:4000/t3');
  });
});

describe('test server harness', () => {
  it('throws, naming what to install, when no server can be found or started', async () => {
    const error = await startTestMongo({
      env: {},
      ferretdbBuildScript: '/nonexistent/build.sh',
      memoryServer: false,
      log: () => undefined,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoTestMongoError);
    expect((error as Error).message).toMatch(/install Go/);
    expect((error as Error).message).toMatch(/MONGODB_URI/);
  });

  it('makes a MongoDB suite fail, not skip, when global setup found no server', () => {
    expect(() => testMongoUri({ [TEST_MONGO_ENV.error]: 'no server: install Go' })).toThrow('no server: install Go');
    expect(() => testMongoUri({})).toThrow(/LOA_TEST_MONGODB_URI is not set/);
  });
});
