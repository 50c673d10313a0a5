/**
 * Issue 21, observation 15 (what was left): for every period word the language
 * accepts, TONGHOP, XEM, CHITIEU, the web page and XUAT give the same numbers,
 * at commune and district level, on one data set worked out by hand below.
 */
import { repositoriesOn } from '../../../adapters/store/open-storage';
import ExcelJS from 'exceljs';
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import type { Person } from '../../../core/domain/people';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import type { Command, PeriodRef } from '../../../core/language/commands';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { SHEETS } from '../../../core/officer/export-xlsx';
import { createTexts } from '../../../core/wording/texts';
import { periodKeyOf } from '../../../core/periods';
import { loadDashboard, type DashboardPeriod } from '../../../core/usecases/dashboard';
import { pageModel } from '../../../web/page-model';
import { writeXlsx } from '../../../adapters/office/exceljs-writer';
import { asStaff } from '../../support/test-core';
import type { Reply } from '../../../core/reply';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { shippedParser } from '../language/shared-parser';
import { STORES } from './stores';

const i18n: I18n = createI18n();
const vi = createTexts(i18n, 'vi');
const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');
/** Friday 20/11/2026: week 47 runs 16–22/11. */
const ASKED = vn('2026-11-20');
const TODAY = '2026-11-20';

/**
 * Sessions and attendances by hand, per period word, for Xã K and Huyện H.
 * 2025: A 10/05 (20), X 10/09 (30).
 * 2026: A 10 people on 05/01, 05/02, 05/04, 05/07, 05/10, 17/11; B 20 on 10/03, 10/08, 03/11; C 30 on 10/06;
 * X 40 on 10/05, 18/11; Y 50 on 10/09; and Xã K's own press item on 04/11 (an item, no session).
 */
const EXPECTED: [string, { commune: [number, number]; district: [number, number]; covered: number; quarterly: number }][] = [
  ['TUAN', { commune: [1, 10], district: [2, 50], covered: 3, quarterly: 1 }], // A 17/11; X 18/11
  ['THANG', { commune: [2, 30], district: [3, 70], covered: 3, quarterly: 1 }], // November: A, B; X
  ['THANG 10', { commune: [1, 10], district: [1, 10], covered: 3, quarterly: 1 }], // A
  ['QUY 1', { commune: [3, 40], district: [3, 40], covered: 2, quarterly: 1 }], // A Jan, Feb; B Mar. By 31/03 A and B covered
  ['QUY 3', { commune: [2, 30], district: [3, 80], covered: 3, quarterly: 1 }], // A Jul, B Aug; Y Sep
  ['H1', { commune: [5, 80], district: [6, 120], covered: 3, quarterly: 1 }], // A Jan, Feb, Apr; B Mar; C Jun; X May
  ['H2', { commune: [5, 70], district: [7, 160], covered: 3, quarterly: 1 }], // A Jul, Oct, Nov; B Aug, Nov; Y Sep, X Nov
  ['NAM', { commune: [10, 150], district: [13, 280], covered: 3, quarterly: 1 }],
  ['NAM 2025', { commune: [1, 20], district: [2, 50], covered: 1, quarterly: 0 }],
  ['2025', { commune: [1, 20], district: [2, 50], covered: 1, quarterly: 0 }],
  ['11/2026', { commune: [2, 30], district: [3, 70], covered: 3, quarterly: 1 }],
];
/*
 * CHITIEU by hand. Xã K's plan: villages with a session from January of the year to the period's end (`covered` of 3).
 * Huyện H's plan: communes with a session in every quarter due (`quarterly` of 2): in 2026 Xã K held Q1–Q3
 * (Q4 still running), Xã T missed Q1 → 1 at every 2026 period end; in 2025 Xã K (data from May) missed Q3, Xã T
 * (data from September) missed Q4 → 0.
 */

