/**
 * Issue 21, observation 11: the maintained villages are named and the rule is
 * stated, in the summary, CHITIEU and the XUAT village sheet. Figures by hand.
 */
import ExcelJS from 'exceljs';
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import type { Person } from '../../../core/domain/people';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { SHEETS } from '../../../core/officer/export-xlsx';
import { asStaff } from '../../support/test-core';
import type { Reply } from '../../../core/reply';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { writeXlsx } from '../../../adapters/office/exceljs-writer';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { loadPreset, STORES } from './stores';

const i18n: I18n = createI18n();
const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'G', 'H', 'K', 'L', 'M'];

function ask(store: OpenStorage, command: OfficerCommand, person: Person, at: Date): Promise<Reply> {
  return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound(), xlsx: writeXlsx }).handle(command, asStaff(person), { channel: 'telegram', now: at });
}

describe.each(STORES)('the maintained villages, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('names the three maintained villages and states the rule: a session every month from 01/2026 to 11/2026, December not yet due', async () => {
    const f = new Fixture('m11');
    const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng');
    const commune = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt');
    const villages = LETTERS.map((l) => f.place(`ke-sat.${l.toLowerCase()}`, 'village', commune, `Thôn ${l}`));
    const officer = f.person('cb-ke-sat', 'officer', commune, { phone: '+84905000201' });
    // A, B, C: every month January–November. D–M: every month but June.
    villages.forEach((v, i) => {
      for (let m = 1; m <= 11; m++) if (i < 3 || m !== 6) f.log(v, `2026-${String(m).padStart(2, '0')}-05`);
    });
    await f.insert(store);
    await loadPreset(store, 'ke-sat-2026.yaml', 'ke-sat', vn('2026-01-01'));
    const at = vn('2026-12-06');
    const rule = 'Quy tắc: có buổi mỗi tháng từ 01/2026 đến 11/2026 (12/2026 chưa đến hạn). Đạt (3): Thôn A, Thôn B, Thôn C';
    const targets = full(await ask(store, { kind: 'targets' }, officer, at));
    expect(targets).toContain('- Thôn duy trì hằng tháng: 3/10 (30%); chỉ tiêu 100% = 10; còn thiếu 7');
    expect(targets).toContain(rule);
    const summary = full(await ask(store, { kind: 'summary', period: { kind: 'month' } }, officer, at));
    expect(summary.split('\n').slice(1, 3)).toEqual(['Thôn duy trì hằng tháng: 3/10, chỉ tiêu 10, còn thiếu 7', rule]);
    // XUAT of the year: a column per month and the verdict per village.
    const year = await ask(store, { kind: 'export', period: { kind: 'year', key: '2026' } }, officer, at);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(year.attachment!.content as unknown as ArrayBuffer);
    const sheet = book.getWorksheet(SHEETS.villages)!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 4)).toEqual(['Xã', 'Thôn', '01/2026', '02/2026']);
    expect(header).toContain('Duy trì (Thôn duy trì hằng tháng)');
    const rowOf = (name: string) => sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === name)!;
    const verdict = header.indexOf('Duy trì (Thôn duy trì hằng tháng)') + 1;
    const june = header.indexOf('06/2026') + 1;
    expect([rowOf('Thôn A').getCell(june).value, rowOf('Thôn A').getCell(verdict).value]).toEqual([1, 'đạt']);
    expect([rowOf('Thôn D').getCell(june).value, rowOf('Thôn D').getCell(verdict).value]).toEqual([0, 'chưa đạt']);
  });
});
