/**
 * The BAOCAO draft as structure, every text already rendered in the reader's
 * language: the core decides what the report says, the adapter (`office/`)
 * only lays it out in the state's format. Keeping the model free of layout
 * lets a test check every figure without opening a Word file.
 */
export type ReportCell = string | number;

export type ReportBlock =
  /** `I. KẾT QUẢ THỰC HIỆN`: a section of the report. */
  | { kind: 'heading'; text: string }
  /** `1. Chỉ tiêu chính`: a numbered part of a section. */
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** Text the officer must replace (parts III and IV): shown so it cannot be missed. */
  | { kind: 'placeholder'; text: string }
  /** `numeric` marks the columns that hold figures (right-aligned). The last row is a total when `total` is set. */
  | { kind: 'table'; header: string[]; rows: ReportCell[][]; numeric: boolean[]; total?: boolean };

export interface ReportDocument {
  /** Vietnamese file name (with diacritics) and its ASCII fallback, both ending in `.docx`. */
  fileName: string;
  asciiFileName: string;
  /** The issuing body's name on the left, one line each (`ỦY BAN NHÂN DÂN`, `XÃ KẺ SẮT`). */
  issuer: string[];
  /** `Số:      /BC-UBND`, the number left blank for the clerk. */
  number: string;
  nation: string;
  motto: string;
  /** `Kẻ Sắt, ngày … tháng … năm 2026`. */
  placeDate: string;
  /** Tên loại (`BÁO CÁO`) and trích yếu. */
  type: string;
  title: string;
  /** A line under the title that says this is a draft and as of when. */
  draftNote: string;
  blocks: ReportBlock[];
  recipients: { label: string; lines: string[] };
  signer: { mandate: string; title: string; name: string };
  /** Shown before the page number in the header of pages 2 onwards (empty for the number alone). */
  pageLabel: string;
}

/** Writes the draft as a Word file. The adapter lives in `office/` (the `docx` package). */
export type ReportDocumentWriter = (document: ReportDocument) => Promise<Buffer>;

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
