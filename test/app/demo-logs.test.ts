import { buildGrid } from '../../core/charts/grid-model';
import { createTexts } from '../../core/wording/texts';
import { silentLogger } from '../../core/logger';
import { clearDemoLogs, loadDemoLogs } from '../../app/demo-logs';
import { rowState, rowStateLabel } from '../../web/village-state';
import { createTestCore } from '../support/test-core';

describe('the demo year of logs on a first start', () => {
  it('tells the demo story: regular villages, Cầu broke its streak in October, Ngọc never held a session, Mới now and then; splits, a press item and a training', async () => {
    const { core } = await createTestCore(); // Friday 20 Nov 2026
    const loaded = await loadDemoLogs(core, silentLogger);
    const report = (await core.engine.report('ke-sat', core.clock.now(), { period: 'year' }))!;
    const grid = buildGrid(report);
    const texts = createTexts(core.i18n, 'vi');
    const states = Object.fromEntries(grid.rows.map((r) => [r.name, rowStateLabel(texts, rowState(r, '2026-11'), '2026-11')]));
    // By hand from the story (twelve months Dec 2025 – Nov 2026; Mới misses the 2nd, 5th, 8th and 11th of them: Jan, Apr, Jul, Oct).
    expect(states).toEqual({
      'Thôn Đông': 'đang duy trì',
      'Thôn Tây': 'đang duy trì',
      'Thôn Nam': 'đang duy trì',
      'Thôn Bắc': 'đang duy trì',
      'Thôn Thượng': 'đang duy trì',
      'Thôn Hạ': 'đang duy trì',
      'Thôn Trung': 'đang duy trì',
      'Thôn Cầu': 'gián đoạn từ T10',
      'Thôn Ngọc': 'chưa có buổi nào',
      'Thôn Mới': 'gián đoạn từ T1',
    });
    const logs = await core.repos.logs.table('hai-phong', {}, 1000);
    expect(logs).toHaveLength(loaded);
    expect(logs.every((l) => l.channelMessageId.startsWith('demo:'))).toBe(true);
    expect(logs.filter((l) => l.participantsByGroup).length).toBeGreaterThan(10);
    expect(logs.filter((l) => l.villageId === 'ke-sat').map((l) => l.form).sort()).toEqual(['bao', 'taphuan']);
    expect(logs.every((l) => l.date <= '2026-11-20')).toBe(true);
  });

  it('is removed by `loa demo clear`: no demo log left and every total back to zero, the roster kept', async () => {
    const { core, storage } = await createTestCore();
    const loaded = await loadDemoLogs(core, silentLogger);
    expect(await clearDemoLogs(storage.admin, () => core.repos.rollups.rebuild())).toBe(loaded);
    expect(await core.repos.logs.table('hai-phong', {}, 1000)).toEqual([]);
    const report = (await core.engine.report('ke-sat', core.clock.now(), { period: 'year' }))!;
    expect(report.snapshot.period.sessions).toBe(0);
    expect(await core.repos.places.get('ke-sat.cau')).not.toBeNull();
  });
});
