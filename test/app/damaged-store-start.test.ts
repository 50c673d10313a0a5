import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import request from 'supertest';
import { parseConfig } from '../../app/config';
import { buildRuntime } from '../../app/runtime';
import { createLogger } from '../../adapters/log/pino-logger';
import { DATABASE_FILE } from '../../adapters/sqlite/embedded-store';
import { CapturedLog } from '../../tools/harness/loa-under-test';

jest.setTimeout(90_000);

async function runLoa(dataDir: string) {
  const log = new CapturedLog();
  const loa = await buildRuntime(parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' }), 'test', { logger: createLogger('info', log) });
  await loa.start();
  return { loa, log };
}

/**
 * The JSON column of each roster table (typed tables on SQLite, migration 5), and the row to damage: a
 * plan, or a place or person given a longer JSON value first (the demo's are short or empty), so the
 * log can be checked for a slice of it.
 */
const JSON_COLUMN: Record<string, { column: string; where: string }> = {
  places: { column: 'aliases', where: `aliases LIKE '%,"%' AND length(aliases) > 60` },
  people: { column: 'extra', where: `extra LIKE '%,"%'` },
  plans: { column: 'plan', where: 'true' },
};

/** Makes one row of `table` unreadable JSON by changing one byte of its JSON column in the closed file; returns its id and text. */
function damageOneRow(dataDir: string, table: string): { id: string; doc: string } {
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  if (table === 'places') db.exec(`UPDATE places SET aliases = json_array('Thôn Một Hai Ba Bốn', 'Thon Mot Hai Ba Bon', 'Mot Hai Ba Bon') WHERE id = (SELECT min(id) FROM places)`);
  if (table === 'people') db.exec(`UPDATE people SET extra = json_object('note', 'a field of ' || id, 'since', '2026') WHERE id = (SELECT min(id) FROM people)`);
  const { column, where } = JSON_COLUMN[table]!;
  const row = db.prepare(`SELECT id, ${column} AS doc FROM "${table}" WHERE ${where} ORDER BY id LIMIT 1`).get() as { id: string; doc: string };
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = fs.readFileSync(file);
  const start = bytes.indexOf(Buffer.from(row.doc, 'utf8'));
  expect(start).toBeGreaterThan(0);
  bytes[bytes.indexOf(',"', start)] = 'x'.charCodeAt(0);
  fs.writeFileSync(file, bytes);
  return row;
}

describe('a start on an embedded store with one unreadable row (issue 20 item 4)', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-damaged-start-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  // Rollups, counters and inbound claims are typed tables on SQLite (CHECK constraints, no JSON to break): `loa check` covers them.
  it.each(['places', 'people', 'plans'])('in %s starts, answers /healthz, and logs one line naming the table and the id but not the row', async (table) => {
    const first = await runLoa(dataDir);
    await first.loa.close();
    const damaged = damageOneRow(dataDir, table);
    const second = await runLoa(dataDir);
    try {
      const health = await request(second.loa.app).get('/healthz');
      expect(health.status).toBe(200);
      const lines = second.log.entries().filter((e) => e['table'] === table && e['id'] === damaged.id);
      expect(lines).toHaveLength(1);
      expect(String(lines[0]!['msg'])).toContain(`damaged record ${table}/${damaged.id} moved to loa_quarantine`);
      expect(second.log.text()).not.toContain(damaged.doc.slice(20, 60));
    } finally {
      await second.loa.close();
    }
  });
});
