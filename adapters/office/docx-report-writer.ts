import type { ReportDocumentWriter } from '../../core/report/report-document';

type Layout = typeof import('./docx-layout');
let layout: Layout | undefined;

/**
 * The BAOCAO draft as a .docx (layout and its Nghị định 30/2020 rules in
 * `docx-layout.ts`). The docx package is loaded on first use, not at start,
 * as exceljs is: a server that never drafts a report does not load it.
 */
export const writeReportDocx: ReportDocumentWriter = (document) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  layout ??= require('./docx-layout') as Layout;
  return layout.writeDocx(document);
};
