import ExcelJS from 'exceljs';
import { onStore } from '../../../tools/harness/on-store';
import { fitsOneGsm7Segment } from '../../../core/i18n/gsm7';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import type { Person } from '../../../core/domain/people';
import type { Channel } from '../../../core/domain/session-log';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { DEFAULT_TIME_ZONE } from '../../../core/periods';
import { createIndicatorEngine } from '../../../core/indicators/engine';
import { runWeeklySummaries } from '../../../core/scheduling/weekly-summary';
import { asStaff } from '../../support/test-core';
import { SHEETS } from '../../../core/officer/export-xlsx';
import { writeXlsx } from '../../../adapters/office/exceljs-writer';
import { readPlanFile, PRESETS_DIR } from '../../../app/plan-files';
import type { Reply } from '../../../core/reply';
import { Fixture, vn } from '../indicators/fixtures';
import { buildWorld, RecordingOutbound, type World } from './world';
import path from 'node:path';
import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';

const i18n = createI18n();
const NOW = vn('2026-11-20', 10);

async function setup() {
  const store = await openEmbeddedStorage();
  const world = await buildWorld(store);
  const outbound = new RecordingOutbound();
  const officer = createOfficerCommands({ ...onStore(store), i18n, outbound, xlsx: writeXlsx });
  const ask = (command: OfficerCommand, person: Person, channel: Channel = 'telegram'): Promise<Reply> => officer.handle(command, asStaff(person), { channel, now: NOW });
  const text = (r: Reply, style: 'full' | 'sms' = 'full', lng: 'vi' | 'en' = 'vi') => renderReply(i18n, r, lng, style);
  return { store, world, outbound, ask, text };
}

async function loadKeSatPreset(store: OpenStorage): Promise<void> {
  const parsed = readPlanFile(path.join(PRESETS_DIR, 'ke-sat-2026.yaml'));
  if (!parsed.ok) throw new Error('preset invalid');
  const saved = await store.repos.plans.save(parsed.plan, NOW);
  expect(saved.ok).toBe(true);
}

describe('TONGHOP', () => {
  it('gives an officer and an admin, asked on Monday for last week, exactly the Monday summary (one renderer)', async () => {
    const { store, world, outbound } = await setup();
    const monday = vn('2026-11-23', 7);
    const engine = createIndicatorEngine({ repos: store.repos, timeZone: DEFAULT_TIME_ZONE });
    const commands = createOfficerCommands({ ...onStore(store), i18n, outbound, engine });
    await runWeeklySummaries({ ...onStore(store), engine, outbound, i18n, owner: 'test' }, '2026-W48', monday);
    for (const person of [world.people.officer, world.people.admin]) {
      const asked = await commands.handle({ kind: 'summary', period: { kind: 'week', key: '2026-W47' } }, asStaff(person), { channel: 'telegram', now: monday });
      expect(outbound.to(person._id)[0]?.reply).toEqual(asked);
    }
    expect(renderReply(i18n, outbound.to(world.people.officer._id)[0]!.reply, 'vi', 'full')).toContain('Tổng hợp Xã Kẻ Sắt – tuần 47 (16/11–22/11)');
  });

  it('gives an officer their commune this month on Telegram, in full', async () => {
    const { world, ask, text, store } = await setup();
    await loadKeSatPreset(store);
    const full = text(await ask({ kind: 'summary', period: { kind: 'month' } }, world.people.officer));
    expect(full).toContain('Tổng hợp Xã Kẻ Sắt – tháng 11/2026 (01/11–20/11)');
    expect(full).toContain('Số buổi tuyên truyền: 3, số lượt người tham dự: 195');
    // The plan's headline target leads (Đông, Tây held November; the running month is not yet due, and
    // January–October are: nobody held all of them), then this month's coverage without a misleading goal.
    expect(full.split('\n')[1]).toBe('Thôn duy trì hằng tháng: 0/3, chỉ tiêu 3, còn thiếu 3');
    expect(full).toContain('Thôn có buổi trong tháng 11: 2/3\n');
    expect(full).toContain('Thôn có buổi trong năm 2026: 2/3');
    expect(full).toContain('Thôn chưa có buổi tháng này (1): Thôn Nam');
    expect(full).not.toContain('Thực Khang');
  });

  it('fits the SMS answer in one GSM-7 segment without diacritics', async () => {
    const { world, ask, text } = await setup();
    const sms = text(await ask({ kind: 'summary', period: { kind: 'week' } }, world.people.officer, 'sms'), 'sms');
    expect(sms).toBe('Xa Ke Sat tuan 47 (16/11-20/11): 2 buoi, 150 luot nguoi. Thon co buoi thang 11: 2/3, chua: Nam');
    expect(fitsOneGsm7Segment(sms)).toBe(true);
  });

  it('gives an admin the communes under them, furthest behind first', async () => {
    const { world, ask, text } = await setup();
    const full = text(await ask({ kind: 'summary', period: { kind: 'month' } }, world.people.admin));
    expect(full).toContain('Xã có buổi trong tháng 11: 1/2');
    const lines = full.split('\n').filter((l) => /^\d\. /.test(l));
    expect(lines).toEqual(['1. Xã Thực Khang: 0/1 thôn có buổi (0%), 0 buổi', '2. Xã Kẻ Sắt: 2/3 thôn có buổi (67%), 3 buổi']);
    const sms = text(await ask({ kind: 'summary', period: { kind: 'month' } }, world.people.admin, 'sms'), 'sms');
    expect(sms).toContain('Thap nhat (thon co buoi): Thuc Khang 0%, Ke Sat 67%');
    expect(fitsOneGsm7Segment(sms)).toBe(true);
  });

  it('answers in English for an English-speaking officer', async () => {
    const { world, ask, text } = await setup();
    const english = { ...world.people.officer, lng: 'en' as const };
    expect(text(await ask({ kind: 'summary', period: { kind: 'month' } }, english), 'full', 'en')).toContain('Villages with a session in month 11: 2/3');
  });
});

