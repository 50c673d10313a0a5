import { DuplicateKeyError } from '../../../core/ports/store-errors';
import { BulkRecordInvalidError } from '../../../adapters/store/bulk-load';
import type { SessionLog } from '../../../core/domain/session-log';
import { loadDemoLogs } from '../../../app/demo-logs';
import { silentLogger } from '../../../core/logger';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { bothStores, smsInto } from '../../support/core-entry';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';

jest.setTimeout(180_000);
const NOW = new Date('2026-11-20T03:00:00Z');

/** What an officer and a report read on a store: TONGHOP, CHITIEU, and every rollup fact of the demo province. */
async function figures(t: TestCore): Promise<unknown> {
  const { send } = smsInto(() => t);
  const facts = async (kind: 'monthFacts' | 'dayFacts', from: string, to: string) =>
    (await t.core.repos.rollups[kind]('hai-phong', from, to)).map((f) => JSON.stringify(f)).sort();
  return {
    tonghop: (await send(DEMO.officer.phone, 'TONGHOP')).text,
    tonghopYear: (await send(DEMO.officer.phone, 'TONGHOP NAM')).text,
    chitieu: (await send(DEMO.officer.phone, 'CHITIEU')).text,
    months: await facts('monthFacts', '0000-01', '9999-12'),
    days: await facts('dayFacts', '0000-01-01', '9999-12-31'),
  };
}

/** Batches of `size`, as the benches hand them over. */
function* inBatches(logs: readonly SessionLog[], size: number): Generator<SessionLog[]> {
  for (let i = 0; i < logs.length; i += size) yield logs.slice(i, i + size);
}

/**
 * The admin port's bulk load (benches, the copy tool): the same store as
 * writing the records one by one through the repositories, on both stores.
 */
describe.each(bothStores('loa_bulk'))('a bulk load on %s', (_name, open) => {
  const opened: OpenStorage[] = [];
  const openStore = async () => {
    const s = await open();
    opened.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it('of the roster and a year of logs answers TONGHOP, CHITIEU and the rollups as the same logs written one by one', async () => {
    const one = await createTestCore({ storage: await openStore(), now: NOW });
    await loadDemoLogs(one.core, silentLogger);
    const { send } = smsInto(() => one);
    // A live log, and one cancelled: the cancelled one is loaded too and counted nowhere.
    expect((await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon')).reply?.key).toBe('log.saved');
    one.clock.advance(60_000);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 30 loa tn')).reply?.key).toBe('log.saved');
    one.clock.advance(60_000);
    expect((await send(DEMO.collaboratorDong.phone, 'HUY')).reply?.key).toMatch(/cancel/);
    const places = await one.core.repos.places.subtree('hai-phong');
    const people = await one.core.repos.people.under('hai-phong');
    const logs = await one.storage.admin.allLogs();
    expect(logs.filter((l) => l.cancelledAt !== null)).toHaveLength(1);

    const target = await openStore();
    const byDepth = [...places].sort((a, b) => a.path.length - b.path.length);
    const loaded = await target.admin.bulkLoad({ places: byDepth, people, logs: inBatches(logs, 100) });
    expect(loaded).toMatchObject({ places: places.length, people: people.length, logs: logs.length });
    expect(loaded.rollups).toBeGreaterThan(0);
    const bulk = await createTestCore({ storage: target, now: NOW });
    expect((await bulk.storage.admin.allLogs()).map((l) => l._id).sort()).toEqual(logs.map((l) => l._id).sort());
    expect(await figures(bulk)).toEqual(await figures(one));
    // Logs written after the load keep their rollups as any other (the store's own triggers or $inc are back).
    const [a, b] = [smsInto(() => one).send, smsInto(() => bulk).send];
    for (const t of [one, bulk]) t.clock.advance(120_000);
    expect((await a(DEMO.collaboratorDong.phone, 'TT 12 hop hs', 'after-load')).reply?.key).toBe('log.saved');
    expect((await b(DEMO.collaboratorDong.phone, 'TT 12 hop hs', 'after-load')).reply?.key).toBe('log.saved');
    expect(await figures(bulk)).toEqual(await figures(one));
  });

  it('refuses a log whose id is stored already, and with replace overwrites it', async () => {
    const t = await createTestCore({ storage: await openStore(), now: NOW });
    const { send } = smsInto(() => t);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon')).reply?.key).toBe('log.saved');
    const [log] = await t.storage.admin.allLogs();
    await expect(t.storage.admin.bulkLoad({ logs: [[log!]] })).rejects.toBeInstanceOf(DuplicateKeyError);
    const changed = { ...log!, participants: 50 };
    expect(await t.storage.admin.bulkLoad({ logs: [[changed]], replace: true })).toMatchObject({ logs: 1 });
    expect((await t.storage.admin.allLogs()).map((l) => l.participants)).toEqual([50]);
    expect((await send(DEMO.officer.phone, 'TONGHOP')).text).toContain('50 luot nguoi');
  });

  it('refuses a load holding a log that fails its schema, naming it, stores none of that load, and the next log still counts', async () => {
    const t = await createTestCore({ storage: await openStore(), now: NOW });
    const { send } = smsInto(() => t);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon')).reply?.key).toBe('log.saved');
    const [log] = await t.storage.admin.allLogs();
    const good = { ...log!, _id: 'bulk-good', code: 'BG01', channelMessageId: 'bulk-good' };
    const bad = { ...log!, _id: 'bulk-bad', code: 'BB01', channelMessageId: 'bulk-bad', participants: 0 };
    const refused = await t.storage.admin.bulkLoad({ logs: [[good, bad]] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BulkRecordInvalidError);
    expect(refused).toMatchObject({ table: 'logs', id: 'bulk-bad' });
    expect((await t.storage.admin.allLogs()).map((l) => l._id)).toEqual([log!._id]);
    t.clock.advance(60_000);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 30 loa tn')).text).toBeTruthy();
    expect((await send(DEMO.officer.phone, 'TONGHOP')).text).toContain('2 buoi, 75 luot nguoi');
  });
});
