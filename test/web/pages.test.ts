import ExcelJS from 'exceljs';
import request from 'supertest';
import { SCENARIO, EXPECTED_X } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';

/** The grid table's cells, row by row, as the page shows them ('' for months not counted). */
function gridCells(html: string): Record<string, string[]> {
  const table = /<table class="grid"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  const rows: Record<string, string[]> = {};
  for (const row of table.matchAll(/<tr data-place="([^"]+)">([\s\S]*?)<\/tr>/g)) {
    rows[row[1]!] = [...row[2]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!);
  }
  return rows;
}

describe('web place pages', () => {
  it('shows the commune\'s village × month grid, most recent month first, with the sessions counted by hand and each village\'s state in words', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x').expect(200);
    const cells = gridCells(page.text);
    for (const [village, months] of Object.entries(EXPECTED_X)) {
      const expected = months.map((n) => (n === null ? '' : String(n))).reverse();
      expect({ village, cells: cells[village] }).toEqual({ village, cells: expected });
    }
    // B missed April, C's only March log was cancelled, E joined in August and has held none: no one is "broken" for a month not over yet.
    expect(page.text).toMatch(/Thôn A<br><span class="state state-regular" data-testid="state">đang duy trì<\/span>/);
    expect(page.text).toMatch(/Thôn B<br><span class="state state-broken" data-testid="state">gián đoạn từ T4<\/span>/);
    expect(page.text).toMatch(/Thôn C<br><span class="state state-broken" data-testid="state">gián đoạn từ T3<\/span>/);
    expect(page.text).toMatch(/Thôn D<br><span class="state state-regular" data-testid="state">đang duy trì<\/span>/);
    expect(page.text).toMatch(/Thôn E<br><span class="state state-never" data-testid="state">chưa có buổi nào<\/span>/);
    // Headline: villages maintained every month since the plan began, 2 (A, D) of 5; the goal 100% = 5.
    expect(page.text).toContain('data-testid="headline-rule">2/5 thôn có buổi mỗi tháng từ 01/2026</p>');
    expect(page.text).toContain('Chỉ tiêu: 100% = 5 thôn');
    expect(page.text).toContain('<td class="warn">còn thiếu 3</td>');
  });

  it('lets an officer see only their own commune', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const other = await agent.get('/web/place/y').expect(403);
    expect(other.text).toContain('nằm ngoài phạm vi của bạn');
    await agent.get('/web/place/tinh').expect(403);
    await agent.get('/web/place/y/grid.png').expect(403);
    await agent.get('/web/place/y/export.xlsx').expect(403);
  });

  it('gives an admin the communes as rows, furthest behind this month first, with a breadcrumb down to a commune', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.admin);
    const province = await agent.get('/web/place/tinh').expect(200);
    const cells = gridCells(province.text);
    // A village counts from the month it joined: D from June, E from August. August: X 1 of 5 (A), Y 1 of 1.
    expect(Object.keys(cells)).toEqual(['x', 'y']);
    // Most recent month first.
    expect(cells.x).toEqual(['3/3', '3/3', '2/3', '2/3', '3/3', '4/4', '4/4', '1/5'].reverse());
    expect(cells.y).toEqual(['1/1', '0/1', '0/1', '0/1', '0/1', '0/1', '0/1', '1/1'].reverse());
    const commune = await agent.get('/web/place/x').expect(200);
    expect(commune.text).toMatch(/<a href="\/web\/place\/tinh">Tỉnh Thử<\/a>[\s\S]*aria-current="page">Xã X</);
  });

  it('shows collaborators\' phones in full only to the officer of that commune', async () => {
    const h = await webHarness();
    const officer = await (await signedIn(h, SCENARIO.officer)).get('/web/place/x').expect(200);
    expect(officer.text).toContain('Ngô Thị Nga (+84905000105)');
    const admin = await (await signedIn(h, SCENARIO.admin)).get('/web/place/x').expect(200);
    expect(admin.text).toContain('Ngô Thị Nga (+8490****105)');
    expect(admin.text).not.toContain('+84905000105');
  });

  it('reports a past month as of its last day', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const april = await agent.get('/web/place/x?p=month:2026-04').expect(200);
    // April: A and C held one session each (B skipped April), 20 people each.
    expect(april.text).toMatch(/data-testid="sessions">2</);
    expect(april.text).toMatch(/data-testid="attendances">40</);
    await agent.get('/web/place/x?p=month:2026-09').expect(400);
  });

  it('serves the grid as SVG and PNG and the XUAT workbook for the chosen period', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const svg = await agent.get('/web/place/x/grid.svg').expect(200).expect('content-type', /image\/svg\+xml/);
    expect(String(svg.body ?? svg.text)).toContain('<svg');
    const png = await agent.get('/web/place/x/grid.png').buffer(true).expect(200).expect('content-type', 'image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      const stream = res as unknown as NodeJS.ReadableStream;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    };
    const xlsx = await agent.get('/web/place/x/export.xlsx?p=quarter:2026-Q2').buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-disposition']).toContain('loa-x-2026-Q2.xlsx');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    // The "Kênh" column names the door in words (the fixture's logs came by SMS), not the code `sms`.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.worksheets.find((w) => (w.getRow(1).values as unknown[]).includes('Kênh'))!;
    const column = (sheet.getRow(1).values as unknown[]).indexOf('Kênh');
    const channels = new Set<unknown>();
    sheet.eachRow((row, n) => void (n > 1 && channels.add(row.getCell(column).value)));
    expect([...channels]).toEqual(['SMS']);
  });

  it('sends a page without any script and with a strict content security policy', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x').expect(200);
    expect(page.text).not.toContain('<script');
    expect(page.headers['content-security-policy']).toContain("script-src 'none'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