describe('officers see only their own commune', () => {
  it('shows another commune officer none of Kẻ Sắt', async () => {
    const { world, ask, text } = await setup();
    const summary = text(await ask({ kind: 'summary', period: { kind: 'year' } }, world.people.otherOfficer));
    expect(summary).toContain('Số buổi tuyên truyền: 1, số lượt người tham dự: 60');
    expect(summary).not.toMatch(/Đông|Tây|Nam|Kẻ Sắt/);
    const quiet = text(await ask({ kind: 'quiet' }, world.people.otherOfficer));
    expect(quiet).toBe('Thôn chưa có buổi tuyên truyền trong tháng 11 (01/11–20/11/2026), 1/1 thôn:\n- Thôn Một: Phạm Văn Một');
  });

  it('exports only their own sessions', async () => {
    const { world, ask } = await setup();
    const file = (await ask({ kind: 'export', period: { kind: 'year' } }, world.people.otherOfficer)).attachment!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(SHEETS.sessions)!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(4).value).toBe('Thôn Một');
  });
});

describe('CHUA', () => {
  it('lists the villages with no session this month so far, named by its dates, with their collaborators', async () => {
    const { world, ask, text } = await setup();
    const r = await ask({ kind: 'quiet' }, world.people.officer);
    // Asked on 20/11: the running month is counted from 01/11 to today.
    expect(text(r)).toBe('Thôn chưa có buổi tuyên truyền trong tháng 11 (01/11–20/11/2026), 1/3 thôn:\n- Thôn Nam: Lê Thị Dung, Lê Văn Cường');
    expect(text(r, 'sms')).toBe('Thon chua co buoi 01/11-20/11/2026: 1/3: Nam: Le Thi Dung, Le Van Cuong');
  });

  it('names a past month by its first and last day when asked in the next month', async () => {
    const { world, text, store } = await setup();
    const officer = createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() });
    const r = await officer.handle({ kind: 'quiet', period: { kind: 'month', key: '2026-11' } }, asStaff(world.people.officer), { channel: 'sms', now: vn('2026-12-02', 10) });
    expect(text(r)).toBe('Thôn chưa có buổi tuyên truyền trong tháng 11 (01/11–30/11/2026), 1/3 thôn:\n- Thôn Nam: Lê Thị Dung, Lê Văn Cường');
    expect(text(r, 'sms')).toBe('Thon chua co buoi 01/11-30/11/2026: 1/3: Nam: Le Thi Dung, Le Van Cuong');
  });
});

