import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyStore, openByName, parseCopyArgs } from '../../../tools/cli/copy-store';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../../tools/harness/mongo-server';
import { createTestCore, DEMO } from '../../support/test-core';
import { smsInto } from '../../support/core-entry';
import { rawSqlite } from '../store/raw-stores';

jest.setTimeout(180_000);
const NOW = new Date('2026-11-20T03:00:00Z');

/** What an officer reads on a store: the targets and the summary, as SMS text. */
async function officerReplies(storage: OpenStorage): Promise<{ chitieu: string | null; tonghop: string | null }> {
  const t = await createTestCore({ storage, now: new Date(NOW.getTime() + 3_600_000) });
  const { send } = smsInto(() => t);
  return { chitieu: (await send(DEMO.officer.phone, 'CHITIEU')).text, tonghop: (await send(DEMO.officer.phone, 'TONGHOP')).text };
}

async function counts({ admin }: OpenStorage): Promise<Record<string, number>> {
  return { places: await admin.countRecords('places'), people: await admin.countRecords('people'), logs: await admin.countRecords('logs') };
}

describe('npm run loa -- copy-store', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-copy-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads --from, --to and --force, and refuses anything else', () => {
    expect(parseCopyArgs(['--from', 'data', '--to', 'mongodb://m/loa'])).toEqual({ from: 'data', to: 'mongodb://m/loa', force: false });
    expect(parseCopyArgs(['--from', 'data', '--to', 'mongodb://m/loa', '--force'])).toEqual({ from: 'data', to: 'mongodb://m/loa', force: true });
    expect(parseCopyArgs(['--from', 'data'])).toBeNull();
    expect(parseCopyArgs(['--from', 'data', '--to', 'data'])).toBeNull();
    expect(parseCopyArgs(['--from', 'data', '--to', 'x', '--forse'])).toBeNull();
  });

  it('moves a roster and its logs SQLite → FerretDB → SQLite: same records, rollups recounted on the target equal to those of the source, CHITIEU and TONGHOP answered the same', async () => {
    const sqliteDir = path.join(dir, 'source');
    const source = await openEmbeddedStorage({ dataDir: sqliteDir });
    const t = await createTestCore({ storage: source, now: NOW });
    const { send } = smsInto(() => t);
    const plan = {
      id: 'ke-sat-2026',
      name: 'Kế hoạch xã Kẻ Sặt',
      place: 'ke-sat',
      period: { from: '2026-01', to: '2026-12' },
      targets: [
        { id: 'thon', kind: 'coverage', of: 'village', percent: 100, regularly: 'month' },
        { id: 'hop', kind: 'frequency', form: 'hop', per: 'month' },
        { id: 'tn', kind: 'reach', group: 'tn', percent: 80, denominator: 200 },
      ],
    };
    expect((await t.core.repos.plans.save(plan, NOW)).ok).toBe(true);
    for (const text of ['TT 45 hop thon', 'TT 30 loa thanh nien', 'TT 12 hop tn hs', 'TT 20 hop thon']) {
      expect((await send(DEMO.collaboratorDong.phone, text)).reply?.key).toMatch(/^log\./);
      t.clock.advance(60_000);
    }
    // The last one cancelled: copied, but counted nowhere.
    expect((await send(DEMO.collaboratorDong.phone, 'HUY')).reply?.key).toMatch(/cancel/);
    const before = await officerReplies(source);
    const sourceCounts = await counts(source);
    // Four logs, one cancelled: 45 + 30 + 12 = 87 participants in 3 live sessions.
    expect(sourceCounts.logs).toBe(4);
    expect(before.tonghop).toContain('3 buoi, 87 luot nguoi');
    expect(before.chitieu).toContain('Thon duy tri: 1/10');
    await source.close();

    const uri = uriWithDatabase(testMongoUri(), randomTestDatabase('loa_copy'));
    const [from, to] = [await openByName(sqliteDir), await openByName(uri)];
    const result = await copyStore(from, to, { force: false });
    expect(result).toMatchObject({ ok: true, counts: { places: sourceCounts.places, people: sourceCounts.people, logs: sourceCounts.logs } });
    // A second copy into the same database is refused and writes nothing.
    expect(await copyStore(from, to, { force: false })).toEqual({ ok: false, reason: 'target-not-empty' });
    // With --force, the same ids are overwritten: the counts do not move.
    expect(await copyStore(from, to, { force: true })).toMatchObject({ ok: true });
    await Promise.all([from.close(), to.close()]);

    const mongo = await openMongoStorage(uri);
    expect(await counts(mongo)).toEqual(sourceCounts);
    expect(await officerReplies(mongo)).toEqual(before);
    await mongo.close();

    const backDir = path.join(dir, 'back');
    const [from2, to2] = [await openByName(uri), await openByName(path.join(backDir, 'loa.db'))];
    expect(await copyStore(from2, to2, { force: false })).toMatchObject({ ok: true, counts: { logs: sourceCounts.logs } });
    await Promise.all([from2.close(), to2.close()]);
    const back = await openEmbeddedStorage({ dataDir: backDir });
    expect(await counts(back)).toEqual(sourceCounts);
    expect(await officerReplies(back)).toEqual(before);
    await back.close();
  });

  it('copies a store whose rollups disagree with its logs, and says so instead of reporting success', async () => {
    const source = await rawSqlite({ dataDir: path.join(dir, 'stale-source') });
    const t = await createTestCore({ storage: source.storage, now: NOW });
    expect((await smsInto(() => t).send(DEMO.collaboratorDong.phone, 'TT 45 hop thon')).reply?.key).toBe('log.saved');
    // A rollup row changed behind the logs (what a restore of part of a file, or a bug, leaves): 45 read as 54.
    source.sql!((db) => db.prepare('UPDATE rollup_month_totals SET participants = 54').run());
    const target = await openEmbeddedStorage({ dataDir: path.join(dir, 'stale-target') });
    const result = await copyStore(source.storage, target, { force: false });
    expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(result.ok === false && result.reason === 'mismatch' ? result.problems.join('\n') : '').toMatch(/rollups .* differ from the source's/);
    // Everything was copied, and the target's rollups are the recount of its logs.
    expect(await counts(target)).toMatchObject({ logs: 1 });
    expect((await target.repos.rollups.monthFacts('hai-phong', '2026-11', '2026-11')).map((f) => f.participants)).toEqual([45]);
    await Promise.all([source.close(), target.close()]);
  });
});
