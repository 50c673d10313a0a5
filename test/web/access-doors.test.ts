import request from 'supertest';
import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';

const formIdOf = (html: string): string => /name="formId" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Officer X holds commune x, under province tinh; x.a is a village of x, y the commune beside it. */
const PLACES = { own: 'x', child: 'x.a', sibling: 'y', parent: 'tinh' } as const;

describe('the access policy seen through the web door', () => {
  it('opens an officer\'s own place and its villages, and refuses the commune beside it and the province above, on every page', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const statuses: Record<string, number[]> = {};
    for (const [where, place] of Object.entries(PLACES)) {
      statuses[where] = [];
      for (const page of ['', '/logs', '/roster']) statuses[where]!.push((await agent.get(`/web/place/${place}${page}`)).status);
    }
    expect(statuses).toEqual({ own: [200, 200, 200], child: [200, 200, 200], sibling: [403, 403, 403], parent: [403, 403, 403] });
  });

  it('lets the province admin open both communes but shows collaborators\' phones masked', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.admin);
    await agent.get('/web/place/y').expect(200);
    const roster = await agent.get('/web/place/x/roster').expect(200);
    expect(roster.text).not.toContain(SCENARIO.collaborator.phone);
    const own = await (await signedIn(h, SCENARIO.officer)).get('/web/place/x/roster').expect(200);
    expect(own.text).toContain(SCENARIO.collaborator.phone);
  });

  it('gives a collaborator no web session at all', async () => {
    const h = await webHarness();
    const agent = request.agent(h.app);
    const form = await agent.get('/web/login');
    // Every number gets the same page (it tells nobody who is on the roster), and a collaborator is sent no code.
    await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: SCENARIO.collaborator.phone }).expect(200);
    expect(h.door.sent).toEqual([]);
    await agent.get(`/web/place/${SCENARIO.commune}`).expect(303);
  });

  it('does not take another commune\'s form id as this officer\'s saved log: the officer\'s own session is stored', async () => {
    const h = await webHarness();
    // Officer Y saves a session from their logs page with its form id.
    const other = await signedIn(h, SCENARIO.otherOfficer);
    const otherPage = await other.get('/web/place/y/logs').expect(200);
    const stolenId = formIdOf(otherPage.text);
    const ySent = { _csrf: csrfOf(otherPage.text), formId: stolenId, back: '/web/place/y/logs', village: 'y.a', date: '2026-08-19', participants: '7', form: 'loa' };
    await other.post('/web/place/y/logs').type('form').send(ySent).expect(303);
    // Officer X sends a different session with Y's form id.
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/logs').expect(200);
    const xSent = { _csrf: csrfOf(page.text), formId: stolenId, back: '/web/place/x/logs', village: 'x.e', date: '2026-08-19', participants: '12', form: 'hop' };
    const done = await agent.post('/web/place/x/logs').type('form').send(xSent).expect(303);
    // The notice names a log by id and is worded from the stored log on the page it leads to.
    const shown = await agent.get(String(done.headers.location)).expect(200);
    const notice = shown.text.match(/role="status"[^>]*>([^<]*)</)?.[1] ?? shown.text;
    expect(notice).toContain('12 người');
    expect(notice).not.toContain('Thôn Y Một');
    const stored = await h.core.repos.logs.table('x', { villageId: 'x.e', from: '2026-08-19', to: '2026-08-19' }, 10, 0);
    expect(stored.map((l) => ({ personId: l.personId, participants: l.participants }))).toEqual([{ personId: SCENARIO.officer.id, participants: 12 }]);
    // Y's own log is untouched: one session of 7 people.
    const yLogs = await h.core.repos.logs.table('y', { villageId: 'y.a', from: '2026-08-19', to: '2026-08-19' }, 10, 0);
    expect(yLogs.map((l) => ({ personId: l.personId, participants: l.participants }))).toEqual([{ personId: SCENARIO.otherOfficer.id, participants: 7 }]);
  });
});