describe('CHITIEU', () => {
  it('shows each target with value, target and gap over the days counted, from the plan start to today', async () => {
    const { world, ask, text, store } = await setup();
    await loadKeSatPreset(store);
    const r = await ask({ kind: 'targets' }, world.people.officer);
    // Places joined 1 Dec 2025: Jan–Oct are due; only Tây had an October session, none earlier.
    expect(text(r)).toBe(
      'Chỉ tiêu – Kế hoạch triển khai thực hiện công tác phòng, chống mại dâm trên địa bàn xã Kẻ Sắt năm 2026 (đến 20/11/2026, tính từ 01/01/2026):\n' +
        '- Thôn duy trì hằng tháng: 0/3 (0%); chỉ tiêu 100% = 3; còn thiếu 3\n' +
        '  Quy tắc: có buổi mỗi tháng từ 01/2026 đến 10/2026 (11/2026 chưa đến hạn). Đạt (0): không có',
    );
    expect(text(r, 'sms')).toBe('Chi tieu den 20/11/2026, tinh tu 01/01/2026: Thon duy tri: 0/3, con thieu 3');
  });

  it('names a past month asked for by the plan start and that month end', async () => {
    const { world, text, store } = await setup();
    await loadKeSatPreset(store);
    const officer = createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() });
    const r = await officer.handle({ kind: 'targets', period: { kind: 'month', key: '2026-11' } }, asStaff(world.people.officer), { channel: 'sms', now: vn('2026-12-02', 10) });
    // November closed: Jan–Nov are all due and no village held all eleven months.
    expect(text(r, 'sms')).toBe('Chi tieu den 30/11/2026, tinh tu 01/01/2026: Thon duy tri: 0/3, con thieu 3');
  });

  it('says when no plan is loaded', async () => {
    const { world, ask, text } = await setup();
    expect(text(await ask({ kind: 'targets' }, world.people.officer), 'sms')).toBe(
      'Chua co ke hoach, chi tieu nao cho Xa Ke Sat. Quan tri vien nap ke hoach bang lenh loa plan load.',
    );
  });
});

describe('XEM from an officer', () => {
  it('answers with the month and the year of their commune', async () => {
    const { world, ask, text } = await setup();
    expect(text(await ask({ kind: 'view' }, world.people.officer), 'sms')).toBe(
      'Xa Ke Sat: thang 11: 3 buoi, 2/3 thon co buoi; nam 2026: 4 buoi, 2/3 thon.',
    );
  });
});

