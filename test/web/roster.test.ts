import ExcelJS from 'exceljs';
import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';

const HEADER = 'kind,id,name,code,parent,aliases,phone,telegram_id,language';

/** A real .xlsx: the rows on the first sheet (a second sheet that must be ignored), as Excel would save it. */
async function workbook(rows: Array<Array<string | number | Date | null>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  for (const row of rows) sheet.addRow(row);
  book.addWorksheet('Ghi chú').addRow(['kind', 'id']).commit();
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The problem lines of a refused upload, as the browser shows them (entities decoded). */
const problemsOf = (html: string): string[] =>
  [...(/<ul data-testid="problems">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));

describe('web roster upload', () => {
  it('imports an officer\'s file for their commune and lists the new people', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const csv = [HEADER, 'village,x.f,Thôn F,F,x,,,,', 'collaborator,,Trần Văn Phong,,x.f,,0905 000 106,,vi'].join('\n');
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'roster.csv').expect(200);
    expect(res.text).toContain('Đã nhập danh sách: 1 địa bàn, 1 người.');
    expect(res.text).toContain('Trần Văn Phong');
    expect(res.text).toContain('+84905000106'); // the commune's own officer sees the full number
    expect((await h.core.repos.people.findByPhone('+84905000106'))?.role).toEqual({ kind: 'collaborator', placeId: 'x.f' });
  });

  it('writes nothing and lists the lines when a row lies outside the officer\'s commune or adds an officer', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const csv = [HEADER, 'village,x.g,Thôn G,G,x,,,,', 'village,y.b,Thôn Y Hai,YB,y,,,,', 'officer,,Cán Bộ Mới,,x,,0905 000 777,,vi'].join('\n');
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'roster.csv').expect(400);
    expect(res.text).toContain('Không nhập gì cả');
    expect(problemsOf(res.text)).toEqual(['Dòng 3 – Thôn Y Hai: địa bàn cấp trên "y" nằm ngoài Xã X, địa bàn bạn quản lý.', 'Dòng 4 – Cán Bộ Mới, Xã X: chỉ quản trị viên mới thêm được cán bộ xã.']);
    expect(await h.core.repos.places.get('x.g')).toBeNull();
  });

  it('says the import\'s own problems of a bad CSV in Vietnamese, each with its line', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const csv = [HEADER, 'village,x.m,Thôn M,M,x,,,,', 'village,x.m,Thôn M lần hai,M2,x,,,,', 'village,x.n,Thôn N,M,x,,,,', 'collaborator,,Lê Văn Nam,,x.m,,0905 12,,vi', 'collaborator,,Không Số,,x.m,,,,vi'].join('\n');
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'roster.csv').expect(400);
    expect(problemsOf(res.text)).toEqual([
      'Dòng 3 – Thôn M lần hai: mã "x.m" đã dùng cho Thôn M ở dòng 2.',
      'Dòng 4 – Thôn N: mã viết tắt M đã dùng cho Thôn M (dòng 2) dưới Xã X.',
      'Dòng 5 – Lê Văn Nam, Thôn M: "0905 12" không phải số điện thoại.',
      'Dòng 6 – Không Số, Thôn M: cần số điện thoại hoặc mã Telegram để Loa liên lạc.',
    ]);
    expect(await h.core.repos.places.get('x.m')).toBeNull();
  });

  it('refuses an upload without the CSRF token', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const csv = [HEADER, 'village,x.h,Thôn H,H,x,,,,'].join('\n');
    await agent.post('/web/place/x/roster').attach('file', Buffer.from(csv), 'roster.csv').expect(403);
    expect(await h.core.repos.places.get('x.h')).toBeNull();
  });

  it('does not let a multipart body slip past the CSRF check of any other form', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    await agent.post('/web/logs/log-8/cancel').field('back', '/web/place/x/logs').expect(403);
    await agent.post('/web/logout').field('x', '1').expect(403);
    expect((await h.core.repos.logs.byId('log-8'))?.cancelledAt).toBeNull();
  });

  it('imports the first sheet of an .xlsx the same way: a phone typed as a number, a date cell for "since"', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const file = await workbook([
      [...HEADER.split(','), 'since'],
      ['village', 'x.f', 'Thôn F', 'F', 'x', 'Xóm Phố; F', null, null, null, new Date(Date.UTC(2026, 6, 1))],
      ['collaborator', null, 'Trần Văn Phong', null, 'x.f', null, 905000106, null, 'vi'],
    ]);
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', file, 'danh-sach.xlsx').expect(200);
    expect(res.text).toContain('Đã nhập danh sách: 1 địa bàn, 1 người.');
    expect((await h.core.repos.people.findByPhone('+84905000106'))?.role).toEqual({ kind: 'collaborator', placeId: 'x.f' });
    const village = await h.core.repos.places.get('x.f');
    // The date cell reaches the import as 01/07/2026, the roster's own way of writing it.
    expect(village).toMatchObject({ name: 'Thôn F', parentId: 'x', aliases: ['Xóm Phố', 'F'], since: '2026-07-01' });
  });

  it('writes nothing from an .xlsx with a wrong row and names its row number in the page', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const file = await workbook([HEADER.split(','), ['village', 'x.g', 'Thôn G', 'G', 'x'], ['collaborator', null, 'Lê Thị Hoa', null, 'x.g', null, 'không có', null, 'vi'], ['village', 'y.c', 'Thôn Y Ba', 'YC', 'y']]);
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', file, 'danh-sach.xlsx').expect(400);
    expect(res.text).toContain('Không nhập gì cả');
    // Every problem at once: the bad phone on row 3 and the row outside the commune on row 4.
    expect(problemsOf(res.text)).toEqual(['Dòng 3 – Lê Thị Hoa, Thôn G: "không có" không phải số điện thoại.', 'Dòng 4 – Thôn Y Ba: địa bàn cấp trên "y" nằm ngoài Xã X, địa bàn bạn quản lý.']);
    expect(await h.core.repos.places.get('x.g')).toBeNull();
    // With the out-of-scope row gone, the bad phone on row 3 is the one problem left.
    const fixed = await workbook([HEADER.split(','), ['village', 'x.g', 'Thôn G', 'G', 'x'], ['collaborator', null, 'Lê Thị Hoa', null, 'x.g', null, 'không có', null, 'vi']]);
    const again = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', fixed, 'danh-sach.xlsx').expect(400);
    expect(problemsOf(again.text)).toEqual(['Dòng 3 – Lê Thị Hoa, Thôn G: "không có" không phải số điện thoại.']);
    expect(await h.core.repos.places.get('x.g')).toBeNull();
  });

  it('refuses any other file clearly: an .xls, a PDF, a zip renamed .csv, a damaged .xlsx', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const xlsx = await workbook([HEADER.split(','), ['village', 'x.k', 'Thôn K', 'K', 'x']]);
    const cases: Array<[Buffer, string, string]> = [
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'cu.xls', 'chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)'],
      [Buffer.from('%PDF-1.7\n'), 'danh-sach.pdf', 'chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)'],
      [xlsx, 'danh-sach.csv', 'chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)'],
      [xlsx.subarray(0, 200), 'hong.xlsx', 'không đọc được tệp .xlsx này'],
    ];
    for (const [buffer, name, text] of cases) {
      const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', buffer, name).expect(400);
      expect({ name, shown: /data-testid="file-error">([^<]*)</.exec(res.text)?.[1] ?? '' }).toEqual({ name, shown: expect.stringContaining(text) });
    }
    expect(await h.core.repos.places.get('x.k')).toBeNull();
  });
});
