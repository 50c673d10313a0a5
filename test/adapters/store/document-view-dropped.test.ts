import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { openEmbeddedStore, DATABASE_FILE } from '../../../adapters/sqlite/embedded-store';
import { migrate, MIGRATIONS } from '../../../adapters/sqlite/migrations';
import { LOG_COLUMNS, LOGS_DOCUMENT_VIEW } from '../../../adapters/sqlite/migration-logs';
import { storageOn } from '../../../adapters/store/open-storage';

/**
 * Migration 4 made `logs_documents`, a JSON view over the typed logs with
 * INSTEAD OF triggers, for the document layer of that time. The layer is
 * deleted; a view that still takes writes into `logs` is a second way in
 * nobody tests. Migration 10 drops it (its triggers go with it).
 */
describe('migration 10 on a store made by migration 9', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-migration10-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const schemaNames = (db: Database.Database): string[] =>
    (db.prepare(`SELECT name FROM sqlite_master WHERE name LIKE ? ORDER BY name`).all(`${LOGS_DOCUMENT_VIEW}%`) as { name: string }[]).map((r) => r.name);

  it('drops the JSON view over the logs and its triggers, and keeps every log and its month count', async () => {
    const file = path.join(dir, DATABASE_FILE);
    const old = new Database(file);
    old.exec('PRAGMA journal_mode = WAL');
    migrate(old, MIGRATIONS.filter((m) => m.version <= 9));
    expect(schemaNames(old)).toEqual([LOGS_DOCUMENT_VIEW, `${LOGS_DOCUMENT_VIEW}_del`, `${LOGS_DOCUMENT_VIEW}_ins`, `${LOGS_DOCUMENT_VIEW}_upd`]);
    old.prepare(`INSERT INTO logs (${LOG_COLUMNS.join(', ')}) VALUES (${LOG_COLUMNS.map(() => '?').join(', ')})`).run(
      'a1', 'CA1X', 'ke-sat.dong', JSON.stringify(['hai-phong', 'ke-sat', 'ke-sat.dong']), '2026-11-20', '2026-11-20', '2026-W47', '2026-11', '2026-Q4', '2026',
      45, 'hop', 'nd', null, '', 'ctv-dong', 'sms', 'M-a1', '45|hop|nd', '2026-11-20T03:00:00.000Z', null, null, null,
    );
    old.close();

    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    try {
      expect(await storage.repos.logs.countLive('ke-sat.dong', 'month', '2026-11')).toBe(1);
    } finally {
      await storage.close();
    }
    const after = new Database(file);
    try {
      expect(schemaNames(after)).toEqual([]);
      expect((after.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(10);
    } finally {
      after.close();
    }
  });
});