describe('XUAT', () => {
  it('answers on SMS that the file needs Telegram', async () => {
    const { world, ask } = await setup();
    const r = await ask({ kind: 'export', period: { kind: 'month' } }, world.people.officer, 'sms');
    expect(r.key).toBe('summary:export_needs_telegram');
    expect(r.attachment).toBeUndefined();
  });

  it('sends an .xlsx with sessions and indicators, Vietnamese headers, dates as dates and no phone numbers', async () => {
    const { world, ask, text, store } = await setup();
    await loadKeSatPreset(store);
    const r = await ask({ kind: 'export', period: { kind: 'month' } }, world.people.officer);
    expect(text(r)).toBe('Tệp báo cáo Xã Kẻ Sắt – tháng 11/2026 (01/11–20/11): 3 buổi tuyên truyền, 1 chỉ tiêu.');
    expect(r.attachment).toMatchObject({ filename: 'loa-ke-sat-2026-11.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(r.attachment!.content as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([SHEETS.sessions, SHEETS.indicators, SHEETS.villages, SHEETS.cancelled]);

    const sessions = workbook.getWorksheet(SHEETS.sessions)!;
    expect(sessions.getRow(1).values).toEqual([undefined, 'Ngày', 'Mã', 'Xã', 'Thôn', 'Số người tham dự', 'Hình thức', 'Đối tượng', 'Ghi chú', 'Người ghi', 'Kênh', 'Đã sửa', 'Lịch sử sửa (ai, khi nào, giá trị trước)']);
    expect(sessions.rowCount).toBe(4); // header + 3 sessions; the cancelled one is left out
    const first = sessions.getRow(2);
    expect(first.getCell(1).value).toEqual(new Date('2026-11-03T00:00:00.000Z'));
    expect(first.getCell(1).numFmt).toBe('dd/mm/yyyy');
    expect([first.getCell(3).value, first.getCell(4).value, first.getCell(5).value, first.getCell(9).value]).toEqual(['Xã Kẻ Sắt', 'Thôn Đông', 45, 'Nguyễn Văn An']);
    expect(sessions.getRow(3).getCell(8).value).toBe('trường THPT');

    const indicators = workbook.getWorksheet(SHEETS.indicators)!;
    expect(indicators.getRow(1).getCell(1).value).toBe('Kế hoạch');
    const target = indicators.getRow(2);
    expect(target.getCell(2).value).toBe('Thôn duy trì hằng tháng: 0/3 (0%); chỉ tiêu 100% = 3; còn thiếu 3');
    expect([3, 4, 5, 6, 7].map((c) => target.getCell(c).value)).toEqual([0, 3, 3, 0, 'chưa đạt']);
    expect(indicators.getRow(2).getCell(8).value).toEqual(new Date('2026-11-20T00:00:00.000Z'));

    const villages = workbook.getWorksheet(SHEETS.villages)!;
    // Issue 21: a column per month of the period (11/2026), then month, year, silence and the verdict on the plan's maintained target.
    expect(villages.getRow(2).values).toEqual([undefined, 'Xã Kẻ Sắt', 'Thôn Đông', 2, 2, 2, '', 'chưa đạt']);

    // No collaborator phone number anywhere in the file.
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells.join(' ')).not.toMatch(/\+849|0905/);
  });
});

describe('NHAC', () => {
  it('texts the collaborators of quiet villages now, once a week, and never those who asked to stop', async () => {
    const { world, ask, text, outbound } = await setup();
    const r = await ask({ kind: 'remind' }, world.people.officer);
    expect(outbound.sent.map((s) => s.person._id)).toEqual(['ctv-nam']);
    expect(renderReply(i18n, outbound.sent[0]!.reply, 'vi', 'sms')).toBe(
      'Loa: Thon Nam chua co buoi tuyen truyen nao trong thang 11. Khi to chuc, nhan: TT 45 hop thon. Tat nhac: TAT NHAC',
    );
    expect(text(r, 'sms')).toBe('Nhac thang 11: da nhac 1/1 thon (1 tin), da nhac truoc trong tuan: 0 thon. Khong nhac duoc: khong co');
    const again = await ask({ kind: 'remind' }, world.people.officer);
    expect(outbound.sent).toHaveLength(1);
    expect(again.values).toMatchObject({ sent: 0, reminded: 0, skipped: 1 });
  });
});

describe('SMS answers with long lists', () => {
  it('show as many quiet villages as fit in one segment and count the rest', async () => {
    const store = await openEmbeddedStorage();
    const f = new Fixture('long');
    const commune = f.place('dong-phong', 'commune', null, 'Xã Đông Phong Thượng');
    for (let i = 1; i <= 30; i++) f.place(`dong-phong.t${i}`, 'village', commune, `Thôn Đông Phong ${i}`).aliases.push(`Đông Phong ${i}`);
    const officer = f.person('cb', 'officer', commune);
    await f.insert(store);
    const commands = createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() });
    for (const command of [{ kind: 'summary', period: { kind: 'month' } }, { kind: 'quiet' }] as OfficerCommand[]) {
      const sms = renderReply(i18n, await commands.handle(command, asStaff(officer), { channel: 'sms', now: NOW }), 'vi', 'sms');
      expect(fitsOneGsm7Segment(sms)).toBe(true);
      expect(sms).toMatch(/Dong Phong 1, Dong Phong 10, .* \+\d+$/);
    }
  });
});
