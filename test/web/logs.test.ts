import type { Place } from '../../core/domain/places';
import { Fixture } from '../core/indicators/fixtures';
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

  it('shows 50 logs a page, newest first, with previous and next links that keep the filters, and a repair returns to its page', async () => {
    const h = await webHarness();
    // 100 more sessions in village E (10 a day, 10–19 Aug): with the scenario's 23, 123 logs in X.
    const more = new Fixture('more');
    const e = (await h.core.repos.places.get('x.e')) as Place;
    for (let day = 10; day <= 19; day++) for (let i = 0; i < 10; i++) more.log(e, `2026-08-${day}`, { participants: 5 });
    await more.insert(h.store);
    const agent = await signedIn(h, SCENARIO.officer);
    const pagerOf = (html: string) => ({
      previous: /<a rel="prev" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null,
      next: /<a rel="next" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null,
    });
    const pages = [await agent.get('/web/place/x/logs').expect(200)];
    expect(pagerOf(pages[0]!.text)).toEqual({ previous: null, next: '/web/place/x/logs?page=2' });
    pages.push(await agent.get('/web/place/x/logs?page=2').expect(200));
    expect(pagerOf(pages[1]!.text)).toEqual({ previous: '/web/place/x/logs', next: '/web/place/x/logs?page=3' });
    expect(pages[1]!.text).toContain('Trang 2: buổi 51–100, mới nhất trước');
    pages.push(await agent.get('/web/place/x/logs?page=3').expect(200));
    expect(pagerOf(pages[2]!.text)).toEqual({ previous: '/web/place/x/logs?page=2', next: null });
    const rows = pages.map((p) => rowsOf(p.text));
    expect(rows.map((r) => r.length)).toEqual([50, 50, 23]);
    expect(new Set(rows.flat()).size).toBe(123);
    // Newest first: all of page 1 is E's August logs, and the scenario's January logs are on the last page.
    expect(rows[0]!.every((id) => id.startsWith('more-'))).toBe(true);
    expect(rows[2]).toContain('log-1');

    const e2 = await agent.get('/web/place/x/logs?village=x.e&page=2').expect(200);
    expect(rowsOf(e2.text)).toHaveLength(50);
    expect(pagerOf(e2.text)).toEqual({ previous: '/web/place/x/logs?village=x.e', next: null });
    // A repair form on page 2 sends the officer back to page 2 with the same filter.
    expect(e2.text).toContain('name="back" value="/web/place/x/logs?village=x.e&amp;page=2"');
    // A page past the end is empty, with the way back.
    const past = await agent.get('/web/place/x/logs?page=9').expect(200);
    expect(rowsOf(past.text)).toHaveLength(0);
    expect(pagerOf(past.text).previous).toBe('/web/place/x/logs?page=8');
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
    expect(String(done.headers.location)).toBe(`/web/place/x/logs?notice=log_cancelled&log=${A_AUGUST}`);
    expect((await agent.get(String(done.headers.location)).expect(200)).text).toContain('<p class="notice" role="status">Đã hủy buổi #');
    const log = await h.core.repos.logs.byId(A_AUGUST);
    expect(log?.cancelledAt).not.toBeNull();
    expect(log?.history).toEqual([expect.objectContaining({ action: 'cancel', by: SCENARIO.officer.id, role: 'officer' })]);
    const after = await agent.get('/web/place/x').expect(200);
    expect(after.text).toMatch(/<tr data-place="x.a">[\s\S]*?data-month="2026-08">0</);
    const logs = await agent.get('/web/place/x/logs?village=x.a').expect(200);
    expect(logs.text).toMatch(/<tr data-log="log-8" class="cancelled"[^>]*>[\s\S]*?Đã hủy[\s\S]*?Phan Thị Oanh hủy ngày 20\/08\/2026/);
  });

  it('corrects a log and keeps what it said before', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const list = await agent.get('/web/place/x/logs?village=x.a').expect(200);
    // Each row links to the page with its own correction form open; the list itself carries none.
    expect(list.text).not.toContain('data-testid="correct"');
    expect(list.text).toContain(`href="/web/place/x/logs?village=x.a&amp;edit=${A_AUGUST}#log-${A_AUGUST}"`);
    const page = await agent.get(`/web/place/x/logs?village=x.a&edit=${A_AUGUST}`).expect(200);
    expect([...page.text.matchAll(/<form method="post" action="\/web\/logs\/([^/]+)\/correct"/g)].map((m) => m[1])).toEqual([A_AUGUST]);
    await agent
      .post(`/web/logs/${A_AUGUST}/correct`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), back: '/web/place/x/logs?village=x.a', participants: '50', form: 'loa', date: '2026-08-12' })
      .expect(303);
    const log = (await h.core.repos.logs.byId(A_AUGUST))!;
    expect({ participants: log.participants, form: log.form }).toEqual({ participants: 50, form: 'loa' });
    expect(log.history?.[0]).toMatchObject({ action: 'correct', by: SCENARIO.officer.id, before: { participants: 20, form: 'hop' } });
    const logs = await agent.get('/web/place/x/logs?village=x.a').expect(200);
    expect(logs.text).toContain('Phan Thị Oanh sửa ngày 20/08/2026 (trước: 20 người, họp thôn, 12/08/2026)');
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
