/**
 * Issue 21, observation 14 (what was left): `?p=garbage` on the web silently
 * showed the default period. A period the page cannot read, or one that has not
 * begun, is said in Vietnamese with the period shown instead (status 400, the
 * whole page as the way back); a download never falls back to another period.
 */
import { SCENARIO } from './scenario';
import { signedIn, webHarness } from './harness';

/** The page's notice of a period not understood. */
function problemOf(html: string): string | null {
  return /<p class="error" role="alert" data-testid="problem">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
}

describe('a period the web page cannot read', () => {
  it('says the period was not understood and that August 2026 is shown, never echoing what was typed', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    for (const p of ['garbage', 'month:2026-13', 'quarter:2026-Q5', 'week:2026-W30', '<b>x</b>']) {
      const page = await agent.get(`/web/place/x?p=${encodeURIComponent(p)}`).expect(400);
      expect({ p, problem: problemOf(page.text) }).toEqual({ p, problem: 'Không hiểu kỳ báo cáo trong đường dẫn. Đang hiển thị: tháng 8/2026 (01/08–20/08).' });
      expect(page.text).not.toContain('garbage');
      // The page below is the default period's, as its own heading says.
      expect(page.text).toContain('Trong kỳ: tháng 8/2026 (01/08–20/08)');
    }
  });

  it('says a period that has not begun is not shown, and which one is', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x?p=month:2026-09').expect(400);
    expect(problemOf(page.text)).toBe('Kỳ báo cáo trong đường dẫn chưa bắt đầu. Đang hiển thị: tháng 8/2026 (01/08–20/08).');
  });

  it('shows a period it reads without any notice', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x?p=month:2026-04').expect(200);
    expect(problemOf(page.text)).toBeNull();
  });

  it('refuses a download for a period it cannot read instead of sending the default period’s file', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    for (const path of ['export.xlsx', 'grid.svg', 'report.docx']) {
      const res = await agent.get(`/web/place/x/${path}?p=garbage`).expect(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
  });
});
