import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * A small .xlsx that unpacks to a huge sheet: `rows` identical roster rows
 * (shared strings, so the zip stays small), written with exceljs's
 * streaming writer so that making it does not itself take the memory.
 */
export async function rosterBomb(rows: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false, zip: { zlib: { level: 9 } } });
  const sheet = book.addWorksheet('Danh sách');
  sheet.addRow(['kind', 'id', 'name', 'code', 'parent', 'aliases', 'phone', 'telegram_id', 'language']).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(['village', 'x.bomb', 'Thôn Bom', 'BOM', 'x', '', '', '', '']).commit();
  sheet.commit();
  await book.commit();
  return Buffer.concat(chunks);
}
