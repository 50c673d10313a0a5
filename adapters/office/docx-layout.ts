import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IBorderOptions,
} from 'docx';
import type { ReportBlock, ReportDocument, ReportDocumentWriter } from '../../core/report/report-document';

/*
 * The layout rules of Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức và kỹ thuật
 * trình bày văn bản hành chính), as summarised e.g. at
 * https://luatvietnam.vn/tin-van-ban-moi/huong-dan-moi-ve-cach-trinh-bay-van-ban-hanh-chinh-186-24146-article.html
 * Where the decree gives a range, the choice and its reason are next to the value.
 */

/** Phụ lục I, I.1: khổ A4 (210 × 297 mm), trình bày theo chiều dài. In twips rounded to nearest, as Word writes A4 (`convertMillimetersToTwip` rounds down). */
const mmToTwip = (mm: number): number => Math.round((mm * 1440) / 25.4);
export const A4 = { width: mmToTwip(210), height: mmToTwip(297) };

/**
 * Phụ lục I, I.4: lề trên, dưới 20–25 mm; trái 30–35 mm; phải 15–20 mm. The
 * low end of each range: the per-village table has six columns and the widest
 * text column (the village's name) must not wrap on a portrait page.
 */
export const MARGINS_MM = { top: 20, bottom: 20, left: 30, right: 15 };

/** Phụ lục I, I.3: phông Times New Roman (Unicode, TCVN 6909:2001), màu đen. */
export const FONT = 'Times New Roman';

/** Sizes in points. docx wants half-points: `pt * 2`. */
const PT = {
  /** Phụ lục I, II.6: nội dung cỡ 13–14. 14: the size most commune offices type their reports in, and easier to read on a phone preview. */
  body: 14,
  /** Quốc hiệu cỡ 12–13 (II.1): 12, so `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM` stays on one line in its half of the page. */
  nation: 12,
  /** Tiêu ngữ cỡ 13–14 (II.1): 13, one step above the Quốc hiệu as is customary. */
  motto: 13,
  /** Tên cơ quan cỡ 12–13 (II.2): 13, the same as the Số line under it. */
  issuer: 13,
  /** Số, ký hiệu cỡ 13 (II.3). */
  number: 13,
  /** Địa danh, ngày tháng cỡ 13–14, nghiêng (II.4): 14, like the body. */
  placeDate: 14,
  /** Tên loại, trích yếu cỡ 13–14, đứng, đậm (II.5): 14. */
  title: 14,
  /** Tables are not ruled by the decree; 12 keeps six columns legible on A4. */
  table: 12,
  /** `Nơi nhận:` cỡ 12 nghiêng đậm; the list cỡ 11 (II.9). */
  recipientsLabel: 12,
  recipients: 11,
  /** Quyền hạn, chức vụ người ký cỡ 13–14, đậm (II.7): 14. */
  signer: 14,
  /** Số trang cỡ 13–14 (I.5): 13. */
  page: 13,
};

/** Phụ lục I, II.6: lùi đầu dòng 1–1,27 cm (1,27: Word's own default tab); đoạn cách nhau tối thiểu 6 pt; dòng từ đơn đến 1,5. */
const FIRST_LINE = mmToTwip(12.7);
const AFTER = 6 * 20;
/** 1.15 lines (240 = single): inside the decree's single-to-1.5 range, what Word uses by default. */
const LINE = 276;

/** Paragraph styles of table cells (see `tableBlock`). */
const TABLE_TEXT = 'LoaTable';
const TABLE_BOLD = 'LoaTableBold';
const TABLE_STYLES = [
  { id: TABLE_TEXT, name: 'Loa table', run: { font: FONT, size: PT.table * 2 }, paragraph: { spacing: { before: 40, after: 40 } } },
  { id: TABLE_BOLD, name: 'Loa table bold', basedOn: TABLE_TEXT, run: { font: FONT, size: PT.table * 2, bold: true }, paragraph: { spacing: { before: 40, after: 40 } } },
];

const CONTENT_WIDTH = A4.width - mmToTwip(MARGINS_MM.left + MARGINS_MM.right);
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };

