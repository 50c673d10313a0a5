import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { openEmbeddedStore, DATABASE_FILE } from '../../../adapters/sqlite/embedded-store';
import { migrate, MIGRATIONS } from '../../../adapters/sqlite/migrations';
import { LOG_COLUMNS } from '../../../adapters/sqlite/migration-logs';
import { storageOn, type OpenStorage } from '../../../adapters/store/open-storage';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { smsInto } from '../../support/core-entry';

/**
 * Every TT's confirmation says how many live logs its village has this month.
 * That count was a `count(*)` over the village-month's logs, in the insert's
 * RETURNING and again for every message of a batch after the first (the kept
 * count goes stale with the next insert): a busy village-month (the SMS
 * bench's demo villages reach thousands) paid for each of its logs on every
 * message. Migration 9 keeps the village-month's row of `rollup_place_months`
 * up to date before the insert's RETURNING reads it, so the count is one seek.
 */
describe('the month count of a confirmation on the embedded store', () => {
  let t: TestCore;
  let storage: OpenStorage;
  beforeEach(async () => {
    storage = await storageOn(openEmbeddedStore());
    t = await createTestCore({ storage, settings: { messagesPerMinute: 1000 } });
  });
  afterEach(async () => {
    await storage.close();
  });

  it('is read from the village-month rollup: no statement of a TT, alone or sixteen at once, counts the village\'s logs', async () => {
    const { send } = smsInto(() => t);
    const seen: string[] = [];
    expect(storage.admin.traceStatements((sql) => seen.push(sql))).toBe(true);
    const one = await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    const many = await Promise.all(Array.from({ length: 16 }, (_, i) => send(DEMO.collaboratorDong.phone, `TT ${50 + i} hop thon`)));
    storage.admin.traceStatements(null);
    expect(one.text).toMatch(/ 1 buoi thang 11/);
    // Sixteen in one batch: each reply is read after every insert of the batch.
    expect(many.map((m) => /(\d+) buoi thang/.exec(m.text ?? '')?.[1])).toEqual(Array.from({ length: 16 }, () => '17'));
    expect(seen.filter((sql) => /count\(\*\)/.test(sql) && /\blogs\b/.test(sql))).toEqual([]);
  });
});

describe('migration 9 on a store made by migration 8', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-migration9-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const row = (id: string, village: string, month: string, participants: number, cancelledAt: string | null = null) => [
    id, `C${id}`.toUpperCase().padEnd(4, 'X'), village, JSON.stringify(['hai-phong', 'ke-sat', village]), `${month}-20`, `${month}-20`, '2026-W47', month, '2026-Q4', '2026',
    participants, 'hop', 'nd', null, '', 'ctv-dong', 'sms', `M-${id}`, `${participants}|hop|nd`, `${month}-20T03:00:00.000Z`, null, cancelledAt, null,
  ];

  it('keeps every count, counts the next log in the confirmation, and drops the index only the old count used', async () => {
    const file = path.join(dir, DATABASE_FILE);
    const old = new Database(file);
    old.exec('PRAGMA journal_mode = WAL');
    migrate(old, MIGRATIONS.filter((m) => m.version <= 8));
    const insert = old.prepare(`INSERT INTO logs (${LOG_COLUMNS.join(', ')}) VALUES (${LOG_COLUMNS.map(() => '?').join(', ')})`);
    insert.run(...row('a1', 'ke-sat.dong', '2026-11', 45));
    insert.run(...row('a2', 'ke-sat.dong', '2026-11', 30));
    insert.run(...row('a3', 'ke-sat.dong', '2026-11', 12, '2026-11-21T00:00:00.000Z'));
    insert.run(...row('a4', 'ke-sat.tay', '2026-11', 7));
    const rollupsBefore = old.prepare('SELECT * FROM rollup_place_months ORDER BY place, month').all();
    old.close();

    const store = openEmbeddedStore({ dataDir: dir });
    const storage = await storageOn(store);
    try {
      expect(store.statement('SELECT * FROM rollup_place_months ORDER BY place, month').all()).toEqual(rollupsBefore);
      expect(await storage.repos.logs.countLive('ke-sat.dong', 'month', '2026-11')).toBe(2);
      expect(await storage.repos.logs.countLive('ke-sat', 'month', '2026-11')).toBe(3);
      const log = (await storage.repos.logs.byId('a1'))!;
      await storage.repos.unit(() => storage.repos.logs.insert({ ...log, _id: 'a5', code: 'CA5X', channelMessageId: 'M-a5', participants: 9, contentKey: '9|hop|nd' }));
      // The kept count of the insert (no second statement) and a fresh read agree: 45, 30 and 9.
      expect(await storage.repos.logs.countLive('ke-sat.dong', 'month', '2026-11')).toBe(3);
      const recount = store.statement("SELECT count(*) AS n FROM logs WHERE village_id = 'ke-sat.dong' AND month = '2026-11' AND cancelled_at IS NULL").get() as { n: number };
      expect(Number(recount.n)).toBe(3);
      const indexes = (store.statement("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'logs'").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).not.toContain('logs_village_month');
      const applied = (store.statement('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => Number(r.version));
      expect(applied).toContain(9);
    } finally {
      await storage.close();
    }
  });
});
