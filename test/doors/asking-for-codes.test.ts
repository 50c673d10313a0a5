import request from 'supertest';
import { accountOn } from '../../core/domain/people';
import { zaloTextUpdate } from '../../tools/harness/fake-zalo-api';
import { DEMO } from '../support/test-core';
import { csrfOf } from '../web/harness';
import { codeFrom, zaloWorld, type ZaloWorld } from '../bot/zalo/harness';

/**
 * Issue 20 item 3: asking for a code costs the asker, not the target. A
 * stranger asking for an officer's number neither locks the officer out nor
 * spends one SMS per request, and the answers do not tell who is on the roster.
 */
jest.setTimeout(60_000);

let w: ZaloWorld;
beforeEach(async () => {
  w = await zaloWorld();
});
afterEach(() => w.close());

/** One POST /web/login from a fresh browser (its own cookies); the page without what differs per request. */
async function askWeb(phone: string): Promise<{ status: number; page: string; agent: ReturnType<typeof request.agent> }> {
  const agent = request.agent(w.loa.app);
  const form = await agent.get('/web/login');
  const res = await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone });
  const page = res.text.replace(/name="_csrf" value="[^"]*"/g, '').replace(/name="phone" value="[^"]*"/g, '');
  return { status: res.status, page, agent };
}

async function say(userId: string, text: string): Promise<string> {
  const before = w.zalo.texts(userId).length;
  expect((await w.post(zaloTextUpdate(userId, text))).status).toBe(200);
  return w.zalo.texts(userId).slice(before).join('\n');
}

describe('web sign-in codes asked by strangers', () => {
  it('five requests for 0905000401 from fresh browsers send one SMS, and the officer still signs in with it', async () => {
    const officer = DEMO.otherOfficer;
    for (let i = 0; i < 5; i++) expect((await askWeb('0905000401')).status).toBe(200);
    expect(w.smsTo(officer.phone)).toHaveLength(1);

    const real = await askWeb('0905000401');
    expect(real.status).toBe(200);
    expect(w.smsTo(officer.phone)).toHaveLength(1);
    const page = await real.agent.get('/web/login');
    const signedIn = await real.agent.post('/web/login/code').type('form').send({ _csrf: csrfOf(page.text), phone: officer.phone, code: codeFrom(w.smsTo(officer.phone)) });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers['location']).toBe('/web');
  });

  it('gives the same answer for an unknown number, a collaborator and an officer', async () => {
    const unknown = await askWeb('0905999999');
    const collaborator = await askWeb('0905000101');
    const officer = await askWeb('0905000201');
    expect(officer.status).toBe(200);
    expect(unknown.status).toBe(officer.status);
    expect(collaborator.status).toBe(officer.status);
    expect(unknown.page).toBe(officer.page);
    expect(collaborator.page).toBe(officer.page);
    expect(officer.page).toContain('Nếu số này được phép đăng nhập');
    expect(w.smsTo(DEMO.collaboratorDong.phone)).toHaveLength(0);
    expect(w.smsTo(DEMO.officer.phone)).toHaveLength(1);
  });

  it('refuses the eleventh code request from one address within the hour, whoever it names', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await askWeb(`0905999${String(100 + i)}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });
});

describe('DK <phone> from Zalo chats', () => {
  it('five DK 0905000201 from different chats send one SMS; the officer links with that code from his own chat', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push(await say(`zalo-stranger-${i}`, 'DK 0905000201'));
    expect(new Set(answers).size).toBe(1);
    expect(w.smsTo(DEMO.officer.phone)).toHaveLength(1);

    const own = 'zalo-officer-own';
    await say(own, 'DK 0905000201');
    expect(w.smsTo(DEMO.officer.phone)).toHaveLength(1);
    expect(await say(own, codeFrom(w.smsTo(DEMO.officer.phone)))).toMatch(/^Đã liên kết với /);
    expect(accountOn((await w.loa.core.repos.people.get(DEMO.officer.id))!, 'zalo')?.id).toBe(own);
  });

  it('answers an unknown number, a collaborator and an officer alike (numbers masked the same way)', async () => {
    const unknown = await say('zalo-a', 'DK 0905999201');
    const collaborator = await say('zalo-b', 'DK 0905000101');
    const officer = await say('zalo-c', 'DK 0905000201');
    const shape = (text: string) => text.replace(/090\*{4}\d{3}/, '<phone>');
    expect(shape(unknown)).toBe(shape(officer));
    expect(shape(collaborator)).toBe(shape(officer));
    expect(officer).toContain('Nếu số 090****201 có trong danh sách Loa');
  });
});
