import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore, type JournalImport } from '../../../adapters/sqlite/embedded-store';
import { StoreUnavailableError } from '../../../core/ports/store-errors';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { StoreDamagedError, StoreLockedError } from '../../../adapters/store/store-errors';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'loa-embedded-'));
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
    const docs = store.collection('docs');
    const dbFile = path.join(dir, 'loa.db');
    const sizeBefore = fs.statSync(dbFile).size;
    for (let i = 0; i < 40; i++) await docs.insertOne({ _id: `w${i}`, payload: 'x'.repeat(3000) });
    // Writes of ~3 pages each: far below SQLite's own 1,000-page checkpoint, so only the background one copied them.
    while (store.checkpoints === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fs.statSync(dbFile).size).toBeGreaterThan(sizeBefore + 16 * 3000);
    await store.close();
    const again = openEmbeddedStore({ dataDir: dir });
    expect(await again.collection('docs').countDocuments({})).toBe(40);
    await again.close();
  });

  it('a journal of the previous version is imported once at start and kept aside, and its torn last line is reported', async () => {
    const dir = tmp();
    const lines = [
      { c: 'docs', p: { _id: 'a', v: 1 } },
      { c: 'docs', p: { _id: 'b', v: 2 } },
      { c: 'docs', p: { _id: 'a', v: 10 } },
      { c: 'docs', d: 'b' },
      { c: 'other', p: { _id: 'x', tags: ['t'] } },
    ];
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), lines.map((l) => JSON.stringify(l) + '\n').join('') + '{"c":"docs","p":{"_id":"c","v":');
    const reports: JournalImport[] = [];
    const first = openEmbeddedStore({ dataDir: dir, onImport: (r) => reports.push(r) });
    expect(reports).toEqual([{ records: 5, documents: 2, skipped: [{ line: 6, reason: 'truncated last record' }], keptAs: path.join(dir, 'journal.jsonl.imported') }]);
    expect(await first.collection('docs').find({})).toEqual([{ _id: 'a', v: 10 }]);
    expect(await first.collection('other').find({ tags: 't' })).toEqual([{ _id: 'x', tags: ['t'] }]);
    await first.collection('docs').insertOne({ _id: 'd', v: 4 });
    await first.close();
    expect(fs.existsSync(path.join(dir, 'journal.jsonl'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'journal.jsonl.imported'))).toBe(true);
    const second = openEmbeddedStore({ dataDir: dir, onImport: (r) => reports.push(r) });
    expect(reports).toHaveLength(1);
    expect((await second.collection('docs').find({}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['a', 'd']);
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
    const a = openEmbeddedStore({ dataDir: dir });
    const docs = a.collection('docs');
    await docs.insertMany([{ _id: 'x', n: 1 }, { _id: 'y', n: 2 }, { _id: 'z', n: 3 }]);
    await docs.updateOne({ _id: 'x' }, { $inc: { n: 10 } });
    await docs.deleteMany({ _id: 'y' });
    await a.close();
    const b = openEmbeddedStore({ dataDir: dir });
    expect(await b.collection('docs').find({}, { sort: { _id: 1 } })).toEqual([{ _id: 'x', n: 11 }, { _id: 'z', n: 3 }]);
    await b.close();
  });

  it('when the disk is full a write is refused as unavailable, nothing half-written stays, and writing works again once space returns', async () => {
    const dir = tmp();
    const store = openEmbeddedStore({ dataDir: dir });
    const docs = store.collection('docs');
    await docs.insertOne({ _id: 'before', n: 1 });
    // Fault injection: cap the file at its current size, as a full disk would.
    const db = (store as unknown as { db: { pragma(s: string): unknown } }).db;
    const pages = (db.pragma('page_count') as { page_count: number }[])[0]!.page_count;
    db.pragma(`max_page_count = ${pages}`);
    const big = Array.from({ length: 50 }, (_, i) => ({ _id: `big-${i}`, payload: 'x'.repeat(4000) }));
    await expect(docs.insertMany(big)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(docs.insertMany(big)).rejects.toThrow(/disk full/);
    db.pragma('max_page_count = 1073741823');
    await docs.insertMany(big);
    expect(await docs.countDocuments({})).toBe(51);
    await store.close();
    const again = openEmbeddedStore({ dataDir: dir });
    expect(await again.collection('docs').countDocuments({})).toBe(51);
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
    const store = openEmbeddedStore({ dataDir: dir });
    await store.ensureIndexes('docs', [{ name: 'docs_n', keys: { n: 1 } }]);
    await store.collection('docs').insertMany(Array.from({ length: 2000 }, (_, i) => ({ _id: `d${i}`, n: i, payload: 'p'.repeat(100) })));
    await store.close();
    const file = path.join(dir, 'loa.db');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 10);
    fs.closeSync(fd);
    expect(() => openEmbeddedStore({ dataDir: dir })).toThrow(StoreDamagedError);
  });
});
