/**
 * Issue 21, observation 6 (what was left): logs back-dated before a plan's
 * start are used to find when a commune's data begins, and an admin can set
 * that date (`loa data-begins`), through the access policy. Figures by hand.
 */
import { repositoriesOn } from '../../../adapters/store/open-storage';
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import { runDataBeginsCommand } from '../../../tools/cli/data-begins-command';
import type { Person } from '../../../core/domain/people';
import { FakeClock } from '../../../core/clock';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands } from '../../../core/commands/officer-commands';
import { asStaff } from '../../support/test-core';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { STORES } from './stores';

const i18n: I18n = createI18n();
const IMPORTED = '2026-11-01T02:00:00.000Z';
const ASKED = vn('2026-11-20');

describe.each(STORES)('when a commune’s data begins, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  /**
   * Xã Kẻ Sắt, imported 01/11/2026, plan 01–12/2026: villages maintained every month.
   * Thôn A: a session back-dated to 10/12/2025 (before the plan), then every month March–October 2026.
   * Thôn B: every month March–October 2026. Nobody logged in January or February.
   */
  async function keSat() {
    const f = new Fixture('db');
    const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng', IMPORTED);
    const commune = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt', IMPORTED);
    const other = f.place('thuc-khang', 'commune', province, 'Xã Thúc Kháng', IMPORTED);
    const [a, b] = ['A', 'B'].map((l) => f.place(`ke-sat.${l.toLowerCase()}`, 'village', commune, `Thôn ${l}`, IMPORTED));
    f.place('thuc-khang.x', 'village', other, 'Thôn X', IMPORTED);
    const officer = f.person('cb-ke-sat', 'officer', commune, { phone: '+84905000201' });
    const admin = f.person('admin-hp', 'admin', province, { phone: '+84905000901' });
    const elsewhere = f.place('lai-chau', 'province', null, 'Tỉnh Lai Châu', IMPORTED);
    const otherAdmin = f.person('admin-lc', 'admin', elsewhere, { phone: '+84905000902' });
    f.log(a!, '2025-12-10');
    for (const v of [a!, b!]) for (let m = 3; m <= 10; m++) f.log(v, `2026-${String(m).padStart(2, '0')}-05`);
    await f.insert(store);
    const saved = await store.repos.plans.save(
      { id: 'ke-sat-2026', name: 'Kẻ Sắt 2026', place: 'ke-sat', period: { from: '2026-01', to: '2026-12' }, targets: [{ id: 'thon-duy-tri', kind: 'coverage', of: 'village', percent: 100, regularly: 'month' }] },
      vn('2026-01-01'),
    );
    expect(saved.ok).toBe(true);
    return { officer, admin, otherAdmin };
  }

  async function targets(officer: Person): Promise<string> {
    const answer = await createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() }).handle({ kind: 'targets' }, asStaff(officer), { channel: 'telegram', now: ASKED });
    return renderReply(i18n, answer, 'vi', 'full');
  }

  function cli(args: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const { repos, engine } = onStore(store);
    return runDataBeginsCommand(args, { places: repos.places, people: repos.people, clock: new FakeClock(ASKED), timeZone: engine.timeZone, out: (l) => lines.push(l), err: (l) => lines.push(l) }).then((code) => ({ code, lines }));
  }

  it('finds the data began with the log back-dated to 10/12/2025, before the plan: January and February are due, so no village is maintained', async () => {
    const { officer } = await keSat();
    // Data began 10/12/2025 < 01/01/2026: every month from January is due; A and B missed January and February → 0/2; 100% of 2 = 2.
    expect(await targets(officer)).toContain('- Thôn duy trì hằng tháng: 0/2 (0%); chỉ tiêu 100% = 2; còn thiếu 2');
  });

  it('lets the province admin set 01/03/2026 for Kẻ Sắt on the command line: March–October are due, both villages maintained', async () => {
    const { officer } = await keSat();
    expect(await cli(['ke-sat', '01/03/2026', '--by', '0905000901'])).toEqual({ code: 0, lines: ['Xã Kẻ Sắt (ke-sat): data begins 01/03/2026; earlier months are "chưa có dữ liệu", out of every count.'] });
    // Due March–October (8 months): A and B held all 8 → 2/2; 100% of 2 = 2 → met.
    expect(await targets(officer)).toContain('- Thôn duy trì hằng tháng: 2/2 (100%); chỉ tiêu 100% = 2; đạt');
    // `auto` gives the date back to what Loa finds (the back-dated log): 0/2 again.
    expect((await cli(['Ke Sat', 'auto', '--by', '+84905000901'])).code).toBe(0);
    expect(await targets(officer)).toContain('- Thôn duy trì hằng tháng: 0/2 (0%); chỉ tiêu 100% = 2; còn thiếu 2');
  });

  it('refuses the commune officer, an admin of another province (as if the commune did not exist), a village, a future day and a day that is not one', async () => {
    const { officer } = await keSat();
    expect(await cli(['ke-sat', '01/03/2026', '--by', '0905000201'])).toEqual({ code: 1, lines: ['Not set: only an admin may set when data begins (the person named by --by is not one).'] });
    const unknown = { code: 1, lines: ['Not set: no such place in the area of the admin named by --by.'] };
    expect(await cli(['ke-sat', '01/03/2026', '--by', '0905000902'])).toEqual(unknown);
    expect(await cli(['nowhere', '01/03/2026', '--by', '0905000902'])).toEqual(unknown);
    expect(await cli(['ke-sat.a', '01/03/2026', '--by', '0905000901'])).toEqual({ code: 1, lines: ['Not set: data begins per commune (the unit that adopts Loa): name a commune.'] });
    expect(await cli(['ke-sat', '21/11/2026', '--by', '0905000901'])).toEqual({ code: 1, lines: ['Not set: the date is in the future.'] });
    expect(await cli(['ke-sat', '31/02/2026', '--by', '0905000901'])).toEqual({ code: 1, lines: ['Not set: the date must be dd/mm/yyyy, a real day.'] });
    // Nothing was written: the back-dated log still decides.
    expect(await targets(officer)).toContain('- Thôn duy trì hằng tháng: 0/2 (0%)');
  });
});
