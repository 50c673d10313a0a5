import { createI18n } from '../../core/i18n/i18n';
import { draftReport, type DraftReportResult } from '../../core/report/draft-report';
import type { PeriodRef } from '../../core/language/commands';
import type { OpenStorage } from '../../adapters/store/open-storage';
import { writeReportDocx } from '../../adapters/office/docx-report-writer';
import { STORES } from '../core/numbers/stores';
import { onStore } from '../../tools/harness/on-store';
import { all, openDocx, textOf, type OpenedDocx, type XmlNode } from './docx-reader';
import { ASKED, seedScenario } from './scenario';

/** Millimetres to twips (1 inch = 25.4 mm = 1440 twips), the unit of `w:pgMar`. */
const twips = (mm: number): number => (mm * 1440) / 25.4;

const attr = (node: XmlNode, name: string): number => Number(node.attributes[name]);

describe.each(STORES)('the BAOCAO draft on %s', (_name, openStore) => {
  let store: OpenStorage;
  const i18n = createI18n();
  beforeAll(async () => {
    store = await openStore();
    await seedScenario(store);
  }, 60_000);
  afterAll(async () => {
    await store.close();
  });

  async function draft(placeId: string, period: PeriodRef): Promise<{ result: Extract<DraftReportResult, { ok: true }>; docx: OpenedDocx }> {
    const { repos, engine } = onStore(store);
    const result = await draftReport({ engine, i18n, writer: writeReportDocx, places: repos.places }, { placeId, period, now: ASKED });
    if (!result.ok) throw new Error(`no draft for ${placeId}`);
    return { result, docx: await openDocx(result.buffer) };
  }

  it('is an A4 page with the margins, font and page numbers of Nghị định 30/2020', async () => {
    const { docx } = await draft('ke-sat', { kind: 'half', key: '2026-H1' });
    const size = all(docx.body, 'w:pgSz')[0]!;
    expect([attr(size, 'w:w'), attr(size, 'w:h')]).toEqual([Math.round(twips(210)), Math.round(twips(297))]);
    const margin = all(docx.body, 'w:pgMar')[0]!;
    const mm = (name: string): number => Math.round((attr(margin, name) * 25.4) / 1440);
    expect({ top: mm('w:top'), bottom: mm('w:bottom'), left: mm('w:left'), right: mm('w:right') }).toEqual({ top: 20, bottom: 20, left: 30, right: 15 });
    // Every run names Times New Roman, and so does the default style; the body is 14 pt (28 half-points).
    const fonts = new Set(all(docx.body, 'w:rFonts').map((f) => f.attributes['w:ascii']));
    expect([...fonts]).toEqual(['Times New Roman']);
    expect(all(docx.styles, 'w:rFonts').some((f) => f.attributes['w:ascii'] === 'Times New Roman')).toBe(true);
    const intro = all(docx.body, 'w:p').find((p) => textOf(p).startsWith('Thực hiện'))!;
    expect(all(intro, 'w:sz').map((s) => s.attributes['w:val'])).toContain('28');
    expect(all(intro, 'w:ind')[0]!.attributes['w:firstLine']).toBe(String(Math.round(twips(12.7))));
    expect(all(intro, 'w:spacing')[0]!.attributes['w:after']).toBe('120');
    // No number on page 1 (a distinct, empty first-page header), the page number centred on the others.
    expect(all(docx.body, 'w:titlePg')).toHaveLength(1);
    const headers = Object.values(docx.headers);
    expect(headers.map((h) => all(h, 'w:instrText').map((t) => t.text.trim()).join(''))).toEqual(expect.arrayContaining(['PAGE', '']));
  });

  it('heads a commune report with its committee, the nation, a blank number and the place-date line in italics', async () => {
    const { docx, result } = await draft('ke-sat', { kind: 'half', key: '2026-H1' });
    expect(docx.tables[0]).toEqual([
      ['ỦY BAN NHÂN DÂNXÃ KẺ SẮT', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc'],
      ['Số:        /BC-UBND', 'Kẻ Sắt, ngày      tháng      năm 2027'],
    ]);
    const dateRun = all(docx.body, 'w:r').find((r) => textOf(r).startsWith('Kẻ Sắt, ngày'))!;
    expect(all(dateRun, 'w:i')).toHaveLength(1);
    const typeRun = all(docx.body, 'w:r').find((r) => textOf(r) === 'BÁO CÁO')!;
    expect(all(typeRun, 'w:b')).toHaveLength(1);
    expect(docx.paragraphs).toEqual(
      expect.arrayContaining([
        'BÁO CÁO',
        'Kết quả công tác tuyên truyền phòng, chống mại dâm 6 tháng đầu năm 2026',
        'I. KẾT QUẢ THỰC HIỆN',
        'II. ĐÁNH GIÁ',
        'III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026',
        'IV. KIẾN NGHỊ, ĐỀ XUẤT',
        'Thời gian thực hiện kế hoạch: từ tháng 01/2026 đến tháng 12/2026.',
      ]),
    );
    expect(docx.paragraphs.filter((p) => p === '[Cán bộ viết nội dung phần này. Loa không tự viết nhận định.]')).toHaveLength(2);
    expect(docx.tables.at(-1)).toEqual([
      ['Nơi nhận:- UBND thành phố Hải Phòng (để báo cáo);- ..........;- Lưu: VT.', 'TM. ỦY BAN NHÂN DÂNCHỦ TỊCH(Ký, ghi rõ họ tên)'],
    ]);
    expect([result.document.fileName, result.document.asciiFileName]).toEqual(['Báo cáo tuyên truyền Xã Kẻ Sắt 2026-H1.docx', 'Bao-cao-tuyen-truyen-Xa-Ke-Sat-2026-H1.docx']);
  });

  it("fills a commune's H1/2026 with the hand-worked figures", async () => {
    const { docx } = await draft('ke-sat', { kind: 'half', key: '2026-H1' });
    // January–June (closed on 30/06): A, B and C are counted, D joined on 01/07. A held every month; B missed June
    // after five months in a row (its streak broke); C stopped after March. 1 of 3 maintained, target 100% = 3.
    expect(docx.paragraphs).toContain('Thôn duy trì hằng tháng: 1/3 thôn, chỉ tiêu 3 thôn (100%), còn thiếu 2 thôn.');
    expect(docx.paragraphs).toContain(
      'Cách tính: một thôn được tính là duy trì thường xuyên khi có ít nhất một buổi trong mỗi tháng đã qua, từ đầu kế hoạch (hoặc từ khi thôn vào danh sách) đến ngày 30/06/2026.',
    );
    const [, forms, groups, units, levels, compare] = docx.tables;
    // hop: A 6 + B 5 + C 3 = 14 sessions × 20 = 280; truong 120 (A, 20/05); loa 45 (B, 15/03); the commune's taphuan 15;
    // its press item is an item, no session and no one (listed by level below).
    expect(forms).toEqual([
      ['TT', 'Hình thức', 'Số buổi', 'Lượt người'],
      ['1', 'họp thôn', '14', '280'],
      ['2', 'loa truyền thanh', '1', '45'],
      ['3', 'tập huấn', '1', '15'],
      ['4', 'tại trường học', '1', '120'],
      ['', 'Tổng cộng', '17', '460'],
    ]);
    expect(groups).toEqual([
      ['TT', 'Đối tượng', 'Lượt người'],
      ['1', 'nhân dân', '280'],
      ['2', 'học sinh, sinh viên', '120'],
      ['3', 'thanh niên', '45'],
      ['4', 'cán bộ', '15'],
    ]);
    // A: 6 hop + truong = 7 sessions, 120 + 120 = 240; B: 5 hop + loa = 6, 100 + 45 = 145; C: 3, 60; the commune itself: 1 session (taphuan), 15 people.
    expect(units).toEqual([
      ['TT', 'Thôn', 'Số buổi', 'Lượt người', 'Số tháng có buổi', 'Đánh giá'],
      ['1', 'Thôn A', '7', '240', '6', 'Đạt'],
      ['2', 'Thôn B', '6', '145', '5', 'Chưa đạt (gián đoạn)'],
      ['3', 'Thôn C', '3', '60', '3', 'Chưa đạt'],
      ['4', 'Thôn D', '0', '0', '0', 'Chưa tính'],
      ['', 'Do xã tự tổ chức', '1', '15', '', ''],
      ['', 'Tổng cộng', '17', '460', '', ''],
    ]);
    expect(levels).toEqual([
      ['Cấp', 'Tin, bài (báo, đài)', 'Buổi tập huấn', 'Lượt cán bộ'],
      ['Xã', '1', '1', '15'],
    ]);
    // H1/2025: only A's 02/03/2025 session, 30 people.
    expect(compare).toEqual([
      ['Nội dung', 'Kỳ này', 'Cùng kỳ năm trước'],
      ['Số buổi tuyên truyền', '17', '1'],
      ['Lượt người được tuyên truyền', '460', '30'],
      ['Số thôn có buổi tuyên truyền', '3', '1'],
    ]);
    expect(docx.paragraphs).toEqual(
      expect.arrayContaining([
        '- 2/3 thôn chưa đạt chỉ tiêu Thôn duy trì: Thôn B, Thôn C.',
        '- 1 thôn đã duy trì nhưng bị gián đoạn ở tháng gần nhất: Thôn B.',
        '- Tất cả 3 thôn đều có buổi tuyên truyền trong kỳ.',
      ]),
    );
    expect(docx.paragraphs.find((p) => p.startsWith('Số liệu được tổng hợp'))).toContain('bắt đầu từ ngày 01/03/2025');
  });

  it("fills a province's NAM 2026 with every target in its own unit and each commune's row", async () => {
    const { docx } = await draft('thai-nguyen', { kind: 'year', key: '2026' });
    expect(docx.tables[0]![0]![0]).toBe('ỦY BAN NHÂN DÂNTỈNH THÁI NGUYÊN');
    // Quarters held: X1 Q1–Q4 (Feb, May, Aug–Sep, Nov), X2 Q1 only, X3 none. 70% of 3 = 3 (rounded up).
    expect(docx.paragraphs).toContain('Xã duy trì hằng quý: 1/3 xã, chỉ tiêu 3 xã (70%), còn thiếu 2 xã.');
    expect(docx.paragraphs).toEqual(
      expect.arrayContaining([
        // Press items every month but March: 11 of 12 months.
        '- báo, đài ít nhất 1 lần mỗi tháng: 11 tháng; chỉ tiêu 12 tháng; còn thiếu 1 tháng.',
        '- lao động dịch vụ được tuyên truyền: 0 lượt người; chưa nhập mẫu số.',
        // Provincial staff: 50 attendances at training, goal 70% of 100 = 70 people. District and commune staff: X1's 20, 50% of 40 = 20 people
        // (the hamlet's 30 villagers do not count). The targets are written in people and the plan does not read them in attendances:
        // the figure is context, never a verdict (issue 21, units never mixed).
        '- Cán bộ được tập huấn (tỉnh): 50 lượt người; chỉ tiêu 70 người; không đo được số người từ nhật ký (nhật ký đếm lượt người, không đếm người).',
        '- Cán bộ được tập huấn (huyện, xã): 20 lượt người; chỉ tiêu 20 người; không đo được số người từ nhật ký (nhật ký đếm lượt người, không đếm người).',
        '- 2/3 xã chưa đạt chỉ tiêu Xã duy trì: Xã X2, Xã X3.',
        '- 1/3 xã không có buổi tuyên truyền nào trong kỳ: Xã X3.',
        'III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027',
      ]),
    );
    const [, forms, groups, units, levels, compare] = docx.tables;
    // hop 4 (Xóm X1) + 1 (Xóm X2) × 20; taphuan 50 + 20 + 30; the 11 press items are items (by level below), no sessions.
    expect(forms).toEqual([
      ['TT', 'Hình thức', 'Số buổi', 'Lượt người'],
      ['1', 'họp thôn', '5', '100'],
      ['2', 'tập huấn', '3', '100'],
      ['', 'Tổng cộng', '8', '200'],
    ]);
    expect(groups).toEqual([
      ['TT', 'Đối tượng', 'Lượt người'],
      ['1', 'cán bộ', '100'],
      ['2', 'nhân dân', '100'],
    ]);
    // X1: 4 hop + the hamlet's taphuan + X1's own taphuan = 6 sessions, 80 + 30 + 20 = 130, in Feb, May, Aug, Sep, Nov.
    expect(units).toEqual([
      ['TT', 'Xã', 'Số buổi', 'Lượt người', 'Số tháng có buổi', 'Đánh giá'],
      ['1', 'Xã X1', '6', '130', '5', 'Đạt'],
      ['2', 'Xã X2', '1', '20', '1', 'Chưa đạt'],
      ['3', 'Xã X3', '0', '0', '0', 'Chưa đạt'],
      ['', 'Do tỉnh, huyện tự tổ chức', '1', '50', '', ''],
      ['', 'Tổng cộng', '8', '200', '', ''],
    ]);
    expect(levels).toEqual([
      ['Cấp', 'Tin, bài (báo, đài)', 'Buổi tập huấn', 'Lượt cán bộ'],
      ['Tỉnh', '11', '1', '50'],
      ['Xã', '0', '1', '20'],
      ['Thôn', '0', '1', '30'],
    ]);
    // 2025: Xóm X3's one session of 40.
    expect(compare).toEqual([
      ['Nội dung', 'Kỳ này', 'Cùng kỳ năm trước'],
      ['Số buổi tuyên truyền', '8', '1'],
      ['Lượt người được tuyên truyền', '200', '40'],
      ['Số xã có buổi tuyên truyền', '2', '1'],
    ]);
  });

  it("fills a district's NAM 2026 without a plan, and says there was no data the year before", async () => {
    const { docx } = await draft('thai-nguyen.dai-tu', { kind: 'year', key: '2026' });
    expect(docx.tables[0]![0]![0]).toBe('ỦY BAN NHÂN DÂNHUYỆN ĐẠI TỪ');
    expect(docx.paragraphs).toEqual(
      expect.arrayContaining([
        'Chưa có kế hoạch nào được nạp cho Huyện Đại Từ: báo cáo chỉ nêu số liệu ghi nhận, không so với chỉ tiêu.',
        'Kế hoạch không có chỉ tiêu đo được từ số liệu ghi nhận.',
        '- Tất cả 2 xã đều có buổi tuyên truyền trong kỳ.',
      ]),
    );
    const [, forms, , units, levels, compare] = docx.tables;
    expect(forms).toEqual([
      ['TT', 'Hình thức', 'Số buổi', 'Lượt người'],
      ['1', 'họp thôn', '5', '100'],
      ['2', 'tập huấn', '2', '50'],
      ['', 'Tổng cộng', '7', '150'],
    ]);
    expect(units).toEqual([
      ['TT', 'Xã', 'Số buổi', 'Lượt người', 'Số tháng có buổi', 'Đánh giá'],
      ['1', 'Xã X1', '6', '130', '5', 'Có hoạt động'],
      ['2', 'Xã X2', '1', '20', '1', 'Có hoạt động'],
      ['', 'Tổng cộng', '7', '150', '', ''],
    ]);
    expect(levels).toEqual([
      ['Cấp', 'Tin, bài (báo, đài)', 'Buổi tập huấn', 'Lượt cán bộ'],
      ['Xã', '0', '1', '20'],
      ['Thôn', '0', '1', '30'],
    ]);
    expect(compare).toEqual([
      ['Nội dung', 'Kỳ này', 'Cùng kỳ năm trước'],
      ['Số buổi tuyên truyền', '7', 'chưa có dữ liệu'],
      ['Lượt người được tuyên truyền', '150', 'chưa có dữ liệu'],
      ['Số xã có buổi tuyên truyền', '2', 'chưa có dữ liệu'],
    ]);
  });

  it('gives the same headline figure as CHITIEU for the same period', async () => {
    const { engine } = onStore(store);
    const chitieu = await engine.report('ke-sat', ASKED, { period: 'half', key: '2026-H1', daily: false });
    const { result } = await draft('ke-sat', { kind: 'half', key: '2026-H1' });
    const target = chitieu!.plans[0]!.targets[0]!;
    expect([result.figures.headline!.result.value, result.figures.headline!.result.goal, result.figures.headline!.result.gap]).toEqual([target.value, target.goal, target.gap]);
    expect([target.value, target.goal, target.gap]).toEqual([1, 3, 2]);
  });
});
