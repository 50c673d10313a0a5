/**
 * Issue 11, observation 2: on 02/12/2026 every named period was silently
 * answered with the current one. Each period form is read as written, and
 * one Loa cannot read is refused with an example.
 */
import ExcelJS from 'exceljs';
import { onStore } from '../../../tools/harness/on-store';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import type { ParseResult } from '../../../core/language/commands';
import { createParser } from '../../../app/commands';
import { loadVocabularies } from '../../../core/language/vocabulary';
import { createOfficerCommands } from '../../../core/commands/officer-commands';
import { asStaff } from '../../support/test-core';
import { SHEETS } from '../../../core/officer/export-xlsx';
import { writeXlsx } from '../../../adapters/office/exceljs-writer';
import type { Reply } from '../../../core/reply';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { loadPreset, STORES } from './stores';

const i18n = createI18n();
const parser = createParser(loadVocabularies());
const DEC_2 = vn('2026-12-02');
const ctx = { receivedAt: DEC_2, timeZone: 'Asia/Ho_Chi_Minh', maxAgeDays: 30 };
const parse = (text: string): ParseResult => parser.parse(text, ctx);
const period = (text: string) => {
  const r = parse(text);
  return r.ok && 'period' in r.command ? r.command.period : r.ok ? null : r.error;
};

