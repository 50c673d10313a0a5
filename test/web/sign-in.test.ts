import request from 'supertest';
import { createLogger } from '../../adapters/log/pino-logger';
import { SCENARIO } from './scenario';
import { csrfOf, webHarness, type WebHarness } from './harness';


/** Signs in through the fake door; returns the agent holding the session cookie. */
async function signIn(h: WebHarness, person: { id: string; phone: string }) {
  const agent = request.agent(h.app);
  const form = await agent.get('/web/login').expect(200);
  const sent = await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: person.phone.replace('+84', '0') }).expect(200);
  const code = h.door.codeFor(person.id);
  const done = await agent.post('/web/login/code').type('form').send({ _csrf: csrfOf(sent.text), phone: person.phone, code });
  return { agent, done };
}

describe('web sign-in by a one-time code', () => {
  it('sends a 6-digit code through the officer\'s own door and opens their commune page after it is typed', async () => {
    const h = await webHarness();
    const { agent, done } = await signIn(h, SCENARIO.officer);
    expect(done.status).toBe(303);
    expect(h.door.codeFor(SCENARIO.officer.id)).toMatch(/^\d{6}$/);
    const cookie = String(done.headers['set-cookie']);
    expect(cookie).toMatch(/loa_session=[^;]+;.*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const home = await agent.get('/web').expect(303);
    expect(home.headers.location).toBe('/web/place/x');
    const page = await agent.get('/web/place/x').expect(200);
    expect(page.text).toContain('Xã X');
  });

  it('marks every cookie Secure (and the CSRF cookie __Host-) and sends HSTS in production', async () => {
    const h = await webHarness({ secure: true });
    const res = await request(h.app).get('/web/login').expect(200);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure/);
    expect(cookies.some((c) => c.startsWith('__Host-loa.csrf='))).toBe(true);
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('sends a collaborator no code, with the answer every number gets (it tells nobody who is on the roster)', async () => {
    const h = await webHarness();
    const agent = request.agent(h.app);
    const form = await agent.get('/web/login');
    const res = await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: SCENARIO.collaborator.phone });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Nếu số này được phép đăng nhập');
    expect(h.door.sent).toHaveLength(0);
  });

  it('refuses a wrong code and says how many tries are left', async () => {
    const h = await webHarness();
    const agent = request.agent(h.app);
    const form = await agent.get('/web/login');
    const sent = await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: SCENARIO.officer.phone });
    const wrong = h.door.codeFor(SCENARIO.officer.id) === '000000' ? '111111' : '000000';
    const res = await agent.post('/web/login/code').type('form').send({ _csrf: csrfOf(sent.text), phone: SCENARIO.officer.phone, code: wrong });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Còn 4 lần thử');
    await agent.get('/web/place/x').expect(303).expect('location', '/web/login');
  });

  it('refuses a sign-in form posted without its CSRF token', async () => {
    const h = await webHarness();
    const agent = request.agent(h.app);
    await agent.get('/web/login');
    const res = await agent.post('/web/login').type('form').send({ phone: SCENARIO.officer.phone });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Biểu mẫu đã hết hạn hoặc không hợp lệ');
    expect(h.door.sent).toHaveLength(0);
  });

  it('ends the session on sign-out', async () => {
    const h = await webHarness();
    const { agent } = await signIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x').expect(200);
    await agent.post('/web/logout').type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    await agent.get('/web/place/x').expect(303).expect('location', '/web/login');
  });

  it('ends the session at once when the officer is removed from the roster', async () => {
    const h = await webHarness();
    const { agent } = await signIn(h, SCENARIO.officer);
    await agent.get('/web/place/x').expect(200);
    await h.core.repos.people.remove(SCENARIO.officer.id);
    await agent.get('/web/place/x').expect(303).expect('location', '/web/login?ended=revoked');
  });

  it('ends the session after 12 hours', async () => {
    const h = await webHarness();
    const { agent } = await signIn(h, SCENARIO.officer);
    h.clock.advance(12 * 3_600_000 + 1000);
    await agent.get('/web/place/x').expect(303).expect('location', '/web/login?ended=expired');
  });

  it('limits sign-in attempts per address, whichever browser or phone they name', async () => {
    const h = await webHarness({ loginsPerAddress: 3 });
    const statuses: number[] = [];
    for (const phone of ['0905999001', '0905999002', '0905999003', SCENARIO.officer.phone]) {
      const agent = request.agent(h.app); // a fresh browser each time: a new cookie does not reset the limit
      const form = await agent.get('/web/login');
      statuses.push((await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(h.door.sent).toHaveLength(0);
  });

  it('counts an address\'s attempts in the store: a second Loa process on it shares the limit, and the next 15-minute window starts afresh', async () => {
    const first = await webHarness({ loginsPerAddress: 2 });
    const second = await webHarness({ loginsPerAddress: 2, store: first.store, seed: false });
    const attempt = async (h: typeof first): Promise<number> => {
      const agent = request.agent(h.app);
      const form = await agent.get('/web/login');
      return (await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: '0905999001' })).status;
    };
    expect([await attempt(first), await attempt(second), await attempt(first)]).toEqual([200, 200, 429]);
    second.clock.advance(15 * 60_000);
    expect(await attempt(second)).toBe(200);
  });

  it('logs sign-in attempts with masked phones only', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const h = await webHarness({ logger });
    await signIn(h, SCENARIO.officer);
    const attempts = lines.filter((l) => l.includes('web sign-in attempt'));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.join('\n')).toContain('+8490****201');
    expect(lines.join('\n')).not.toContain(SCENARIO.officer.phone);
  });
});

describe('web forms across processes', () => {
  it('accepts a form served by one Loa process in another on the same store (one CSRF secret in the store)', async () => {
    const first = await webHarness();
    const second = await webHarness({ store: first.store, seed: false });
    const agent = request.agent(first.app);
    const form = await agent.get('/web/login').expect(200);
    // The same browser (its cookies) posts the form to the other process.
    const jar = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const res = await request(second.app).post('/web/login').set('Cookie', jar).type('form').send({ _csrf: csrfOf(form.text), phone: SCENARIO.officer.phone });
    expect(res.status).toBe(200);
    expect(second.door.sent).toHaveLength(1);
  });
});
