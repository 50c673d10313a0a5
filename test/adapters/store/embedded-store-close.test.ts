import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreClosedError, StoreUnavailableError } from '../../../core/ports/store-errors';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';

/** Lets the store's COMMIT (next event-loop turn) and anything it resolves run. */
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

const LATER = new Date('2030-01-01T00:00:00Z');
const PLACE = { _id: 'p', level: 'province' as const, name: 'P', code: 'P', aliases: [], parentId: null, path: ['p'], createdAt: '2026-01-01T00:00:00Z' };
const claim = (id: string) => ({ _id: id, personId: 'ctv', channel: 'sms' as const, state: 'pending' as const, attempts: 1, textLength: 10, createdAt: '2026-11-20T02:00:00Z', updatedAt: '2026-11-20T02:00:00Z' });

describe('close is final on the embedded store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-close-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every call after close fails with StoreClosedError, never a native panic', async () => {
    const storage = await openEmbeddedStorage({ dataDir: dir });
    const { repos } = storage;
    await repos.counters.increment('a', LATER);
    await repos.places.insert(PLACE);
    await storage.close();
    const calls: [string, () => Promise<unknown>][] = [
      ['counter write', () => repos.counters.increment('b', LATER)],
      ['counter read', () => repos.counters.get('a')],
      ['counter claim', () => repos.counters.claim('a', 'x', '1', LATER)],
      ['delete', () => repos.counters.deleteExpired(LATER)],
      ['place read', () => repos.places.get('p')],
      ['subtree', () => repos.places.subtree('p')],
      ['rollups', () => repos.rollups.monthFacts('p', '2026-01', '2026-12')],
      ['unit', () => repos.unit(async () => 1)],
      ['ping', () => storage.ping()],
      ['audit', () => storage.admin.allLogs()],
      ['each durable', () => repos.outbox.claim(claim('c'))],
    ];
    for (const [name, call] of calls) {
      const outcome = await call().then(
        () => 'resolved',
        (error: unknown) => (error instanceof StoreClosedError ? 'closed' : String(error)),
      );
      expect([name, outcome]).toEqual([name, 'closed']);
    }
    // A closed store is still unavailable to callers that only know that class (doors answer 503).
    await expect(repos.counters.get('a')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(storage.close()).resolves.toBeUndefined();
  });

  it('a write issued in the same turn as close is refused or committed, never left to a COMMIT on a closed connection', async () => {
    const storage = await openEmbeddedStorage({ dataDir: dir });
    const write = storage.repos.counters.increment('raced', LATER).then(
      () => 'committed',
      (error: unknown) => (error instanceof StoreClosedError ? 'refused' : String(error)),
    );
    const closing = storage.close();
    await turns(10);
    await closing;
    const outcome = await write;
    expect(['committed', 'refused']).toContain(outcome);
    const reopened = await openEmbeddedStorage({ dataDir: dir });
    const found = await reopened.repos.counters.get('raced');
    await reopened.close();
    expect(found?.count ?? null).toEqual(outcome === 'committed' ? 1 : null);
  });

  it('close waits for a unit in flight (a message being handled) to finish, then closes', async () => {
    const storage = await openEmbeddedStorage({ dataDir: dir });
    const { repos } = storage;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const message = repos.unit(async () => {
      await repos.counters.increment('claim', LATER);
      await gate;
      await repos.counters.increment('log', LATER);
      return 'reply';
    });
    await turns(5);
    let closed = false;
    const closing = storage.close().then(() => (closed = true));
    await turns(10);
    expect(closed).toBe(false);
    // A new message arriving during shutdown is refused.
    await expect(repos.unit(async () => repos.counters.increment('late', LATER))).rejects.toBeInstanceOf(StoreClosedError);
    release();
    await expect(message).resolves.toBe('reply');
    await closing;
    const reopened = await openEmbeddedStorage({ dataDir: dir });
    const kept = await Promise.all(['claim', 'log', 'late'].map(async (id) => (await reopened.repos.counters.get(id))?.count ?? 0));
    await reopened.close();
    expect(kept).toEqual([1, 1, 0]);
  });
});
