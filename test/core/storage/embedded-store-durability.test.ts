import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../../../core/storage/embedded/embedded-store';
import { StoreLockedError } from '../../../core/storage/port';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'loa-embedded-'));

describe('embedded store durability', () => {
  it('when the process is killed with SIGKILL, every write it acknowledged is there after restart', async () => {
    const dir = tmp();
    const acknowledged: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, '../../support/embedded-writer.ts'), dir, 'k'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (line !== 'ready') acknowledged.push(line);
        if (acknowledged.length >= 500) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    const store = openEmbeddedStore({ dataDir: dir });
    const ids = new Set((await store.collection('docs').find({})).map((d) => d._id));
    await store.close();
    const lost = acknowledged.filter((id) => !ids.has(id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(500);
    expect(lost).toEqual([]);
  });

  it('when the last journal record is cut short, start-up reports it, skips it and keeps the rest', async () => {
    const dir = tmp();
    const first = openEmbeddedStore({ dataDir: dir });
    await first.collection('docs').insertOne({ _id: 'a', v: 1 });
    await first.collection('docs').insertOne({ _id: 'b', v: 2 });
    await first.close();
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), '{"c":"docs","p":{"_id":"c","v":');
    const reports: unknown[] = [];
    const second = openEmbeddedStore({ dataDir: dir, onReplay: (r) => reports.push(r) });
    expect(reports).toEqual([{ records: 2, skipped: [{ line: 3, reason: 'truncated last record' }] }]);
    await second.collection('docs').insertOne({ _id: 'd', v: 4 });
    expect((await second.collection('docs').find({}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['a', 'b', 'd']);
    await second.close();
    const third = openEmbeddedStore({ dataDir: dir });
    expect(await third.collection('docs').countDocuments({})).toBe(3);
    await third.close();
  });

  it('when a second store opens a folder that is in use, it is refused with a message naming the folder', async () => {
    const dir = tmp();
    const holder = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, '../../support/embedded-writer.ts'), dir, 'h'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      let error: unknown;
      try {
        openEmbeddedStore({ dataDir: dir });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as Error).message).toContain(dir);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    // The holder died without cleaning up: its stale lock must not block a restart.
    const next = openEmbeddedStore({ dataDir: dir });
    expect(await next.collection('docs').countDocuments({})).toBeGreaterThanOrEqual(0);
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
});