describe('periods an officer names, read on Wednesday 02/12/2026', () => {
  it.each([
    ['TONGHOP', { kind: 'week' }],
    ['TONGHOP TUAN TRUOC', { kind: 'week', key: '2026-W48' }],
    ['tonghop truoc', { kind: 'week', key: '2026-W48' }],
    ['TONGHOP THANG 11', { kind: 'month', key: '2026-11' }],
    ['tonghop thang truoc', { kind: 'month', key: '2026-11' }],
    ['TONGHOP T11', { kind: 'month', key: '2026-11' }],
    ['TONGHOP 11/2026', { kind: 'month', key: '2026-11' }],
    ['TONGHOP T11/2025', { kind: 'month', key: '2025-11' }],
    ['XUAT THANG 11', { kind: 'month', key: '2026-11' }],
    ['TONGHOP QUY 2', { kind: 'quarter', key: '2026-Q2' }],
    ['TONGHOP Q3/2026', { kind: 'quarter', key: '2026-Q3' }],
    ['TONGHOP QUY TRUOC', { kind: 'quarter', key: '2026-Q3' }],
    ['TONGHOP 6 THANG', { kind: 'half' }],
    ['TONGHOP 6T', { kind: 'half' }],
    ['TONGHOP H1', { kind: 'half', key: '2026-H1' }],
    ['XUAT 6 THANG TRUOC', { kind: 'half', key: '2026-H1' }],
    ['TONGHOP NAM 2025', { kind: 'year', key: '2025' }],
    ['tong hop nam truoc', { kind: 'year', key: '2025' }],
    ['CHITIEU THANG 11', { kind: 'month', key: '2026-11' }],
    ['CHUA THANG 11', { kind: 'month', key: '2026-11' }],
    ['CHITIEU', null],
  ])('reads %s as the period it names', (text, expected) => {
    const r = parse(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect('period' in r.command ? r.command.period : null).toEqual(expected);
  });

  it('reads THANG 12 without a year, in December, as this December, and in May as last December', () => {
    expect(period('TONGHOP THANG 12')).toEqual({ kind: 'month', key: '2026-12' });
    const may = parser.parse('TONGHOP THANG 12', { ...ctx, receivedAt: vn('2026-05-10') });
    expect(may.ok && may.command.kind === 'summary' && may.command.period).toEqual({ kind: 'month', key: '2025-12' });
  });

  it.each(['TONGHOP THANG 13', 'TONGHOP QUY 5', 'TONGHOP abc', 'XUAT 11', 'TONGHOP THANG 2026', 'CHITIEU THANG 11 QUY 3'])(
    'refuses %s with an example instead of answering another period',
    (text) => {
      const r = parse(text);
      expect(r).toEqual({ ok: false, error: { code: 'bad_period', text: text.split(' ').slice(1).join(' ') } });
      const answer = renderReply(i18n, { key: 'error.bad_period', values: { text: 'x' } }, 'vi', 'sms');
      expect(answer).toContain('VD: TONGHOP THANG 11');
    },
  );

  it('refuses a period that has not begun', () => {
    expect(parse('TONGHOP Q1/2027')).toEqual({ ok: false, error: { code: 'future_period', text: 'Q1 2027' } });
  });
});

describe.each(STORES)('named periods reach the figures, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  async function world() {
    const f = new Fixture('per');
    const commune = f.place('ke-sat', 'commune', null, 'Xã Kẻ Sắt');
    const [dong, tay] = [f.place('ke-sat.dong', 'village', commune, 'Thôn Đông', undefined, '2026-11-01'), f.place('ke-sat.tay', 'village', commune, 'Thôn Tây', undefined, '2026-11-01')];
    const officer = f.person('cb-ke-sat', 'officer', commune, { phone: '+84905000201' });
    f.person('ctv-dong', 'collaborator', dong!, { phone: '+84905000101' });
    // November: Đông twice (45 + 30), Tây once (20). December so far: Đông once (60).
    f.log(dong!, '2026-11-05', { participants: 45 });
    f.log(dong!, '2026-11-25', { participants: 30 });
    f.log(tay!, '2026-11-26', { participants: 20 });
    f.log(dong!, '2026-12-01', { participants: 60 });
    await f.insert(store);
    await loadPreset(store, 'ke-sat-2026.yaml', 'ke-sat', vn('2026-11-01'));
    const officerCommands = createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound(), xlsx: writeXlsx });
    const ask = async (text: string, channel: 'telegram' | 'sms' = 'telegram'): Promise<Reply> => {
      const r = parse(text);
      if (!r.ok || !['summary', 'export', 'quiet', 'targets'].includes(r.command.kind)) throw new Error(`not an officer period command: ${text}`);
      return officerCommands.handle(r.command as Parameters<typeof officerCommands.handle>[0], asStaff(officer), { channel, now: DEC_2 });
    };
    return { ask };
  }

  it('TONGHOP THANG 11 on 02/12 reports November with its dates, not December', async () => {
    const { ask } = await world();
    const full = renderReply(i18n, await ask('TONGHOP THANG 11'), 'vi', 'full');
    expect(full.split('\n')[0]).toBe('Tổng hợp Xã Kẻ Sắt – tháng 11/2026 (01/11–30/11)');
    // 3 sessions, 45 + 30 + 20 = 95; both villages held November, which is closed: both maintained.
    expect(full).toContain('Số buổi tuyên truyền: 3, số lượt người tham dự: 95');
    expect(full.split('\n')[1]).toBe('Thôn duy trì hằng tháng: 2/2, chỉ tiêu 2, đạt');
    expect(renderReply(i18n, await ask('TONGHOP 11/2026', 'sms'), 'vi', 'sms')).toContain('thang 11/2026');
  });

  it('TONGHOP with no period still answers this week, named with its dates', async () => {
    const { ask } = await world();
    const full = renderReply(i18n, await ask('TONGHOP'), 'vi', 'full');
    expect(full.split('\n')[0]).toBe('Tổng hợp Xã Kẻ Sắt – tuần 49 (30/11–02/12)');
    expect(full).toContain('Số buổi tuyên truyền: 1, số lượt người tham dự: 60');
  });

  it('TONGHOP 6 THANG reports the second half of 2026 so far', async () => {
    const { ask } = await world();
    const full = renderReply(i18n, await ask('TONGHOP 6 THANG'), 'vi', 'full');
    expect(full.split('\n')[0]).toBe('Tổng hợp Xã Kẻ Sắt – 6 tháng cuối năm 2026 (01/07–02/12)');
    expect(full).toContain('Số buổi tuyên truyền: 4, số lượt người tham dự: 155');
  });

  it('XUAT THANG 11 exports November sessions only', async () => {
    const { ask } = await world();
    const answer = await ask('XUAT THANG 11');
    expect(renderReply(i18n, answer, 'vi', 'full')).toBe('Tệp báo cáo Xã Kẻ Sắt – tháng 11/2026 (01/11–30/11): 3 buổi tuyên truyền, 1 chỉ tiêu.');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(answer.attachment!.content as unknown as ArrayBuffer);
    expect(book.getWorksheet(SHEETS.sessions)!.rowCount).toBe(4); // header + 3 November sessions
  });

  it('CHITIEU THANG 11 gives the targets as November closed', async () => {
    const { ask } = await world();
    const full = renderReply(i18n, await ask('CHITIEU THANG 11'), 'vi', 'full');
    expect(full).toContain('(đến 30/11/2026, tính từ 01/01/2026):');
    expect(full).toContain('Thôn duy trì hằng tháng: 2/2 (100%); chỉ tiêu 100% = 2; đạt');
  });

  it('CHUA THANG 11 lists the villages quiet in November (none), not December', async () => {
    const { ask } = await world();
    expect(renderReply(i18n, await ask('CHUA THANG 11'), 'vi', 'full')).toBe('Tất cả 2 thôn đã có buổi tuyên truyền trong tháng 11 (01/11–30/11/2026).');
    expect(renderReply(i18n, await ask('CHUA'), 'vi', 'full')).toContain('Thôn Tây');
  });
});
