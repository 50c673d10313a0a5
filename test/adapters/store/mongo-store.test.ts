import net from 'node:net';
import { MongoClient } from 'mongodb';
import { describeUri } from '../../../adapters/mongo/mongo-uri';
import { StoreClosedError, StoreUnavailableError } from '../../../core/ports/store-errors';
import { openMongoStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import {
  NoTestMongoError,
  randomTestDatabase,
  startTestMongo,
  testMongoUri,
  TEST_MONGO_ENV,
  uriWithDatabase,
} from '../../../tools/harness/mongo-server';

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

async function openFreshStore(): Promise<{ store: OpenStorage; database: string; dispose(): Promise<void> }> {
  const database = randomTestDatabase();
  const store = await openMongoStorage(uriWithDatabase(testMongoUri(), database));
  return {
    store,
    database,
    dispose: async () => {
      await (await adminClient()).db(database).dropDatabase();
      await store.close();
    },
  };
}

const LATER = new Date('2030-01-01T00:00:00Z');

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

  it('ping resolves while the store is open', async () => {
    await expect(sut.store.ping()).resolves.toBeUndefined();
  });

  it('after close, every repository call, ping and the admin port fail with StoreClosedError (never reconnect, never reach the driver)', async () => {
    const { repos, admin } = sut.store;
    await repos.counters.increment('before', LATER);
    await sut.store.close();
    const calls: [string, () => Promise<unknown>][] = [
      ['counters.increment', () => repos.counters.increment('after', LATER)],
      ['counters.get', () => repos.counters.get('before')],
      ['places.get', () => repos.places.get('x')],
      ['people.under', () => repos.people.under('x')],
      ['logs.byId', () => repos.logs.byId('x')],
      ['rollups.monthFacts', () => repos.rollups.monthFacts('x', '2026-01', '2026-12')],
      ['unit', () => repos.unit(() => repos.counters.get('before'))],
      ['admin.allLogs', () => admin.allLogs()],
      ['admin.bulkLoad', () => admin.bulkLoad({ logs: [[]] })],
      ['ping', () => sut.store.ping()],
    ];
    const outcomes: [string, string][] = [];
    for (const [name, call] of calls) {
      outcomes.push([name, await call().then(() => 'resolved', (error: unknown) => (error instanceof StoreClosedError ? 'closed' : String(error)))]);
    }
    expect(outcomes).toEqual(calls.map(([name]) => [name, 'closed']));
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
    const error = await openMongoStorage(`mongodb://loa:s3cret@127.0.0.1:${port}/loa`, { serverSelectionTimeoutMS: 500 }).catch(
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
    const store = await openMongoStorage(`mongodb://127.0.0.1:${port}/${database}?directConnection=true`, {
      serverSelectionTimeoutMS: 800,
    });
    try {
      await store.repos.counters.increment('before', LATER);
      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      const started = Date.now();
      await expect(store.repos.counters.increment('after', LATER)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
      await (await adminClient()).db(database).dropDatabase();
    }
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
