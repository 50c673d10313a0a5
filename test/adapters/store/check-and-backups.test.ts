import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import { listBackups, restoreBackup, RestoreRefusedError } from '../../../adapters/sqlite/backups';
import { StoreLockedError } from '../../../adapters/store/store-errors';
import { storedLogs } from '../../support/stored';
import { rawStores, type RawStore } from './raw-stores';
import { DEMO } from '../../support/test-core';
import { createSmsHarness } from '../../sms/twilio/helpers';

jest.setTimeout(60_000);
const dong = DEMO.collaboratorDong.phone;

async function logSessions(storage: OpenStorage, bodies: string[]) {
  const h = await createSmsHarness({ store: storage });
  for (const body of bodies) {
    expect((await h.postSms({ from: dong, body })).status).toBe(200);
    h.clock.advance(60_000);
  }
  return storedLogs(storage);
}

/**
 * Sets a log's participants behind its rollups, as a flipped byte would: on
 * SQLite the rollup triggers would follow an UPDATE, so they are dropped
 * around it (and put back) in one transaction.
 */
async function behindRollups(store: RawStore, id: string, participants: number): Promise<void> {
  if (store.mongo) return void (await store.mongo.collection<{ _id: string }>('logs').updateOne({ _id: id }, { $set: { participants } }));
  store.sql!((db) => {
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'logs'").all() as { name: string; sql: string }[];
    expect(triggers.length).toBeGreaterThan(0);
    db.exec(`BEGIN; ${triggers.map((t) => `DROP TRIGGER ${t.name};`).join(' ')} UPDATE logs SET participants = ${participants} WHERE id = '${id}'; ${triggers.map((t) => `${t.sql};`).join(' ')} COMMIT`);
  });
}

// The damage is written under the repositories (what a flipped byte or another tool does), so the raw store is at hand.
const stores = rawStores('loa_check');

describe.each(stores)('npm run loa -- check on %s', (_name, open) => {
  it('finds nothing on a sound store, and names the place-month whose log changed behind the rollups (45 read as 65)', async () => {
    const store = await open();
    const { storage } = store;
    const [first] = await logSessions(storage, ['TT 45 hop thon', 'TT 30 loa thanh nien']);
    expect((await storage.admin.check()).problems).toEqual([]);
    // One digit changed inside a valid value: no schema can see it, the recount does.
    await behindRollups(store, first!._id, 65);
    const report = await storage.admin.check();
    const month = first!.periods.month;
    // The month totals, the place-month a report reads, and the mix of each place on the village's path all say 45.
    expect(report.problems.filter((p) => !p.startsWith('rollup report mix '))).toEqual([
      `rollup ${DEMO.villageDong} ${month} ${first!.form} ${first!.groups.join(',')}: stored 1 session(s), 45 participant(s), the logs count 1 session(s), 65 participant(s) (npm run loa -- rollups rebuild recounts them)`,
      // The village's month holds both logs (45 + 30).
      `rollup report ${DEMO.villageDong} ${month}: stored 2 session(s), 75 participant(s), the logs count 2 session(s), 95 participant(s) (npm run loa -- rollups rebuild recounts them)`,
    ]);
    expect(report.problems.filter((p) => p.startsWith('rollup report mix ')).length).toBe(first!.placePath.length);
    await storage.repos.rollups.rebuild();
    expect((await storage.admin.check()).problems).toEqual([]);
    await store.close();
  });

  it('names the place-month whose report figures differ from its logs when only the report rollup changed (45 read as 65)', async () => {
    const store = await open();
    const { storage } = store;
    const [first] = await logSessions(storage, ['TT 45 hop thon']);
    const month = first!.periods.month;
    if (store.mongo) await store.mongo.collection<{ _id: string }>('rollup_place_months').updateOne({ _id: `pm|${month}|${DEMO.villageDong}` }, { $set: { participants: 65 } });
    else store.sql!((db) => db.prepare('UPDATE rollup_place_months SET participants = 65 WHERE place = ? AND month = ?').run(DEMO.villageDong, month));
    expect((await storage.admin.check()).problems).toEqual([
      `rollup report ${DEMO.villageDong} ${month}: stored 1 session(s), 65 participant(s), the logs count 1 session(s), 45 participant(s) (npm run loa -- rollups rebuild recounts them)`,
    ]);
    await store.close();
  });

  it('reports a record that fails its schema, moved to the quarantine', async () => {
    const store = await open();
    const { storage } = store;
    const [first] = await logSessions(storage, ['TT 45 hop thon']);
    if (store.mongo) await store.mongo.collection<{ _id: string }>('logs').updateOne({ _id: first!._id }, { $set: { groups: 'không' } });
    else store.sql!((db) => db.prepare("UPDATE logs SET groups = 'không' WHERE id = ?").run(first!._id));
    const report = await storage.admin.check();
    expect(report.problems).toContain('1 damaged record(s) failed their check and were moved to loa_quarantine (the log names each)');
    // The log is gone from the live logs. On MongoDB its rollup no longer matches the recount; on SQLite the
    // rollup triggers took it away with the row, so nothing else differs.
    const mismatch = report.problems.some((p) => p.startsWith(`rollup ${DEMO.villageDong}`) && p.endsWith('the logs count nothing (npm run loa -- rollups rebuild recounts them)'));
    expect(mismatch).toBe(store.mongo !== undefined);
    await store.close();
  });
});

