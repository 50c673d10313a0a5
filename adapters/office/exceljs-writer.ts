import type * as ExcelJsModule from 'exceljs';
import type { Workbook } from '../../core/officer/workbook';

let excelJs: typeof ExcelJsModule | undefined;
/** exceljs on first use, not at start: loading it costs ~35 MB of RSS that a server never exporting would carry. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const loadExcelJs = (): typeof ExcelJsModule => (excelJs ??= require('exceljs') as typeof ExcelJsModule);

/** Writes the core's workbook with exceljs: bold headers, dates as dd/mm/yyyy. */
export async function writeXlsx(book: Workbook): Promise<Buffer> {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = book.creator;
  workbook.created = book.created;
  for (const sheet of book.sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    worksheet.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.date ? { style: { numFmt: 'dd/mm/yyyy' } } : {}) }));
    for (const row of sheet.rows) worksheet.addRow(row);
    worksheet.getRow(1).font = { bold: true };
    if (sheet.freezeHeader) worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