interface RunStyle {
  size: number;
  bold?: boolean;
  italics?: boolean;
}

function run(text: string, style: RunStyle): TextRun {
  return new TextRun({ text, font: FONT, size: style.size * 2, ...(style.bold ? { bold: true } : {}), ...(style.italics ? { italics: true } : {}) });
}

/** Centred lines (header, title, signer): 1.1 lines, so stacked diacritics of two lines never touch. */
function centred(text: string, style: RunStyle, after = 0, before = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { before, after, line: 264 }, children: [run(text, style)] });
}

/**
 * A centred horizontal rule (nét liền) `length` twips long: an empty paragraph
 * with a bottom border, narrowed by equal indents. II.1: under the Tiêu ngữ, as
 * long as that line; II.2 and II.5: under the issuer and the trích yếu, 1/3 to 1/2 of the line.
 */
function rule(width: number, length: number): Paragraph {
  const side = Math.max(0, Math.round((width - length) / 2));
  return new Paragraph({ indent: { left: side, right: side }, spacing: { after: 120, line: 120, lineRule: 'exact' }, border: { bottom: LINE_BORDER }, children: [] });
}

function cell(children: Paragraph[], width: number, borders = false): TableCell {
  return new TableCell({ children, width: { size: width, type: WidthType.DXA }, ...(borders ? {} : { borders: { top: NONE, bottom: NONE, left: NONE, right: NONE } }) });
}

/** Ô số 2/3 (left) and 1 (right) of the header, then ô 3 and 4: Số and the place-date line, as one borderless table. */
function headerTable(doc: ReportDocument): Table {
  const left = Math.round(CONTENT_WIDTH * 0.4);
  const right = CONTENT_WIDTH - left;
  const issuer = doc.issuer.map((line) => centred(line, { size: PT.issuer, bold: true }));
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([...issuer, rule(left, Math.round(left / 3))], left),
          cell([centred(doc.nation, { size: PT.nation, bold: true }), centred(doc.motto, { size: PT.motto, bold: true }), rule(right, Math.round(right * 0.62))], right),
        ],
      }),
      new TableRow({
        children: [cell([centred(doc.number, { size: PT.number }, 0, 60)], left), cell([centred(doc.placeDate, { size: PT.placeDate, italics: true }, 0, 60)], right)],
      }),
    ],
  });
}

/** `keepNext`: a heading stays on the page of what it heads (a table never starts a page headless). */
function bodyParagraph(text: string, style: Partial<RunStyle> = {}, keepNext = false): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    keepNext,
    spacing: { after: AFTER, line: LINE },
    indent: { firstLine: FIRST_LINE },
    children: [run(text, { size: PT.body, ...style })],
  });
}

function tableBlock(block: Extract<ReportBlock, { kind: 'table' }>): Table {
  const columns = block.header.length;
  const first = Math.round(CONTENT_WIDTH * 0.08);
  const text = Math.round(CONTENT_WIDTH * (columns > 4 ? 0.3 : columns > 3 ? 0.4 : 0.5));
  const rest = Math.floor((CONTENT_WIDTH - first - text) / Math.max(1, columns - 2));
  const widths = block.header.map((h, i) => (columns <= 3 && i === 0 && block.numeric[1] ? text + first : i === 0 ? first : i === 1 ? text : rest));
  const scale = CONTENT_WIDTH / widths.reduce((a, b) => a + b, 0);
  const sized = widths.map((w) => Math.floor(w * scale));
  // Cells name a paragraph style (font, size, spacing, bold) instead of carrying their own run
  // properties: the docx package builds every property as objects, and a province's 300-row table
  // then took most of the draft's time.
  const paragraph = (value: string | number, i: number, style: string): Paragraph =>
    new Paragraph({
      style,
      // Figures right-aligned; row numbers and non-figures in a figure column ('-', `chưa có dữ liệu`) centred; names left.
      alignment: block.numeric[i] && typeof value === 'number' ? AlignmentType.RIGHT : block.numeric[i] || (i === 0 && value !== '' && typeof value === 'number') ? AlignmentType.CENTER : AlignmentType.LEFT,
      children: [new TextRun(String(value))],
    });
  const row = (values: (string | number)[], style: string, header = false): TableRow =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      // Widths come from the table's grid (`columnWidths`, fixed layout): no per-cell width to build 1,800 times.
      children: values.map((v, i) => new TableCell({ children: [header ? new Paragraph({ style, alignment: AlignmentType.CENTER, children: [new TextRun(String(v))] }) : paragraph(v, i, style)] })),
    });
  const last = block.rows.length - 1;
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: sized,
    layout: TableLayoutType.FIXED,
    rows: [row(block.header, TABLE_BOLD, true), ...block.rows.map((r, i) => row(r, block.total === true && i === last ? TABLE_BOLD : TABLE_TEXT))],
  });
}

