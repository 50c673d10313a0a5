/** A spreadsheet cell: dates stay dates, so a spreadsheet can sort and sum them. */
export type CellValue = string | number | Date | null | undefined;

export interface WorkbookColumn {
  key: string;
  header: string;
  /** In characters. */
  width: number;
  /** Shown as a day (dd/mm/yyyy). */
  date?: boolean;
}

export interface WorkbookSheet {
  name: string;
  columns: WorkbookColumn[];
  /** Keyed by column; an empty row is a blank line. */
  rows: Record<string, CellValue>[];
  /** Keep the header row in view while scrolling. */
  freezeHeader?: boolean;
}

/** What a workbook holds, in the core's words; the header row of each sheet is bold. */
export interface Workbook {
  creator: string;
  created: Date;
  sheets: WorkbookSheet[];
}

/** Writes a workbook as an .xlsx file (the composition root gives exceljs, in `xlsx/`). */
export type XlsxWriter = (book: Workbook) => Promise<Buffer>;
