import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';

const rowsOf = (html: string): string[] => [...html.matchAll(/<tr data-log="([^"]+)"/g)].map((m) => m[1]!);

/** The scenario's log of village A in August (Fixture ids run in insertion order: A's logs are log-1 … log-8). */
const A_AUGUST = 'log-8';

describe('web logs table and repairs', () => {
  it('lists the commune\'s live and cancelled logs, filtered by village and dates', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const all = await agent.get('/web/place/x/logs').expect(200);
    // A 8, B 6, C 7 (one cancelled), D 2.
    expect(rowsOf(all.text)).toHaveLength(23);
    const b = await agent.get('/web/place/x/logs?village=x.b').expect(200);
    expect(rowsOf(b.text)).toHaveLength(6);
    const summer = await agent.get('/web/place/x/logs?from=2026-06-01&to=2026-07-31').expect(200);
    // June and July: A, B, C, D each 2.
    expect(rowsOf(summer.text)).toHaveLength(8);
    await agent.get('/web/place/y/logs').expect(403);
  });

  it('cancels a log through the same use-case as HUY: the log, the grid and the audit column change', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const before = await agent.get('/web/place/x').expect(200);
    expect(before.text).toMatch(/<tr data-place="x.a">[\s\S]*?data-month="2026-08">1</);
    const page = await agent.get('/web/place/x/logs').expect(200);
    const done = await agent
      .post(`/web/logs/${A_AUGUST}/cancel`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), back: '/web/place/x/logs' })
      .expect(303);
    expect(decodeURIComponent(String(done.headers.location))).toContain('notice=Đã hủy');
    const log = await h.core.repos.logs.byId(A_AUGUST);
    expect(log?.cancelledAt).not.toBeNull();
    expect(log?.history).toEqual([expect.objectContaining({ action: 'cancel', by: SCENARIO.officer.id, role: 'officer' })]);
    const after = await agent.get('/web/place/x').expect(200);
    expect(after.text).toMatch(/<tr data-place="x.a">[\s\S]*?data-month="2026-08">0</);
    const logs = await agent.get('/web/place/x/logs?village=x.a').expect(200);
    expect(logs.text).toMatch(/<tr data-log="log-8" class="cancelled">[\s\S]*?Đã hủy[\s\S]*?Phan Thị Oanh hủy ngày 2026-08-20/);
  });

  it('corrects a log and keeps what it said before', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/logs').expect(200);
    await agent
      .post(`/web/logs/${A_AUGUST}/correct`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), back: '/web/place/x/logs', participants: '50', form: 'loa', date: '2026-08-12' })
      .expect(303);
    const log = (await h.core.repos.logs.byId(A_AUGUST))!;
    expect({ participants: log.participants, form: log.form }).toEqual({ participants: 50, form: 'loa' });
    expect(log.history?.[0]).toMatchObject({ action: 'correct', by: SCENARIO.officer.id, before: { participants: 20, form: 'hop' } });
    const logs = await agent.get('/web/place/x/logs?village=x.a').expect(200);
    expect(logs.text).toContain('Phan Thị Oanh sửa ngày 2026-08-20 (trước: 20 người, họp thôn, 2026-08-12)');
  });

  it('refuses a repair without the CSRF token, or of a log outside the officer\'s commune', async () => {
    const h = await webHarness();
    const other = await signedIn(h, SCENARIO.otherOfficer);
    const page = await other.get('/web/place/y/logs').expect(200);
    await other.post(`/web/logs/${A_AUGUST}/cancel`).type('form').send({ back: '/web/place/y/logs' }).expect(403);
    await other.post(`/web/logs/${A_AUGUST}/cancel`).type('form').send({ _csrf: csrfOf(page.text), back: '/web/place/y/logs' }).expect(403);
    expect((await h.core.repos.logs.byId(A_AUGUST))?.cancelledAt).toBeNull();
  });
});