function blockContent(block: ReportBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
    case 'subheading':
      return [bodyParagraph(block.text, { bold: true }, true)];
    case 'paragraph':
      return [bodyParagraph(block.text)];
    case 'placeholder':
      return [
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { after: AFTER, line: LINE },
          indent: { firstLine: FIRST_LINE },
          children: [new TextRun({ text: block.text, font: FONT, size: PT.body * 2, italics: true, highlight: 'yellow' })],
        }),
      ];
    case 'table':
      return [tableBlock(block), new Paragraph({ spacing: { after: AFTER }, children: [] })];
  }
}

/** II.9 (Nơi nhận, left) and II.7 (signer, right), side by side as the decree's ô 9a/9b and 7a/7b. */
function closingTable(doc: ReportDocument): Table {
  const left = Math.round(CONTENT_WIDTH * 0.45);
  const right = CONTENT_WIDTH - left;
  const recipients = [
    new Paragraph({ children: [run(doc.recipients.label, { size: PT.recipientsLabel, bold: true, italics: true })] }),
    ...doc.recipients.lines.map((line) => new Paragraph({ children: [run(line, { size: PT.recipients })] })),
  ];
  const signer = [
    centred(doc.signer.mandate, { size: PT.signer, bold: true }),
    centred(doc.signer.title, { size: PT.signer, bold: true }, 1600),
    centred(doc.signer.name, { size: PT.body, italics: true }),
  ];
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [cell(recipients, left), cell(signer, right)] })],
  });
}

/**
 * I.5: số trang bằng chữ số Ả Rập, cỡ 13–14, đứng, canh giữa ở lề trên,
 * không hiển thị số trang thứ nhất: a first-page header left empty (`titlePage`).
 */
function pageHeaders(doc: ReportDocument): { default: Header; first: Header } {
  const label = doc.pageLabel ? [new TextRun({ text: `${doc.pageLabel} `, font: FONT, size: PT.page * 2 })] : [];
  return {
    default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [...label, new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PT.page * 2 })] })] }),
    first: new Header({ children: [new Paragraph({ children: [] })] }),
  };
}

/** The BAOCAO draft as a .docx, in the layout of Nghị định 30/2020/NĐ-CP (see the constants above). */
export const writeDocx: ReportDocumentWriter = async (doc) => {
  const titleRule = Math.round(CONTENT_WIDTH / 3);
  const document = new Document({
    creator: 'Loa',
    title: `${doc.type} ${doc.title}`,
    styles: { default: { document: { run: { font: FONT, size: PT.body * 2 } } }, paragraphStyles: TABLE_STYLES },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: A4,
            margin: {
              top: mmToTwip(MARGINS_MM.top),
              bottom: mmToTwip(MARGINS_MM.bottom),
              left: mmToTwip(MARGINS_MM.left),
              right: mmToTwip(MARGINS_MM.right),
              header: mmToTwip(10),
            },
          },
        },
        headers: pageHeaders(doc),
        children: [
          headerTable(doc),
          new Paragraph({ spacing: { after: 240 }, children: [] }),
          centred(doc.type, { size: PT.title, bold: true }),
          centred(doc.title, { size: PT.title, bold: true }),
          rule(CONTENT_WIDTH, titleRule),
          centred(doc.draftNote, { size: PT.table, italics: true }, 240),
          ...doc.blocks.flatMap(blockContent),
          new Paragraph({ spacing: { after: 240 }, children: [] }),
          closingTable(doc),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
};
