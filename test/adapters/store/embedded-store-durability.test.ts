import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore, type JournalImport } from '../../../adapters/sqlite/embedded-store';
import { StoreUnavailableError } from '../../../core/ports/store-errors';
import { openEmbeddedStorage, storageOn } from '../../../adapters/store/open-storage';
import { StoreDamagedError, StoreLockedError } from '../../../adapters/store/store-errors';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'loa-embedded-'));
const LATER = new Date('2030-01-01T00:00:00Z');
/** A counter holding `size` characters in one claimed field: one row of that size, written by the counters repository. */
const payload = (size: number) => 'x'.repeat(size);
const writer = (dir: string, prefix: string, ...extra: string[]): ChildProcess =>
  spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, '../../support/embedded-writer.ts'), dir, prefix, ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });

describe('embedded store (SQLite) durability', () => {
  it('when the process is killed with SIGKILL, every write it acknowledged is there after restart', async () => {
    const dir = tmp();
    const acknowledged: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const child = writer(dir, 'k');
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (line !== 'ready') acknowledged.push(line);
        if (acknowledged.length >= 500) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    const store = await openEmbeddedStorage({ dataDir: dir });
    const stored = await Promise.all(acknowledged.map(async (id) => ((await store.repos.counters.get(id)) ? id : null)));
    await store.close();
    const lost = acknowledged.filter((id, i) => stored[i] !== id);
    expect(acknowledged.length).toBeGreaterThanOrEqual(500);
    expect(lost).toEqual([]);
  });

  it('while the server writes, a background connection folds the WAL into loa.db (off the event loop), and a reopen finds every write', async () => {
    const dir = tmp();
    const store = openEmbeddedStore({ dataDir: dir });
    const { repos } = await storageOn(store);
    const dbFile = path.join(dir, 'loa.db');
    const sizeBefore = fs.statSync(dbFile).size;
    for (let i = 0; i < 40; i++) await repos.counters.claim(`w${i}`, 'payload', payload(3000), LATER);
    // Writes of ~3 pages each: far below SQLite's own 1,000-page checkpoint, so only the background one copied them.
    while (store.checkpoints === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fs.statSync(dbFile).size).toBeGreaterThan(sizeBefore + 16 * 3000);
    await store.close();
    const again = await openEmbeddedStorage({ dataDir: dir });
    expect(await again.admin.countRecords('counters')).toBe(40);
    await again.close();
  });

  it('a journal of the previous version is imported once at start and kept aside, and its torn last line is reported', async () => {
    const dir = tmp();
    // Counters as Loa 0.1 journalled them; the import lands them in the JSON layout, which migration 1 then moves.
    const counter = (id: string, count: number) => ({ _id: id, count, expiresAt: '2030-01-01T00:00:00.000Z' });
    const lines = [
      { c: 'counters', p: counter('a', 1) },
      { c: 'counters', p: counter('b', 2) },
      { c: 'counters', p: counter('a', 10) },
      { c: 'counters', d: 'b' },
      { c: 'counters', p: { ...counter('x', 3), note: 't' } },
    ];
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), lines.map((l) => JSON.stringify(l) + '\n').join('') + '{"c":"counters","p":{"_id":"c","count":');
    const reports: JournalImport[] = [];
    const first = await storageOn(openEmbeddedStore({ dataDir: dir, onImport: (r) => reports.push(r) }));
    expect(reports).toEqual([{ records: 5, documents: 2, skipped: [{ line: 6, reason: 'truncated last record' }], keptAs: path.join(dir, 'journal.jsonl.imported') }]);
    expect(await first.repos.counters.get('a')).toEqual(counter('a', 10));
    expect(await first.repos.counters.get('b')).toBeNull();
    expect(await first.repos.counters.get('x')).toEqual({ ...counter('x', 3), note: 't' });
    await first.repos.counters.increment('d', LATER);
    await first.close();
    expect(fs.existsSync(path.join(dir, 'journal.jsonl'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'journal.jsonl.imported'))).toBe(true);
    const second = await storageOn(openEmbeddedStore({ dataDir: dir, onImport: (r) => reports.push(r) }));
    expect(reports).toHaveLength(1);
    expect(await second.admin.countRecords('counters')).toBe(3);
    expect(await second.repos.counters.get('d')).toMatchObject({ count: 1 });
    await second.close();
  });

  it('while a server holds the folder, a second server is refused naming the folder, and a command-line store reads and writes the same database', async () => {
    const dir = tmp();
    const holder = writer(dir, 'h', 'server');
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    try {
      let error: unknown;
      try {
        openEmbeddedStore({ dataDir: dir, serverLock: true });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as Error).message).toContain(dir);
      const cli = await openEmbeddedStorage({ dataDir: dir });
      await cli.repos.counters.claim('cli-1', 'note', 'imported while the server runs', new Date('2030-01-01T00:00:00Z'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await cli.admin.countRecords('counters')).toBeGreaterThan(1);
      await cli.close();
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    // The holder died without cleaning up: its stale lock must not block a restart.
    const next = await openEmbeddedStorage({ dataDir: dir, serverLock: true });
    expect(await next.repos.counters.get('cli-1')).toMatchObject({ note: 'imported while the server runs' });
    await next.close();
  });

  it('updates and deletes survive a restart exactly as they were acknowledged', async () => {
    const dir = tmp();
    const a = await openEmbeddedStorage({ dataDir: dir });
    const early = new Date('2029-01-01T00:00:00Z');
    for (const id of ['x', 'z']) await a.repos.counters.increment(id, LATER);
    await a.repos.counters.increment('y', early);
    for (let i = 0; i < 10; i++) await a.repos.counters.increment('x', LATER);
    expect(await a.repos.counters.deleteExpired(new Date('2029-06-01T00:00:00Z'))).toBe(1);
    await a.close();
    const b = await openEmbeddedStorage({ dataDir: dir });
    expect(await Promise.all(['x', 'y', 'z'].map((id) => b.repos.counters.get(id)))).toEqual([
      { _id: 'x', count: 11, expiresAt: LATER.toISOString() },
      null,
      { _id: 'z', count: 1, expiresAt: LATER.toISOString() },
    ]);
    await b.close();
  });

  it('when the disk is full a write is refused as unavailable, nothing half-written stays, and writing works again once space returns', async () => {
    const dir = tmp();
    const store = openEmbeddedStore({ dataDir: dir });
    const { counters } = (await storageOn(store)).repos;
    await counters.increment('before', LATER);
    // Fault injection: cap the file at its current size, as a full disk would.
    const db = (store as unknown as { db: { pragma(s: string): unknown } }).db;
    const pages = (db.pragma('page_count') as { page_count: number }[])[0]!.page_count;
    db.pragma(`max_page_count = ${pages}`);
    const big = () => counters.claim('big', 'payload', payload(200_000), LATER);
    await expect(big()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(big()).rejects.toThrow(/disk full/);
    expect(await counters.get('big')).toBeNull();
    db.pragma('max_page_count = 1073741823');
    expect(await big()).toBe(true);
    await store.close();
    const again = await openEmbeddedStorage({ dataDir: dir });
    expect(await again.admin.countRecords('counters')).toBe(2);
    expect((await again.repos.counters.get('big'))?.['payload']).toHaveLength(200_000);
    await again.close();
  });

  it('a damaged database file is refused at start with a message naming the file, and the file is left as it was', async () => {
    const dir = tmp();
    const file = path.join(dir, 'loa.db');
    fs.writeFileSync(file, 'this is not a database, it is a note someone saved over it '.repeat(100));
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      openEmbeddedStore({ dataDir: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect((error as Error).message).toContain(file);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a database whose pages were overwritten in the middle is refused at start, not read with rows missing', async () => {
    const dir = tmp();
    const store = await openEmbeddedStorage({ dataDir: dir });
    // 2,000 rows and their expiry index: enough pages that the ones overwritten below hold rows.
    await store.repos.unit(async () => {
      await Promise.all(Array.from({ length: 2000 }, (_, i) => store.repos.counters.claim(`d${i}`, 'payload', 'p'.repeat(100), new Date(LATER.getTime() + i))));
    });
    await store.close();
    const file = path.join(dir, 'loa.db');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 10);
    fs.closeSync(fd);
    expect(() => openEmbeddedStore({ dataDir: dir })).toThrow(StoreDamagedError);
  });
});