describe.each(STORES)('one period, the same numbers everywhere, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeAll(async () => {
    store = await openStore();
    await world(store);
  });
  afterAll(async () => {
    await store.close();
  });

  function ask(command: OfficerCommand, person: Person): Promise<Reply> {
    return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound(), xlsx: writeXlsx }).handle(command, asStaff(person), { channel: 'telegram', now: ASKED });
  }

  /** The period a word gives after a command, as the language reads it on 20/11/2026. */
  function periodOf(keyword: string, word: string): PeriodRef {
    const parsed = shippedParser().parse(`${keyword} ${word}`, { receivedAt: ASKED, timeZone: 'Asia/Ho_Chi_Minh', maxAgeDays: 400 });
    if (!parsed.ok) throw new Error(`${keyword} ${word}: ${parsed.error.code}`);
    return (parsed.command as Extract<Command, { period?: PeriodRef }>).period!;
  }

  async function xuat(period: PeriodRef, person: Person): Promise<{ sessions: unknown; participants: unknown; targets: [string, unknown][] }> {
    const file = await ask({ kind: 'export', period }, person);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.attachment!.content as unknown as ArrayBuffer);
    const sheet = book.getWorksheet(SHEETS.indicators)!;
    const rows = sheet.getRows(2, sheet.rowCount - 1)!;
    const cell = (label: string) => rows.find((r) => r.getCell(1).value === label)?.getCell(3).value;
    const targets = rows.filter((r) => typeof r.getCell(2).value === 'string' && r.getCell(4).value !== undefined && r.getCell(1).value !== 'Thôn có buổi trong tháng' && r.getCell(1).value !== 'Thôn có buổi trong năm');
    return {
      sessions: cell('Số buổi trong kỳ'),
      participants: cell('Số lượt người tham dự trong kỳ'),
      targets: targets.filter((r) => !String(r.getCell(1).value).startsWith('Số ')).map((r) => [String(r.getCell(2).value), r.getCell(3).value]),
    };
  }

  async function web(period: PeriodRef, person: Person, placeId: string) {
    const dashboard: DashboardPeriod = { kind: period.kind as DashboardPeriod['kind'], key: period.key ?? periodKeyOf(TODAY, period.kind) };
    const { engine, repos } = onStore(store);
    const result = await loadDashboard({ engine, repos }, { viewer: person, placeId, period: dashboard, now: ASKED });
    if (!result.ok) throw new Error(result.reason);
    return pageModel(vi, result, ASKED, engine.timeZone);
  }

  for (const level of ['commune', 'district'] as const) {
    for (const [word, expected] of EXPECTED) {
      it(`${level}: TONGHOP, CHITIEU, XUAT${word === 'TUAN' ? '' : ', the web page'}${word === 'THANG' || word === 'NAM' ? ' and XEM' : ''} ${word} agree on ${expected[level][0]} sessions and ${expected[level][1]} attendances`, async () => {
        const { officer, admin } = people;
        const person = level === 'commune' ? officer : admin;
        const placeId = level === 'commune' ? 'h.k' : 'h';
        const [sessions, attendances] = expected[level];
        const summary = full(await ask({ kind: 'summary', period: periodOf('TONGHOP', word) }, person));
        expect(summary).toContain(`Số buổi tuyên truyền: ${sessions}, số lượt người tham dự: ${attendances}`);
        const file = await xuat(periodOf('XUAT', word), person);
        expect([file.sessions, file.participants]).toEqual([sessions, attendances]);
        // Every target line of the file is a line of CHITIEU for the same period, word for word.
        const targets = full(await ask({ kind: 'targets', period: periodOf('CHITIEU', word) }, person));
        expect(file.targets.length).toBeGreaterThan(0);
        for (const [line] of file.targets) expect(targets.split('\n')).toContain(`- ${line}`);
        expect(targets).toContain(`- Thôn có tuyên truyền: ${expected.covered}/3 (`);
        if (level === 'district') expect(targets).toContain(`- Xã duy trì hằng quý: ${expected.quarterly}/2 (`);
        if (word !== 'TUAN') {
          const page = await web(periodOf('TONGHOP', word), person, placeId);
          expect([page.totals.sessions, page.totals.attendances]).toEqual([sessions, attendances]);
          expect(page.targets.map((t) => t.value)).toEqual(file.targets.map(([, value]) => value));
        }
        if (word === 'THANG' || word === 'NAM') {
          const view = full(await ask({ kind: 'view' }, person));
          expect(view).toContain(word === 'THANG' ? `tháng 11: ${sessions} buổi` : `năm 2026: ${sessions} buổi`);
        }
      });
    }
  }
});

let people: { officer: Person; admin: Person };

async function world(store: OpenStorage): Promise<void> {
  const f = new Fixture('ep');
  const district = f.place('h', 'district', null, 'Huyện H');
  const k = f.place('h.k', 'commune', district, 'Xã K');
  const t = f.place('h.t', 'commune', district, 'Xã T');
  const [a, b, c] = ['A', 'B', 'C'].map((l) => f.place(`h.k.${l.toLowerCase()}`, 'village', k, `Thôn ${l}`));
  const [x, y] = ['X', 'Y'].map((l) => f.place(`h.t.${l.toLowerCase()}`, 'village', t, `Thôn ${l}`));
  people = { officer: f.person('cb-k', 'officer', k, { phone: '+84905000201' }), admin: f.person('qt-h', 'admin', district, { phone: '+84905000901' }) };
  f.log(a!, '2025-05-10', { participants: 20 });
  f.log(x!, '2025-09-10', { participants: 30 });
  for (const d of ['01-05', '02-05', '04-05', '07-05', '10-05', '11-17']) f.log(a!, `2026-${d}`, { participants: 10 });
  for (const d of ['03-10', '08-10', '11-03']) f.log(b!, `2026-${d}`, { participants: 20 });
  f.log(c!, '2026-06-10', { participants: 30 });
  for (const d of ['05-10', '11-18']) f.log(x!, `2026-${d}`, { participants: 40 });
  f.log(y!, '2026-09-10', { participants: 50 });
  f.log(k, '2026-11-04', { participants: 1, form: 'bao', personId: 'cb-k' });
  await f.insert(store);
  const plans = store.repos.plans;
  const period = { from: '2025-01', to: '2026-12' };
  for (const plan of [
    { id: 'k-plan', name: 'Kế hoạch Xã K', place: 'h.k', period, targets: [
      { id: 'thon-co-buoi', kind: 'coverage' as const, of: 'village' as const, percent: 100 },
      { id: 'thon', kind: 'coverage' as const, of: 'village' as const, percent: 100, regularly: 'month' as const },
    ] },
    { id: 'h-plan', name: 'Kế hoạch Huyện H', place: 'h', period, targets: [{ id: 'xa', kind: 'coverage' as const, of: 'commune' as const, percent: 50, regularly: 'quarter' as const }] },
  ]) {
    expect((await plans.save(plan, vn('2025-01-01'))).ok).toBe(true);
  }
}
