import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parseConfig } from '../../app/config';
import { csrfOf } from '../web/harness';
import { buildRuntime, type ServerRuntime } from '../../app/runtime';

// The one line: the fake door joins the registry (app/doors.ts) exactly as a real door's entry would.
jest.mock('../../app/doors', () => ({ DOORS: [...jest.requireActual('../../app/doors').DOORS, jest.requireActual('../fixtures/fake-door/plugin').fakeDoor] }));

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'fake-door-secret-0123';
const COLLABORATOR = '0905000101'; // Thôn Đông, demo roster
const OFFICER = '0905000201'; // Kẻ Sắt's officer, demo roster

let loa: ServerRuntime;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-fake-door-'));
  const config = parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', FAKE_DOOR_SECRET: SECRET, LOA_MESSAGES_PER_MINUTE: '1000' });
  loa = await buildRuntime(config, 'test');
  base = `http://127.0.0.1:${await loa.start()}`;
});

afterAll(async () => {
  await loa.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function send(from: string, text: string, secret = SECRET): Promise<{ status: number; reply: string | null }> {
  const res = await fetch(`${base}/fake-door`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-fake-door-secret': secret }, body: JSON.stringify({ from, text }) });
  return { status: res.status, reply: res.status === 200 ? ((await res.json()) as { reply: string | null }).reply : null };
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|json|md)$/.test(e.name) ? [rel] : [];
  });
}

describe('a door added as one folder and one line in the registry', () => {
  it('takes a TT from a collaborator over HTTP, stores it under its own channel and answers in its declared style (SMS-like)', async () => {
    const { status, reply } = await send(COLLABORATOR, 'TT 45 hop thon');
    expect(status).toBe(200);
    expect(reply).toMatch(/^Da ghi TT #[A-Z0-9]{4}: 45 nguoi, hop thon, nhan dan, Thon Dong, \d\d\/\d\d\./);
    const code = /#([A-Z0-9]{4})/.exec(reply!)![1]!;
    const person = await loa.core.repos.people.findByPhone('+84905000101');
    const log = await loa.core.repos.logs.ownByCode(person!._id, code);
    expect(log).toMatchObject({ channel: 'fakedoor', participants: 45, villageId: 'ke-sat.dong' });
  });

  it("answers the officer's TONGHOP with the session just logged", async () => {
    const { reply } = await send(OFFICER, 'TONGHOP');
    // By hand: this week holds the one log above, 45 people in Thôn Đông, one of Kẻ Sắt's 10 villages.
    expect(reply).toMatch(/^Xa Ke Sat tuan \d+ .*\. 1 buoi, 45 luot nguoi\. Thon co buoi thang \d+: 1\/10, chua: /);
    expect(reply).not.toContain('Dong,');
  });

  it("lets the officer pick the door's logs in the web logs filter: offered, selected, and only its log listed", async () => {
    // The sign-in code reaches no door here (the fake door does not send): in a test it is printed, as in development.
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    const agent = request.agent(loa.app);
    try {
      const login = await agent.get('/web/login').expect(200);
      const sent = await agent.post('/web/login').type('form').send({ _csrf: csrfOf(login.text), phone: OFFICER }).expect(200);
      const code = /: (\d{6})$/m.exec(printed.join(''))?.[1];
      await agent.post('/web/login/code').type('form').send({ _csrf: csrfOf(sent.text), phone: '+84905000201', code }).expect(303);
    } finally {
      write.mockRestore();
    }
    const page = await agent.get('/web/place/ke-sat/logs?channel=fakedoor').expect(200);
    expect(page.text).toContain('<option value="fakedoor" selected>fakedoor</option>');
    expect(page.text.match(/<tr data-log="/g)).toHaveLength(1);
    expect(page.text).toMatch(/<tr data-log="[^"]+" class="live"[^>]*>[\s\S]*?<td[^>]*>45<\/td>[\s\S]*?<td[^>]*>fakedoor<\/td>/);
    // Another door's filter does not list it.
    const sms = await agent.get('/web/place/ke-sat/logs?channel=sms').expect(200);
    expect(sms.text.match(/<tr data-log="/g)).toBeNull();
  });

  it('refuses a caller without its secret, read from its own setting', async () => {
    expect((await send(COLLABORATOR, 'TT 12 hop thon', 'wrong')).status).toBe(403);
  });

  it('needed no other file: nothing outside its folder and this test names it', () => {
    const named = ['app', 'core', 'bot', 'sms', 'web', 'adapters', 'locales', 'tools'].flatMap(sourceFiles).filter((file) => /fakedoor|fake-door|FAKE_DOOR/i.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(named).toEqual([]);
  });
});
