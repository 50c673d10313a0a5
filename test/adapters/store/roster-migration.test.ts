import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { openEmbeddedStore, DATABASE_FILE } from '../../../adapters/sqlite/embedded-store';
import { storageOn } from '../../../adapters/store/open-storage';

/**
 * Migration 7 on a copy of `fixtures/json-layout-main-e906dd8.db` (made by
 * Loa when every collection was a table of JSON documents; see
 * migrations.test.ts), with a few rows added the way that Loa stored them: a
 * person with two chat accounts, a plan, and rows it cannot read.
 */
const FIXTURE = path.join(__dirname, 'fixtures', 'json-layout-main-e906dd8.db');

const PLAN = {
  id: 'ke-sat-2026', name: 'Kế hoạch Kẻ Sắt 2026', place: 'ke-sat', period: { from: '2026-01', to: '2026-12' },
  targets: [{ id: 'thon', kind: 'coverage', of: 'village', percent: 100 }],
};
const OFFICER = {
  _id: 'cb-linked', name: 'Phạm Thị Dung', role: { kind: 'officer', placeId: 'ke-sat' }, placePath: ['hai-phong', 'ke-sat'], phone: '+84905000777',
  telegramId: 424242, zaloId: 'e4ea2cd5189df1c3a88c', zaloBlockedAt: '2026-11-19T02:00:00.000Z', telegramBlockedAt: null, lng: 'en', remindersOff: true,
  lastChannel: 'zalo', createdAt: '2026-11-20T03:00:00.000Z',
};

