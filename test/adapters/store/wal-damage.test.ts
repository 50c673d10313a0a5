import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore, DATABASE_FILE } from '../../../adapters/sqlite/embedded-store';
import { openEmbeddedStorage, storageOn } from '../../../adapters/store/open-storage';
import { inspectWal, type WalDamage } from '../../../adapters/sqlite/wal-check';

/**
 * Issue 20 item 4: 64 bytes flipped in the middle of the WAL after a kill -9
 * silently dropped acknowledged logs. The crash is a copy of loa.db and its WAL
 * taken while the store is open (what a kill -9 leaves on disk).
 */
describe('a damaged write-ahead log found at open', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-wal-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function crashImageWithCommits(count: number): Promise<string> {
    const live = path.join(dir, 'live');
    const later = new Date('2030-01-01T00:00:00Z');
    const first = await openEmbeddedStorage({ dataDir: live });
    await first.repos.counters.increment('before', later);
    await first.close(); // checkpointed: the WAL starts empty
    const store = await openEmbeddedStorage({ dataDir: live });
    for (let i = 0; i < count; i++) await store.repos.counters.increment(`c${i}`, later); // one acknowledged commit each
    const crashed = path.join(dir, 'crashed');
    fs.mkdirSync(crashed);
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) fs.copyFileSync(path.join(live, f), path.join(crashed, f));
    await store.close();
    return crashed;
  }

  // Fewer commits than the background checkpoint's 16 (adapters/sqlite/embedded-store.ts): all of them are still in the WAL.
  const COMMITS = 12;

  it('an intact WAL replays every commit and reports nothing', async () => {
    const crashed = await crashImageWithCommits(COMMITS);
    expect(inspectWal(path.join(crashed, `${DATABASE_FILE}-wal`))).toEqual({ replayed: COMMITS, lost: 0, damagedFrame: null });
  });

  it('64 flipped bytes in the middle: every acknowledged commit is either read back or counted as lost in one message, and the WAL is kept', async () => {
    const crashed = await crashImageWithCommits(COMMITS);
    const walFile = path.join(crashed, `${DATABASE_FILE}-wal`);
    const wal = fs.readFileSync(walFile);
    const middle = Math.floor(wal.length / 2);
    for (let i = middle; i < middle + 64; i++) wal[i] = wal[i]! ^ 0xff;
    fs.writeFileSync(walFile, wal);
    const told: Array<{ message: string; damage: WalDamage }> = [];
    const store = await storageOn(openEmbeddedStore({ dataDir: crashed, onWalDamage: (message, damage) => told.push({ message, damage }) }));
    const present = (await store.admin.countRecords('counters')) - 1; // all but 'before'
    await store.close();
    expect(told).toHaveLength(1);
    const { damage, message } = told[0]!;
    expect(damage.lost).toBeGreaterThan(0);
    expect(present + damage.lost).toBe(COMMITS);
    expect(damage.replayed).toBe(present);
    expect(message).toContain(`drops the ${damage.lost} after it`);
    expect(fs.existsSync(damage.keptAs)).toBe(true);
  });
});
