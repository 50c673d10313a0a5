import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { openEmbeddedStore, DATABASE_FILE } from '../../../adapters/sqlite/embedded-store';
import { MIGRATIONS } from '../../../adapters/sqlite/migrations';
import { storageOn } from '../../../adapters/store/open-storage';

/**
 * `fixtures/json-layout-main-e906dd8.db` was made by Loa at commit e906dd8
 * (every collection a table of JSON documents) with
 * `fixtures/make-json-layout.ts.txt`: the demo roster, two logs, an
 * unregistered sender, a XEM, and a counter from before counters expired.
 */
const FIXTURE = path.join(__dirname, 'fixtures', 'json-layout-main-e906dd8.db');

function copyOfFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-migrate-'));
  fs.copyFileSync(FIXTURE, path.join(dir, DATABASE_FILE));
  return dir;
}

const applied = (dir: string): number[] => {
  const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => Number(r.version));
  } finally {
    db.close();
  }
};

describe('numbered migrations on the embedded store', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyOfFixture();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a store made by the JSON-layout Loa is migrated once at open: every migration recorded, none applied twice', async () => {
    await openEmbeddedStore({ dataDir: dir }).close();
    const versions = MIGRATIONS.map((m) => m.version);
    expect(applied(dir)).toEqual(versions);
    const again = openEmbeddedStore({ dataDir: dir });
    await again.close();
    expect(applied(dir)).toEqual(versions);
  });

  it('counters keep their counts, expiries and claimed fields; one from before expiries gets one in the past and goes at the next sweep', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    const { counters } = storage.repos;
    expect(await counters.get('unregistered:phone:+84905999999')).toEqual({ _id: 'unregistered:phone:+84905999999', count: 1, expiresAt: '2026-11-21T03:00:00.000Z', lastReplyDay: '2026-11-20' });
    expect(await counters.get('rate:phone:+84905000101:2026-11-20T03:00')).toEqual({ _id: 'rate:phone:+84905000101:2026-11-20T03:00', count: 2, expiresAt: '2026-11-20T03:01:00.000Z' });
    expect(await counters.get('legacy:no-expiry')).toEqual({ _id: 'legacy:no-expiry', count: 4, expiresAt: '1970-01-01T00:00:00.000Z', lastReplyDay: '2026-10-01' });
    // Counting goes on from the migrated value.
    expect(await counters.increment('rate:phone:+84905000101:2026-11-20T03:00', new Date('2026-11-20T03:01:00Z'))).toBe(3);
    // Sweeping at 03:00:30 takes the legacy counter only (the others expire later).
    expect(await counters.deleteExpired(new Date('2026-11-20T03:00:30Z'))).toBe(1);
    await storage.close();
  });

  it('inbound records keep their stored answers, so a retry of a message answered before the upgrade gets the same answer', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    const record = await storage.repos.inbound.get('sms', 'SM-fixture-1');
    expect(record).toMatchObject({ _id: 'sms:SM-fixture-1', personId: 'ctv-dong', state: 'done', lng: 'vi', receivedAt: '2026-11-20T03:00:00.000Z' });
    expect(record?.reply).toEqual({ key: 'log.saved', values: expect.objectContaining({ participants: 45, form: 'hop', village: 'Thôn Đông', monthCount: 1 }) });
    const claim = await storage.repos.inbound.claim('sms', 'SM-fixture-3', '2026-11-20T03:00:00.000Z', 10_000);
    expect(claim).toEqual({ owner: false, record: expect.objectContaining({ personId: null, reply: { key: 'unregistered' }, state: 'done' }) });
    await storage.close();
  });

  it('rollups are rebuilt once from the logs by a GROUP BY, and the JSON rollups and their marks are gone', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    // The fixture's two logs: 45 at a meeting in Thôn Đông, 12 by loudspeaker in Thôn Tây, both on 20/11/2026.
    expect(await storage.repos.rollups.monthFacts('ke-sat', '2026-11', '2026-11')).toEqual([
      { place: 'ke-sat.dong', bucket: '2026-11', form: 'hop', groups: ['nd'], sessions: 1, participants: 45 },
      { place: 'ke-sat.tay', bucket: '2026-11', form: 'loa', groups: ['nd'], sessions: 1, participants: 12 },
    ]);
    expect(await storage.repos.rollups.dayFacts('hai-phong', '2026-11-20', '2026-11-20')).toHaveLength(2);
    expect(() => storage.documents.collection('rollups')).toThrow(/typed table/);
    expect(() => storage.documents.collection('rollup_marks')).toThrow(/typed table/);
    await storage.close();
  });

  it('a migration that fails leaves the store as it was, and says so at open', () => {
    const db = new Database(path.join(dir, DATABASE_FILE));
    // A row the typed table refuses (a negative count) stops migration 1 inside its transaction.
    db.prepare("INSERT INTO counters (id, doc) VALUES ('bad', json_object('_id', 'bad', 'count', -1, 'expiresAt', '2026-11-20T03:01:00.000Z'))").run();
    db.close();
    expect(() => openEmbeddedStore({ dataDir: dir })).toThrow(/migration 1, counters as a typed table: CHECK constraint failed/);
    const after = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const counters = Number((after.prepare('SELECT count(*) AS n FROM counters').get() as { n: number }).n);
    const docColumn = (after.prepare("SELECT count(*) AS n FROM pragma_table_info('counters') WHERE name = 'doc'").get() as { n: number }).n;
    after.close();
    expect([counters, Number(docColumn)]).toEqual([6, 1]);
  });
});