describe('backups of the embedded store', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-backup-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('a snapshot taken while serving, restored after more logs, gives back exactly the logs of the snapshot; the replaced file is kept', async () => {
    const store = await openEmbeddedStorage({ dataDir });
    const before = await logSessions(store, ['TT 45 hop thon', 'TT 30 loa thanh nien']);
    const file = await store.admin.backups!.make(7);
    await logSessions(store, ['TT 12 hop thon']);
    await store.close();
    // A server in another process holds the folder: refused, nothing moved.
    const server = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    fs.writeFileSync(path.join(dataDir, 'LOCK'), JSON.stringify({ pid: server.pid, host: os.hostname() }));
    try {
      expect(() => restoreBackup(dataDir, file)).toThrow(StoreLockedError);
    } finally {
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    const { keptAs } = restoreBackup(dataDir, file);
    const restored = await openEmbeddedStorage({ dataDir });
    expect(await storedLogs(restored)).toEqual(before);
    await restored.close();
    // The file it replaced is kept, with the log taken after the snapshot.
    const asideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-aside-'));
    fs.copyFileSync(keptAs!, path.join(asideDir, 'loa.db'));
    const aside = await openEmbeddedStorage({ dataDir: asideDir });
    expect((await storedLogs(aside)).map((l) => l.participants).sort()).toEqual([12, 30, 45]);
    await aside.close();
    fs.rmSync(asideDir, { recursive: true, force: true });
  });

  it('refuses a file that is not a database and changes nothing', async () => {
    const store = await openEmbeddedStorage({ dataDir });
    await logSessions(store, ['TT 45 hop thon']);
    await store.close();
    const junk = path.join(dataDir, 'junk.db');
    fs.writeFileSync(junk, 'not a database at all'.repeat(300));
    const size = fs.statSync(path.join(dataDir, 'loa.db')).size;
    expect(() => restoreBackup(dataDir, junk)).toThrow(RestoreRefusedError);
    expect(fs.statSync(path.join(dataDir, 'loa.db')).size).toBe(size);
  });

  it('keeps the newest LOA_BACKUP_KEEP snapshots, and the daily job writes one only when the newest is a day old', async () => {
    const store = await openEmbeddedStorage({ dataDir });
    const backups = store.admin.backups!;
    const day = (n: number) => new Date(Date.UTC(2026, 10, n, 20));
    for (const n of [1, 2, 3]) await backups.make(2, day(n));
    expect(listBackups(dataDir).map((f) => path.basename(f))).toEqual(['loa-20261102-200000.db', 'loa-20261103-200000.db']);
    const now = new Date(fs.statSync(listBackups(dataDir).at(-1)!).mtimeMs + 3600_000);
    expect(await backups.ifDue(2, now)).toBeNull();
    expect(await backups.ifDue(2, new Date(now.getTime() + 24 * 3600_000))).not.toBeNull();
    expect(listBackups(dataDir)).toHaveLength(2);
    await store.close();
  });
});
