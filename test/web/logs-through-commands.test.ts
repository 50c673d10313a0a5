import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';

/**
 * Issue 22: the logs page sends the same structured command the parser
 * produces through the command's own checks, so a correction or a new
 * session from the page is refused exactly where SUA and TT would refuse it.
 * The page words the refusal in its own terms (beside the field).
 */
const A_AUGUST = 'log-8';

describe('the logs page through the commands', () => {
  it('refuses a correction to a date older than the officer may enter (a year and a day), as SUA does, and keeps the log as it was', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get(`/web/place/x/logs?village=x.a&edit=${A_AUGUST}`).expect(200);
    // Asked on 20/08/2026: the officer's window (366 days) starts on 19/08/2025.
    const refused = await agent
      .post(`/web/logs/${A_AUGUST}/correct`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), back: '/web/place/x/logs?village=x.a', date: '2025-08-18' })
      .expect(400);
    expect(refused.text).toMatch(/id="d-log-8"[^>]*aria-invalid="true"/);
    // The page's own words for SUA's reason, with its values (the chat's would say "Nhắn SUA").
    expect(refused.text).toContain('Ngày 18/08/2025 đã quá 366 ngày: không nhập được buổi cũ hơn thế.');
    expect((await h.core.repos.logs.byId(A_AUGUST))!.date).toBe('2026-08-12');
    // The first day of the window is still accepted.
    await agent.post(`/web/logs/${A_AUGUST}/correct`).type('form').send({ _csrf: csrfOf(page.text), back: '/web/place/x/logs?village=x.a', date: '2025-08-19' }).expect(303);
    expect((await h.core.repos.logs.byId(A_AUGUST))!.date).toBe('2025-08-19');
  });
});
