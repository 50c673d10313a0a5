/**
 * Issue 21, observation 13 (what was left): a press item (`bao`, confirmed as
 * `1 tin bai`) is an item, never a session. TONGHOP, XEM, the web page and
 * XUAT count it apart; the press target still sees it. Figures by hand.
 */
import { repositoriesOn } from '../../../adapters/store/open-storage';
import ExcelJS from 'exceljs';
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import type { Person } from '../../../core/domain/people';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { SHEETS } from '../../../core/officer/export-xlsx';
import { createTexts } from '../../../core/wording/texts';
import { loadDashboard } from '../../../core/usecases/dashboard';
import { pageModel } from '../../../web/page-model';
import { writeXlsx } from '../../../adapters/office/exceljs-writer';
import { asStaff } from '../../support/test-core';
import type { Reply } from '../../../core/reply';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { STORES } from './stores';

const i18n: I18n = createI18n();
const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');
const sms = (r: Reply): string => renderReply(i18n, r, 'vi', 'sms');

function ask(store: OpenStorage, command: OfficerCommand, person: Person, at: Date): Promise<Reply> {
  return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound(), xlsx: writeXlsx }).handle(command, asStaff(person), { channel: 'telegram', now: at });
}

describe.each(STORES)('a press item is an item, never a session, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  /**
   * Xã Kẻ Sắt, villages A, B, C; asked on 20/11/2026.
   * November: A 30 + 20, B 10 → 3 sessions, 60 attendances; press items: one by
   * the commune, one written at village C → 2 items. C held no session: 2/3 villages.
   * October: A 15 → the year 4 sessions, 75 attendances.
   */
  async function keSat() {
    const f = new Fixture('pr');
    const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng');
    const commune = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt');
    const [a, b, c] = ['A', 'B', 'C'].map((l) => f.place(`ke-sat.${l.toLowerCase()}`, 'village', commune, `Thôn ${l}`));
    const officer = f.person('cb-ke-sat', 'officer', commune, { phone: '+84905000201' });
    f.log(a!, '2026-10-03', { participants: 15 });
    f.log(a!, '2026-11-05', { participants: 30 });
    f.log(a!, '2026-11-10', { participants: 20 });
    f.log(b!, '2026-11-07', { participants: 10 });
    f.log(commune, '2026-11-08', { participants: 1, form: 'bao', personId: 'cb-ke-sat' });
    f.log(c!, '2026-11-09', { participants: 1, form: 'bao' });
    await f.insert(store);
    const saved = await store.repos.plans.save(
      {
        id: 'ke-sat-press',
        name: 'Kế hoạch Kẻ Sắt 2026',
        place: 'ke-sat',
        period: { from: '2026-01', to: '2026-12' },
        targets: [
          { id: 'thon-co-buoi', kind: 'coverage', of: 'village', percent: 100 },
          { id: 'bao-hang-thang', kind: 'frequency', form: 'bao', per: 'month', atLeast: 1, loggedAt: ['commune'] },
        ],
      },
      vn('2026-01-01'),
    );
    expect(saved.ok).toBe(true);
    return { officer, commune };
  }

  it('counts the month’s 3 sessions and 60 attendances in TONGHOP, and the 2 press items apart', async () => {
    const { officer } = await keSat();
    const month = await ask(store, { kind: 'summary', period: { kind: 'month' } }, officer, vn('2026-11-20'));
    expect(full(month)).toContain('Số buổi tuyên truyền: 3, số lượt người tham dự: 60, số tin bài (báo, đài): 2\n');
    expect(full(month)).toContain('Thôn có buổi trong tháng 11: 2/3');
    expect(full(month)).toContain('Thôn chưa có buổi tháng này (1): Thôn C');
    expect(sms(month)).toContain('3 buoi, 60 luot nguoi, 2 tin bai.');
    const year = full(await ask(store, { kind: 'summary', period: { kind: 'year' } }, officer, vn('2026-11-20')));
    expect(year).toContain('Số buổi tuyên truyền: 4, số lượt người tham dự: 75, số tin bài (báo, đài): 2\n');
  });

  it('has XEM count 3 sessions in November and 4 in the year, the press items none', async () => {
    const { officer } = await keSat();
    const view = full(await ask(store, { kind: 'view' }, officer, vn('2026-11-20')));
    expect(view).toContain('tháng 11: 3 buổi, 2/3 thôn có buổi');
    expect(view).toContain('năm 2026: 4 buổi, 2/3 thôn');
  });

  it('lets the press target see the commune’s item: November’s press item is done', async () => {
    await keSat();
    const report = await onStore(store).engine.report('ke-sat', vn('2026-11-20'));
    const press = report!.plans[0]!.targets.find((t) => t.target.id === 'bao-hang-thang')!;
    expect(press.frequency?.currentMet).toBe(true);
    const coverage = report!.plans[0]!.targets.find((t) => t.target.id === 'thon-co-buoi')!;
    // A and B held a session; C only had a press item written there: 2 of 3.
    expect([coverage.value, coverage.coverage?.places]).toEqual([2, 3]);
  });

  it('shows the web page the same 3 sessions and 60 attendances, the 2 items apart, and no press bar among sessions by form', async () => {
    const { officer } = await keSat();
    const now = vn('2026-11-20');
    const { engine, repos } = onStore(store);
    const result = await loadDashboard({ engine, repos }, { viewer: officer, placeId: 'ke-sat', period: { kind: 'month', key: '2026-11' }, now });
    if (!result.ok) throw new Error(result.reason);
    const model = pageModel(createTexts(i18n, 'vi'), result, now, engine.timeZone);
    expect(model.totals).toEqual({ sessions: 3, attendances: 60, items: 2, villages: 3, coveredMonth: 2 });
    expect(model.charts.formSessions.map((b) => b.value)).toEqual([3]);
  });

  it('has XUAT say 3 sessions, and its indicators sheet list 3 sessions and 2 press items; village C’s November is 0', async () => {
    const { officer } = await keSat();
    const file = await ask(store, { kind: 'export', period: { kind: 'month', key: '2026-11' } }, officer, vn('2026-11-20'));
    expect(full(file)).toContain(': 3 buổi tuyên truyền');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.attachment!.content as unknown as ArrayBuffer);
    const indicators = book.getWorksheet(SHEETS.indicators)!;
    const valueOf = (label: string) => indicators.getRows(2, indicators.rowCount - 1)!.find((r) => r.getCell(1).value === label)?.getCell(3).value;
    expect(valueOf('Số buổi trong kỳ')).toBe(3);
    expect(valueOf('Số tin bài (báo, đài) trong kỳ')).toBe(2);
    const villages = book.getWorksheet(SHEETS.villages)!;
    const header = (villages.getRow(1).values as unknown[]).slice(1).map(String);
    const november = header.indexOf('11/2026') + 1;
    const rowC = villages.getRows(2, villages.rowCount - 1)!.find((r) => r.getCell(2).value === 'Thôn C')!;
    expect(rowC.getCell(november).value).toBe(0);
  });
});
