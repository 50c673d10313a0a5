import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore, type EmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { storageOn, type OpenStorage } from '../../../adapters/store/open-storage';

const LATER = new Date('2030-01-01T00:00:00Z');
const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Over HTTP, messages arrive a few at a time while the previous batch's
 * fsync runs (webhooks come back as their answers go out). Each event-loop
 * turn committed its own small transaction, so the same rollup and index
 * pages went to the WAL again and again, and none of those commits could be
 * acknowledged before the fsync in flight ended anyway. Now the writes that
 * arrive during an fsync commit together when it ends, just before the next.
 */
describe('group commit on the embedded store while an fsync is in flight', () => {
  let dir: string;
  let store: EmbeddedStore;
  let storage: OpenStorage;
  const held: (() => void)[] = [];
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-group-commit-'));
    store = openEmbeddedStore({ dataDir: dir, flushWal: () => new Promise<void>((resolve) => held.push(resolve)) });
    storage = await storageOn(store);
  });
  afterEach(async () => {
    held.splice(0).forEach((release) => release());
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('units that write in three turns during one fsync share one COMMIT, made when it ends; every unit resolves after the fsync that covers it', async () => {
    const commits: string[] = [];
    store.traceStatements((sql) => (sql === 'COMMIT' ? commits.push(sql) : undefined));
    const first = storage.repos.unit(() => storage.repos.counters.increment('first', LATER));
    await turn();
    await turn();
    expect(commits).toHaveLength(1);
    expect(held).toHaveLength(1);
    const later: Promise<number>[] = [];
    for (let i = 0; i < 3; i++) {
      later.push(storage.repos.unit(() => storage.repos.counters.increment(`later-${i}`, LATER)));
      await turn();
      await turn();
    }
    // Still the one commit: the three wait for the fsync in flight to end.
    expect(commits).toHaveLength(1);
    held.shift()!();
    expect(await first).toBe(1);
    await turn();
    expect(commits).toHaveLength(2);
    expect(held).toHaveLength(1);
    let resolved = false;
    void Promise.all(later).then(() => (resolved = true));
    await turn();
    expect(resolved).toBe(false);
    held.shift()!();
    expect(await Promise.all(later)).toEqual([1, 1, 1]);
  });
});
