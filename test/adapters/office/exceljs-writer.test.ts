import ExcelJS from 'exceljs';
import type { Workbook } from '../../../core/officer/workbook';
import { writeXlsx } from '../../../adapters/office/exceljs-writer';

const BOOK: Workbook = {
  creator: 'Loa',
  created: new Date('2026-11-20T00:00:00.000Z'),
  sheets: [
    {
      name: 'Buổi tuyên truyền',
      columns: [
        { key: 'date', header: 'Ngày', width: 12, date: true },
        { key: 'n', header: 'Số người', width: 10 },
      ],
      rows: [{ date: new Date('2026-11-03T00:00:00.000Z'), n: 45 }, {}, { n: 7 }],
      freezeHeader: true,
    },
    { name: 'Thôn', columns: [{ key: 'village', header: 'Thôn', width: 22 }], rows: [{ village: 'Thôn Đông' }] },
  ],
};

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('the xlsx writer', () => {
  it('writes every sheet in order with its header row and its rows, blank lines kept', async () => {
    const workbook = await readBack(await writeXlsx(BOOK));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Buổi tuyên truyền', 'Thôn']);
    const sessions = workbook.getWorksheet('Buổi tuyên truyền')!;
    expect(sessions.getRow(1).values).toEqual([undefined, 'Ngày', 'Số người']);
    expect(sessions.getRow(2).values).toEqual([undefined, new Date('2026-11-03T00:00:00.000Z'), 45]);
    expect(sessions.getRow(3).cellCount).toBe(0);
    expect(sessions.getRow(4).values).toEqual([undefined, undefined, 7]);
    expect(workbook.getWorksheet('Thôn')!.getCell('A2').value).toBe('Thôn Đông');
  });

  it('keeps dates as dates shown dd/mm/yyyy, headers bold, and freezes the header only where asked', async () => {
    const workbook = await readBack(await writeXlsx(BOOK));
    const sessions = workbook.getWorksheet('Buổi tuyên truyền')!;
    expect(sessions.getCell('A2').numFmt).toBe('dd/mm/yyyy');
    expect(sessions.getCell('B2').numFmt).toBeUndefined();
    expect(sessions.getRow(1).font?.bold).toBe(true);
    expect(sessions.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((workbook.getWorksheet('Thôn')!.views ?? []).some((v) => v.state === 'frozen')).toBe(false);
    expect(sessions.getColumn(1).width).toBe(12);
    expect(workbook.creator).toBe('Loa');
  });
});
