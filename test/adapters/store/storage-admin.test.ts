import { StoreUnavailableError } from '../../../core/ports/store-errors';
import { DEMO_MARK } from '../../../app/demo-year';
import { loadDemoLogs } from '../../../app/demo-logs';
import { silentLogger } from '../../../core/logger';
import { bothStores, smsInto } from '../../support/core-entry';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';

/**
 * The maintenance port (`OpenStorage.admin`): what tools, the scheduler and
 * tests need beyond the repositories, the same on both stores.
 */
describe.each(bothStores('loa_admin'))('the storage admin port on %s', (name, open) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ storage: await open() });
  });
  afterEach(async () => {
    t.storage.admin.setOutage(false);
    await t.storage.close();
  });

  it('removes exactly the logs with the demo mark, cancelled ones too, and leaves a real log', async () => {
    const loaded = await loadDemoLogs(t.core, silentLogger);
    const { send } = smsInto(() => t);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon')).reply?.key).toBe('log.saved');
    expect(await t.storage.admin.countRecords('logs')).toBe(loaded + 1);
    expect(await t.storage.admin.deleteLogsMarked(DEMO_MARK)).toBe(loaded);
    const left = await t.storage.admin.allLogs();
    expect(left.map((l) => l.participants)).toEqual([45]);
    expect(left[0]!.channelMessageId.startsWith(DEMO_MARK)).toBe(false);
  });

  it('refuses an empty mark, which would remove every log', async () => {
    await expect(t.storage.admin.deleteLogsMarked('')).rejects.toThrow(RangeError);
  });

  it('lists every log in the order stored and counts the records of a table', async () => {
    const { send } = smsInto(() => t);
    await send(DEMO.collaboratorDong.phone, 'TT 30 hop thon');
    t.clock.advance(60_000);
    await send(DEMO.collaboratorDong.phone, 'TT 31 loa');
    t.clock.advance(60_000);
    await send(DEMO.collaboratorDong.phone, 'HUY');
    const logs = await t.storage.admin.allLogs();
    expect(logs.map((l) => [l.participants, l.cancelledAt !== null])).toEqual([[30, false], [31, true]]);
    expect(await t.storage.admin.countRecords('logs')).toBe(2);
    expect(await t.storage.admin.countRecords('people')).toBe((await t.core.repos.people.under('hai-phong')).length);
  });

  it('while the outage is on, repositories and ping fail as a store that went away; then they answer again', async () => {
    t.storage.admin.setOutage(true);
    await expect(t.core.repos.people.get(DEMO.collaboratorDong.id)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(t.storage.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    t.storage.admin.setOutage(false);
    expect((await t.core.repos.people.get(DEMO.collaboratorDong.id))?._id).toBe(DEMO.collaboratorDong.id);
  });

  it('finds nothing wrong on a sound store', async () => {
    await loadDemoLogs(t.core, silentLogger);
    expect((await t.storage.admin.check()).problems).toEqual([]);
  });

  it('traces statements and takes snapshots only where it can: SQLite in a folder, never MongoDB', () => {
    const traced = t.storage.admin.traceStatements(() => undefined);
    t.storage.admin.traceStatements(null);
    expect(traced).toBe(name === 'the embedded store');
    // Both stores here have no folder (SQLite in memory, MongoDB backed up with its own tools).
    expect(t.storage.admin.backups).toBeNull();
  });
});
