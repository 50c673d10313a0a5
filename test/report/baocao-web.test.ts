import { SCENARIO } from '../web/scenario';
import { signedIn, webHarness } from '../web/harness';
import { attachmentHeader } from '../../core/content-disposition';
import { openDocx } from './docx-reader';

/** Collects a binary body (supertest parses only text by default). */
const binary = (res: NodeJS.ReadableStream & { setEncoding?: unknown }, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('the report button on the web place page', () => {
  it('is on the page, labelled for the period shown', async () => {
    const h = await webHarness();
    const page = await (await signedIn(h, SCENARIO.officer)).get('/web/place/x?p=quarter:2026-Q2').expect(200);
    expect(page.text).toMatch(/<a class="button" href="\/web\/place\/x\/report\.docx\?p=quarter(:|%3A)2026-Q2" download>Tải bản thảo báo cáo \(Word\) – /);
  });

  it('downloads the draft with a Vietnamese file name and an ASCII fallback', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const res = await agent.get('/web/place/x/report.docx?p=quarter:2026-Q2').buffer(true).parse(binary as never).expect(200);
    expect(res.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Bao-cao-tuyen-truyen-Xa-X-2026-Q2.docx"; filename*=UTF-8''${encodeURIComponent('Báo cáo tuyên truyền Xã X 2026-Q2.docx')}`,
    );
    const docx = await openDocx(res.body as Buffer);
    expect(docx.paragraphs).toContain('Kết quả công tác tuyên truyền phòng, chống mại dâm quý 2 năm 2026');
  });

  it("refuses a place outside the viewer's scope", async () => {
    const h = await webHarness();
    await (await signedIn(h, SCENARIO.officer)).get('/web/place/y/report.docx').expect(403);
  });

  it('escapes what a header cannot carry in the fallback name', () => {
    expect(attachmentHeader('Báo "cáo".docx')).toBe(`attachment; filename="Bao _cao_.docx"; filename*=UTF-8''B%C3%A1o%20%22c%C3%A1o%22.docx`);
  });
});
