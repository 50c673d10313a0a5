import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import request from 'supertest';
import { openEmbeddedStore, type JournalImport } from '../../../adapters/sqlite/embedded-store';
import { storageOn } from '../../../adapters/store/open-storage';
import { JournalDamagedError } from '../../../adapters/sqlite/legacy-journal';
import { StoreUnavailableError } from '../../../core/ports/store-errors';
import { StoreDiskFullError, StoreLockedError } from '../../../adapters/store/store-errors';
import { silentLogger } from '../../../core/logger';
import { createHttpApp } from '../../../app/http/http-app';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'loa-faults-'));
const LATER = new Date('2030-01-01T00:00:00Z');
/** How many counters a store holds (the journal tests' records are counters, as Loa 0.1 journalled them). */
async function countersIn(dir: string, serverLock = false): Promise<number> {
  const storage = await storageOn(openEmbeddedStore({ dataDir: dir, serverLock }));
  try {
    return await storage.admin.countRecords('counters');
  } finally {
    await storage.close();
  }
}
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });

afterEach(() => jest.restoreAllMocks());

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the embedded store when the disk fills up', () => {
  it('refuses writes while the disk is full, /healthz says so, and it serves again by itself when space is back, without the refused write', async () => {
    const dir = tmp();
    const store = openEmbeddedStore({ dataDir: dir });
    const storage = await storageOn(store);
    const { counters } = storage.repos;
    await counters.increment('a', LATER);
    const app = createHttpApp({ logger: silentLogger, store: storage });
    expect((await request(app).get('/healthz')).status).toBe(200);
    // Fault injection: cap loa.db at its current size, as a full disk would.
    const db = (store as unknown as { db: { pragma(s: string): unknown } }).db;
    db.pragma(`max_page_count = ${(db.pragma('page_count') as { page_count: number }[])[0]!.page_count}`);
    const big = (id: string) => counters.claim(id, 'payload', 'x'.repeat(20_000), LATER);

    await expect(big('b')).rejects.toBeInstanceOf(StoreUnavailableError);
    const health = await request(app).get('/healthz');
    expect([health.status, health.text]).toEqual([503, 'store cannot write']);
    await expect(big('c')).rejects.toThrow(/disk full/);

    db.pragma('max_page_count = 1073741823');
    expect((await request(app).get('/healthz')).status).toBe(200);
    await counters.increment('d', LATER);
    const held = async (s: typeof storage) => (await Promise.all(['a', 'b', 'c', 'd'].map((id) => s.repos.counters.get(id)))).filter((c) => c !== null).map((c) => c!._id);
    expect(await held(storage)).toEqual(['a', 'd']);
    await store.close();
    const again = await storageOn(openEmbeddedStore({ dataDir: dir }));
    expect(await held(again)).toEqual(['a', 'd']);
    await again.close();
  });

  it('a full disk at start is a clear "disk full" error naming the folder, not a raw ENOSPC', () => {
    const dir = path.join(tmp(), 'data');
    jest.spyOn(fs, 'mkdirSync').mockImplementation(() => {
      throw enospc();
    });
    const error = thrownBy(() => openEmbeddedStore({ dataDir: dir }));
    expect(error).toBeInstanceOf(StoreDiskFullError);
    expect((error as Error).message).toMatch(new RegExp(`^Disk full: Loa cannot write to its data folder ${dir}\\.`));
  });
});

describe('the embedded store at start-up', () => {
  function journalWithThreeRecords(): { dir: string; file: string } {
    const dir = tmp();
    const file = path.join(dir, 'journal.jsonl');
    fs.writeFileSync(file, ['a', 'b', 'c'].map((id) => JSON.stringify({ c: 'counters', p: { _id: id, count: 1, expiresAt: LATER.toISOString() } }) + '\n').join(''));
    return { dir, file };
  }

  it('stops on a damaged line in the middle of a journal to import, naming the file, the line and how to recover, and changes nothing', async () => {
    const { dir, file } = journalWithThreeRecords();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.slice(0, 10) + '\u0000garbage';
    fs.writeFileSync(file, lines.join('\n'));
    const before = fs.readFileSync(file);
    const error = thrownBy(() => openEmbeddedStore({ dataDir: dir, serverLock: true }));
    expect(error).toBeInstanceOf(JournalDamagedError);
    expect(error).toMatchObject({ file, line: 2, goodAfter: 1 });
    expect((error as Error).message).toContain(`${file} is damaged at line 2`);
    expect((error as Error).message).toContain('restore the data folder from a backup');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    // The lock was given back and nothing was imported: after the repair the folder opens with both records.
    fs.writeFileSync(file, lines.filter((_, i) => i !== 1).join('\n'));
    expect(await countersIn(dir, true)).toBe(2);
  });

  it('still skips a torn tail of several unreadable lines and imports the rest', async () => {
    const { dir, file } = journalWithThreeRecords();
    fs.appendFileSync(file, 'not json\n{"c":"counters","p":{"_id":"x"');
    const reports: JournalImport[] = [];
    const store = await storageOn(openEmbeddedStore({ dataDir: dir, onImport: (r) => reports.push(r) }));
    expect(reports).toEqual([
      { records: 3, documents: 3, skipped: [{ line: 4, reason: 'unreadable record' }, { line: 5, reason: 'truncated last record' }], keptAs: `${file}.imported` },
    ]);
    expect(await store.admin.countRecords('counters')).toBe(3);
    await store.close();
  });

  it('takes over a LOCK whose pid now belongs to a program that is not Loa', async () => {
    const { dir } = journalWithThreeRecords();
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: other.pid, host: os.hostname(), since: new Date().toISOString() }));
      expect(await countersIn(dir, true)).toBe(3);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('still refuses a folder whose LOCK belongs to a live Loa (node) process', async () => {
    const { dir } = journalWithThreeRecords();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: holder.pid, host: os.hostname(), since: new Date().toISOString() }));
      expect(() => openEmbeddedStore({ dataDir: dir, serverLock: true })).toThrow(StoreLockedError);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
