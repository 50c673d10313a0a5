import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import request from 'supertest';
import { openEmbeddedStore, type JournalImport } from '../../../adapters/sqlite/embedded-store';
import { JournalDamagedError } from '../../../adapters/sqlite/legacy-journal';
import { StoreUnavailableError } from '../../../core/ports/store-errors';
import { StoreDiskFullError, StoreLockedError } from '../../../adapters/store/store-errors';
import { silentLogger } from '../../../core/logger';
import { createHttpApp } from '../../../app/http/http-app';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'loa-faults-'));
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
    const docs = store.collection('docs');
    await docs.insertOne({ _id: 'a', v: 1 });
    const app = createHttpApp({ logger: silentLogger, store });
    expect((await request(app).get('/healthz')).status).toBe(200);
    // Fault injection: cap loa.db at its current size, as a full disk would.
    const db = (store as unknown as { db: { pragma(s: string): unknown } }).db;
    db.pragma(`max_page_count = ${(db.pragma('page_count') as { page_count: number }[])[0]!.page_count}`);
    const big = (id: string) => ({ _id: id, payload: 'x'.repeat(20_000) });

    await expect(docs.insertOne(big('b'))).rejects.toBeInstanceOf(StoreUnavailableError);
    const health = await request(app).get('/healthz');
    expect([health.status, health.text]).toEqual([503, 'store cannot write']);
    await expect(docs.insertOne(big('c'))).rejects.toThrow(/disk full/);

    db.pragma('max_page_count = 1073741823');
    expect((await request(app).get('/healthz')).status).toBe(200);
    await docs.insertOne({ _id: 'd', v: 4 });
    expect((await docs.find({}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['a', 'd']);
    await store.close();
    const again = openEmbeddedStore({ dataDir: dir });
    expect((await again.collection('docs').find({}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['a', 'd']);
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
    fs.writeFileSync(file, ['a', 'b', 'c'].map((id) => JSON.stringify({ c: 'docs', p: { _id: id, v: 1 } }) + '\n').join(''));
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
    const repaired = openEmbeddedStore({ dataDir: dir, serverLock: true });
    expect(await repaired.collection('docs').countDocuments({})).toBe(2);
    await repaired.close();
  });

  it('still skips a torn tail of several unreadable lines and imports the rest', async () => {
    const { dir, file } = journalWithThreeRecords();
    fs.appendFileSync(file, 'not json\n{"c":"docs","p":{"_id":"x"');
    const reports: JournalImport[] = [];
    const store = openEmbeddedStore({ dataDir: dir, onImport: (r) => reports.push(r) });
    expect(reports).toEqual([
      { records: 3, documents: 3, skipped: [{ line: 4, reason: 'unreadable record' }, { line: 5, reason: 'truncated last record' }], keptAs: `${file}.imported` },
    ]);
    expect(await store.collection('docs').countDocuments({})).toBe(3);
    await store.close();
  });

  it('takes over a LOCK whose pid now belongs to a program that is not Loa', async () => {
    const { dir } = journalWithThreeRecords();
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: other.pid, host: os.hostname(), since: new Date().toISOString() }));
      const store = openEmbeddedStore({ dataDir: dir, serverLock: true });
      expect(await store.collection('docs').countDocuments({})).toBe(3);
      await store.close();
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
