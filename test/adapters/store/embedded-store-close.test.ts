import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { StoreClosedError, StoreUnavailableError } from '../../../core/ports/store-errors';
import { storageOn } from '../../../adapters/store/open-storage';

/** Lets the store's COMMIT (next event-loop turn) and anything it resolves run. */
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('close is final on the embedded store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-close-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every call after close fails with StoreClosedError, never a native panic', async () => {
    const store = openEmbeddedStore({ dataDir: dir });
    const docs = store.collection('docs');
    await docs.insertOne({ _id: 'a' });
    await store.close();
    const calls: [string, () => Promise<unknown>][] = [
      ['insert', () => docs.insertOne({ _id: 'b' })],
      ['find', () => docs.find({})],
      ['update', () => docs.updateOne({ _id: 'a' }, { $set: { x: 1 } })],
      ['delete', () => docs.deleteMany({})],
      ['count', () => docs.countDocuments({})],
      ['aggregate', () => docs.aggregate([{ $match: {} }])],
      ['unit', () => store.unit(async () => 1)],
      ['ping', () => store.ping()],
      ['indexes', () => store.ensureIndexes('docs', [{ name: 'docs_x', keys: { x: 1 } }])],
      ['new collection', async () => store.collection('other').find({})],
      ['each durable', () => store.eachWriteDurable().collection('docs').insertOne({ _id: 'c' })],
    ];
    for (const [name, call] of calls) {
      const outcome = await call().then(
        () => 'resolved',
        (error: unknown) => (error instanceof StoreClosedError ? 'closed' : String(error)),
      );
      expect([name, outcome]).toEqual([name, 'closed']);
    }
    // A closed store is still unavailable to callers that only know that class (doors answer 503).
    await expect(docs.find({})).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('a write issued in the same turn as close is refused or committed, never left to a COMMIT on a closed connection', async () => {
    const store = openEmbeddedStore({ dataDir: dir });
    const docs = store.collection('docs');
    const write = docs.insertOne({ _id: 'raced' }).then(
      () => 'committed',
      (error: unknown) => (error instanceof StoreClosedError ? 'refused' : String(error)),
    );
    const closing = store.close();
    await turns(10);
    await closing;
    const outcome = await write;
    expect(['committed', 'refused']).toContain(outcome);
    const reopened = openEmbeddedStore({ dataDir: dir });
    const found = await reopened.collection('docs').find({});
    await reopened.close();
    expect(found.map((d) => d._id)).toEqual(outcome === 'committed' ? ['raced'] : []);
  });

  it('close waits for a unit in flight (a message being handled) to finish, then closes', async () => {
    const store = openEmbeddedStore({ dataDir: dir });
    const docs = store.collection('docs');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const message = store.unit(async () => {
      await docs.insertOne({ _id: 'claim' });
      await gate;
      await docs.insertOne({ _id: 'log' });
      return 'reply';
    });
    await turns(5);
    let closed = false;
    const closing = store.close().then(() => (closed = true));
    await turns(10);
    expect(closed).toBe(false);
    // A new message arriving during shutdown is refused.
    await expect(store.unit(async () => docs.insertOne({ _id: 'late' }))).rejects.toBeInstanceOf(StoreClosedError);
    release();
    await expect(message).resolves.toBe('reply');
    await closing;
    const reopened = openEmbeddedStore({ dataDir: dir });
    const ids = (await reopened.collection('docs').find({})).map((d) => d._id).sort();
    await reopened.close();
    expect(ids).toEqual(['claim', 'log']);
  });

  it('repositories of a closed storage fail with StoreClosedError', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    await storage.close();
    await expect(storage.repos.counters.increment('x', new Date(Date.now() + 60_000))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(storage.repos.unit(async () => storage.repos.places.get('p'))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(storage.ping()).rejects.toBeInstanceOf(StoreClosedError);
  });
});