describe('migration 7: the roster as typed tables', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-migrate-roster-'));
    const file = path.join(dir, DATABASE_FILE);
    fs.copyFileSync(FIXTURE, file);
    const db = new Database(file);
    const put = db.prepare('INSERT INTO "people" (id, doc) VALUES (?, ?)');
    put.run(OFFICER._id, JSON.stringify(OFFICER));
    // Torn as damage would leave it: Loa's own triggers and expression indexes on the table would refuse to write it, so they go first.
    for (const { type, name } of db.prepare("SELECT type, name FROM sqlite_master WHERE tbl_name = 'people' AND type IN ('trigger', 'index') AND sql IS NOT NULL").all() as { type: string; name: string }[]) {
      db.exec(`DROP ${type.toUpperCase()} "${name}"`);
    }
    put.run('ctv-torn', '{"_id":"ctv-torn","name":"Ng');
    db.prepare('INSERT INTO "places" (id, doc) VALUES (?, ?)').run('ke-sat.no-level', JSON.stringify({ _id: 'ke-sat.no-level', name: 'Thôn ?', code: 'X', parentId: 'ke-sat', path: ['hai-phong', 'ke-sat', 'ke-sat.no-level'], createdAt: '2026-11-20T03:00:00.000Z' }));
    db.prepare('INSERT INTO "plans" (id, doc) VALUES (?, ?)').run(PLAN.id, JSON.stringify({ _id: PLAN.id, placeId: 'ke-sat', placePath: ['hai-phong', 'ke-sat'], plan: PLAN, updatedAt: '2026-11-20T03:00:00.000Z' }));
    db.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('moves places, people with their chat accounts, and plans into typed tables, each read back whole through its repository', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    const { places, people, plans } = storage.repos;
    expect(await places.get('ke-sat')).toEqual({
      _id: 'ke-sat', level: 'commune', name: 'Xã Kẻ Sắt', code: 'KESAT', aliases: ['Kẻ Sắt', 'Ke Sat'], parentId: 'hai-phong', path: ['hai-phong', 'ke-sat'], createdAt: '2026-11-20T03:00:00.000Z',
    });
    expect((await places.subtree('ke-sat', 'village')).map((p) => p._id)).toHaveLength(10);
    expect((await places.subtree('hai-phong')).map((p) => p._id)).toHaveLength(16);
    expect((await places.roots()).map((p) => p._id)).toEqual(['hai-phong']);
    // The old telegramId/zaloId fields are read as accounts, the Zalo block mark kept, the cleared Telegram one dropped.
    const { telegramId: _t, zaloId: _z, zaloBlockedAt: _zb, telegramBlockedAt: _tb, ...rest } = OFFICER;
    expect(await people.findByAccount('telegram', '424242')).toEqual({
      ...rest,
      accounts: [{ door: 'telegram', id: '424242' }, { door: 'zalo', id: 'e4ea2cd5189df1c3a88c', blockedAt: '2026-11-19T02:00:00.000Z' }],
    });
    expect((await people.findByAccount('zalo', 'e4ea2cd5189df1c3a88c'))?._id).toBe('cb-linked');
    expect((await people.findByPhone('+84905000101'))?.name).toBe('Nguyễn Văn An');
    expect((await people.staff('ke-sat')).map((p) => p._id)).toContain('cb-linked');
    expect(await plans.get(PLAN.id)).toEqual(PLAN);
    expect((await plans.list('hai-phong')).map((p) => [p._id, p.placePath])).toEqual([[PLAN.id, ['hai-phong', 'ke-sat']]]);
    await storage.close();
  });

  it('puts a roster row it cannot read or check in the quarantine, and keeps every other', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    expect(await storage.repos.people.get('ctv-torn')).toBeNull();
    expect(await storage.repos.places.get('ke-sat.no-level')).toBeNull();
    expect(await storage.repos.people.get('ctv-dong')).not.toBeNull();
    await storage.close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const kept = (db.prepare("SELECT doc FROM loa_quarantine WHERE doc LIKE '%ctv-torn%' OR doc LIKE '%no-level%'").all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as { collection: string; problem: { reason: string } });
    db.close();
    expect(kept.map((k) => [k.collection, k.problem.reason]).sort()).toEqual([['people', 'unreadable'], ['places', 'invalid']]);
  });

  it('leaves no JSON table nor path table of the roster behind', async () => {
    await openEmbeddedStore({ dataDir: dir }).close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const docColumns = db.prepare("SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name IN ('places', 'people', 'plans') AND c.name = 'doc'").all();
    const leftovers = db.prepare("SELECT name FROM sqlite_master WHERE name IN ('places__path', 'people__placePath', 'plans__placePath') OR name IN ('places__documents', 'people__documents', 'plans__documents')").all();
    db.close();
    expect([docColumns, leftovers]).toEqual([[], []]);
  });

  it('the typed roster tables refuse what must not hold', async () => {
    await openEmbeddedStore({ dataDir: dir }).close();
    const db = new Database(path.join(dir, DATABASE_FILE));
    const refused = (sql: string): string => {
      try {
        db.exec(`SAVEPOINT t; ${sql}; RELEASE t`);
        return 'accepted';
      } catch (error) {
        db.exec('ROLLBACK TO t; RELEASE t');
        return /CHECK constraint failed/.test((error as Error).message) ? 'check' : /UNIQUE constraint failed/.test((error as Error).message) ? 'unique' : (error as Error).message;
      }
    };
    const place = (id: string, level: string, p: string) => `INSERT INTO places (id, parent, level, code, name, path, created_at) VALUES ('${id}', 'ke-sat', '${level}', 'Q${id.length}', 'Q', '${p}', 'x')`;
    const person = (id: string, kind: string, phone: string, p = '/hai-phong/ke-sat/') =>
      `INSERT INTO people (id, name, role_kind, role_place, place_path, phone, lng, reminders_off, created_at) VALUES ('${id}', 'N', '${kind}', 'ke-sat', '${p}', '${phone}', 'vi', 0, 'x')`;
    expect({
      unknownLevel: refused(place('ke-sat.q1', 'hamlet', '/hai-phong/ke-sat/ke-sat.q1/')),
      pathNotEndingInItself: refused(place('ke-sat.q2', 'village', '/hai-phong/ke-sat/')),
      pathWithoutItsParent: refused(place('ke-sat.q3', 'village', '/hai-phong/ke-sat.q3/')),
      fine: refused(place('ke-sat.q4', 'village', '/hai-phong/ke-sat/ke-sat.q4/')),
      localPhone: refused(person('p1', 'officer', '0905000111')),
      unknownRole: refused(person('p2', 'boss', '+84905000112')),
      pathNotEndingInTheRolePlace: refused(person('p3', 'officer', '+84905000113', '/hai-phong/')),
      samePhoneTwice: refused(person('p4', 'officer', '+84905000101')),
      anAccountOfSomeoneElse: refused("INSERT INTO person_accounts (person_id, door, account_id) VALUES ('ctv-tay', 'telegram', '424242')"),
      aPlanNamingAnotherPlace: refused(`INSERT INTO plans (id, place, place_path, plan, updated_at) VALUES ('q', 'ke-sat', '/hai-phong/ke-sat/', json_object('id', 'q', 'place', 'thuc-khang'), 'x')`),
    }).toEqual({
      unknownLevel: 'check', pathNotEndingInItself: 'check', pathWithoutItsParent: 'check', fine: 'accepted', localPhone: 'check', unknownRole: 'check',
      pathNotEndingInTheRolePlace: 'check', samePhoneTwice: 'unique', anAccountOfSomeoneElse: 'unique', aPlanNamingAnotherPlace: 'check',
    });
    // A person deleted takes their chat accounts with them.
    db.exec("DELETE FROM people WHERE id = 'cb-linked'");
    expect(db.prepare("SELECT count(*) AS n FROM person_accounts WHERE person_id = 'cb-linked'").get()).toMatchObject({ n: 0 });
    db.close();
  });
});
