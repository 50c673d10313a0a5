import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './exceljs-writer';
import { MAX_ROSTER_ROWS, type RosterFile } from '../../core/roster/roster-file';

export { MAX_ROSTER_ROWS };


const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The roster's text as CSV, from a `.csv` file or the first sheet of an
 * `.xlsx`: the import stays the one all-or-nothing CSV import, and a sheet's
 * line numbers are its row numbers (a blank row is skipped, as a blank line
 * of a CSV is, and the rows after it then count without it). Anything else (`.xls`, `.ods`, a PDF, a
 * binary renamed `.csv`) is refused by name, never guessed at.
 */
export async function rosterCsvOf(file: { originalname: string; buffer: Buffer }): Promise<RosterFile> {
  const name = file.originalname.toLowerCase();
  const zipped = file.buffer.subarray(0, 4).equals(ZIP_MAGIC);
  if (name.endsWith('.xlsx')) return zipped ? xlsxToCsv(file.buffer) : { ok: false, error: 'unreadable_xlsx' };
  if (!name.endsWith('.csv') && !name.endsWith('.txt')) return { ok: false, error: 'file_type' };
  if (zipped || file.buffer.includes(0)) return { ok: false, error: 'file_type' };
  return { ok: true, csv: file.buffer.toString('utf8'), kind: 'csv' };
}

/** More columns than any roster has: the rest of a row is not read. */
const MAX_ROSTER_COLUMNS = 64;

/**
 * The first sheet, row by row with exceljs's streaming reader: a sheet of
 * more than {@link MAX_ROSTER_ROWS} rows is refused as soon as its row
 * number passes the limit, before the rest is unpacked (a 1 MB zip can hold
 * a sheet of 400,000 rows, which the in-memory reader took 1.1 GB to load).
 * Limit: shared strings are read whole before the rows (as the format puts
 * them); a worksheet stored before them is spooled to a temporary file.
 */
async function xlsxToCsv(buffer: Buffer): Promise<RosterFile> {
  const input = Readable.from([buffer]);
  const reader = new (loadExcelJs().stream.xlsx.WorkbookReader)(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const lines: string[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (row.number > MAX_ROSTER_ROWS) return { ok: false, error: 'too_many_rows' };
        while (lines.length < row.number - 1) lines.push(''); // blank rows are not emitted: keep the row numbers
        const count = Math.min(row.cellCount, MAX_ROSTER_COLUMNS);
        const cells = Array.from({ length: count }, (_, c) => cellText(row.getCell(c + 1)));
        lines.push(cells.every((c) => c === '') ? '' : cells.map(csvField).join(','));
      }
      break; // the first sheet only
    }
  } catch {
    return { ok: false, error: 'unreadable_xlsx' };
  } finally {
    input.destroy();
  }
  if (lines.every((l) => l === '')) return { ok: false, error: 'empty_xlsx' };
  return { ok: true, csv: lines.join('\n'), kind: 'xlsx' };
}

/** What the cell shows: a date as `dd/mm/yyyy` (the roster's `since` format), a formula as its result, rich text as its text. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'object' && 'error' in value) return '';
  return cell.text.trim();
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
