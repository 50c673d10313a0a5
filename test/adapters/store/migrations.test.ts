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
    await storage.close();
    // No table of JSON documents is left for them (the old layout's `(id, doc)`).
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    try {
      for (const table of ['rollups', 'rollup_days', 'rollup_marks']) expect({ table, doc: (db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = 'doc'").get(table) ?? null) !== null }).toEqual({ table, doc: false });
    } finally {
      db.close();
    }
  });

  it('logs are moved into the typed logs table: each read back whole through the repository, the JSON table and its path table gone', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    const { logs } = storage.repos;
    expect(await logs.byChannelMessage('sms', 'SM-fixture-1')).toEqual({
      _id: '43941aa5-2c66-4d8d-954c-5a08594c9e41', code: 'ENQ9', villageId: 'ke-sat.dong', placePath: ['hai-phong', 'ke-sat', 'ke-sat.dong'], date: '2026-11-20',
      periods: { day: '2026-11-20', week: '2026-W47', month: '2026-11', quarter: '2026-Q4', year: '2026' }, participants: 45, form: 'hop', groups: ['nd'], note: '',
      personId: 'ctv-dong', channel: 'sms', channelMessageId: 'SM-fixture-1', contentKey: '45|hop|nd|2026-11-20||ke-sat.dong|', createdAt: '2026-11-20T03:00:00.000Z', editedAt: null, cancelledAt: null,
    });
    // Scope queries: the commune holds both logs (45 + 12), the province too, one village only its own.
    expect(await logs.countLive('ke-sat', 'month', '2026-11')).toBe(2);
    expect((await logs.liveInPeriod('hai-phong', 'week', '2026-W47')).map((l) => l.participants).sort((a, b) => a - b)).toEqual([12, 45]);
    expect((await logs.byCodeUnder('ke-sat.tay', 'fym6')).map((l) => l.participants)).toEqual([12]);
    await storage.close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const columns = (db.prepare("SELECT name FROM pragma_table_info('logs')").all() as { name: string }[]).map((c) => c.name);
    const pathTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'logs__placePath'").get();
    db.close();
    expect(columns).toEqual(expect.arrayContaining(['participants', 'village_id', 'month', 'channel_message_id']));
    expect(columns).not.toContain('doc');
    expect(pathTable).toBeUndefined();
  });

  it('the typed logs table refuses what must not hold (0 or 10,001 participants, an unknown form, a date that is not ISO) and keeps rollups by trigger', async () => {
    await openEmbeddedStore({ dataDir: dir }).close();
    const db = new Database(path.join(dir, DATABASE_FILE));
    const copy = (id: string, set: string) =>
      `INSERT INTO logs SELECT '${id}', 'ZZ${id}', village_id, place_path, date, day, week, month, quarter, year, participants, form, groups, split, note, person_id, channel, 'M-${id}', content_key, created_at, edited_at, cancelled_at, history FROM logs WHERE code = 'ENQ9'; UPDATE logs SET ${set} WHERE id = '${id}'`;
    const refused = (set: string) => {
      try {
        db.exec(`BEGIN; ${copy('X1', set)}; COMMIT`);
        return false;
      } catch (error) {
        db.exec('ROLLBACK');
        return /CHECK constraint failed/.test((error as Error).message);
      }
    };
    expect([refused('participants = 0'), refused('participants = 10001'), refused("form = 'karaoke'"), refused("date = '20/11/2026'")]).toEqual([true, true, true, true]);
    // A new channel needs no migration; a copy with 30 participants counts in Thôn Đông's month at once (45 + 30), and a cancel takes it away.
    db.exec(`${copy('X2', "channel = 'a-new-door', participants = 30")}`);
    const month = () => {
      const row = db.prepare("SELECT sessions, participants FROM rollup_month_totals WHERE place = 'ke-sat.dong' AND month = '2026-11'").get() as { sessions: number; participants: number };
      return { sessions: Number(row.sessions), participants: Number(row.participants) };
    };
    expect(month()).toEqual({ sessions: 2, participants: 75 });
    db.exec("UPDATE logs SET cancelled_at = '2026-11-21T00:00:00.000Z' WHERE id = 'X2'");
    expect(month()).toEqual({ sessions: 1, participants: 45 });
    db.close();
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
