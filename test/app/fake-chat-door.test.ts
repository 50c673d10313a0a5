import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../app/config';
import { buildRuntime, type ServerRuntime } from '../../app/runtime';
import type { Person } from '../../core/domain/people';
import type { MessageSender } from '../../core/outbound/port';
import { reply } from '../../core/reply';

// The one line: a chat-account door joins the registry (app/doors.ts) exactly as a real door's entry would.
jest.mock('../../app/doors', () => ({ DOORS: [...jest.requireActual('../../app/doors').DOORS, jest.requireActual('../fixtures/fake-chat-door/plugin').fakeChatDoor] }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fakeChatOutbox } = jest.requireActual('../fixtures/fake-chat-door/plugin') as typeof import('../fixtures/fake-chat-door/plugin');

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'fake-chat-secret-0123';
const DONG = { phone: '+84905000101', user: 'chat-dong' }; // Thôn Đông's collaborator, demo roster
const OFFICER = { phone: '+84905000201', user: 'chat-officer' }; // Kẻ Sắt's officer, demo roster

/** The phones' SMS inbox: the one-time codes reach the roster numbers this way (a stand-in for an SMS provider). */
const sms: Array<{ phone: string; text: string }> = [];
const smsDoor: MessageSender = {
  channel: 'sms',
  canReach: (person: Person) => person.phone !== undefined,
  async send(person, text) {
    sms.push({ phone: person.phone!, text });
    return { ok: true, status: 'sent' };
  },
};

let loa: ServerRuntime;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-fake-chat-door-'));
  const config = parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', FAKE_CHAT_SECRET: SECRET, LOA_MESSAGES_PER_MINUTE: '1000' });
  loa = await buildRuntime(config, 'test', { senders: [smsDoor] });
  base = `http://127.0.0.1:${await loa.start()}`;
});

afterAll(async () => {
  await loa.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function say(user: string, text: string): Promise<string | null> {
  const res = await fetch(`${base}/fake-chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-fake-chat-secret': SECRET }, body: JSON.stringify({ user, text }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { reply: string | null }).reply;
}

/** `DK <phone>` from the chat, the code from that phone's SMS, typed back into the chat: the usual linking. */
async function link(who: { phone: string; user: string }): Promise<string | null> {
  expect(await say(who.user, `DK 0${who.phone.slice(3)}`)).toMatch(/^Nếu số 090\*\*\*\*\d{3} có trong danh sách Loa, mã 6 số đã được gửi/);
  const code = /(\d{6})/.exec(sms.filter((m) => m.phone === who.phone).at(-1)?.text ?? '')?.[1];
  expect(code).toBeDefined();
  return say(who.user, code!);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|json|md)$/.test(e.name) ? [rel] : [];
  });
}

describe('a chat-account door added as one folder and one line in the registry', () => {
  it('answers an account linked to nobody with the linking prompt, whatever it sends', async () => {
    expect(await say(DONG.user, 'TT 45 hop thon')).toBe('Chào bạn! Để dùng Loa, hãy nhắn DK và số điện thoại đã đăng ký với xã. VD: DK 0905123456');
  });

  it('links a collaborator with the one-time code sent to their roster phone, then takes their TT in full text under its own channel', async () => {
    expect(await link(DONG)).toMatch(/^Đã liên kết với /);
    const dong = await loa.core.repos.people.findByPhone(DONG.phone);
    expect(dong?.accounts).toEqual([{ door: 'fakechat', id: DONG.user }]);
    expect((await loa.core.repos.people.findByIdentity({ kind: 'account', door: 'fakechat', id: DONG.user }))?._id).toBe(dong!._id);

    const answer = await say(DONG.user, 'TT 45 hop thon');
    expect(answer).toMatch(/^Đã ghi TT #[A-Z0-9]{4}: 45 người, họp thôn, nhân dân, Thôn Đông, \d\d\/\d\d\./);
    const code = /#([A-Z0-9]{4})/.exec(answer!)![1]!;
    expect(await loa.core.repos.logs.ownByCode(dong!._id, code)).toMatchObject({ channel: 'fakechat', participants: 45, villageId: 'ke-sat.dong' });
  });

  it("answers the officer's TONGHOP, after the officer linked the same way, with the session just logged", async () => {
    expect(await link(OFFICER)).toMatch(/^Đã liên kết với /);
    const summary = await say(OFFICER.user, 'TONGHOP');
    // By hand: this week holds the one log above, 45 people in Thôn Đông, one of Kẻ Sắt's 10 villages.
    expect(summary).toMatch(/^Tổng hợp Xã Kẻ Sắt – tuần \d+ /);
    expect(summary).toContain('Số buổi tuyên truyền: 1, số lượt người tham dự: 45');
    expect(summary).toMatch(/Thôn có buổi trong tháng \d+: 1\/10/);
    expect(summary).toContain('Lượt người theo đối tượng: nhân dân 45');
  });

  it('reaches a linked person on its own door when they last wrote from it (the outbox asks the door, not a field)', async () => {
    const dong = (await loa.core.repos.people.findByPhone(DONG.phone))!;
    const before = fakeChatOutbox.length;
    const sent = await loa.outbox.send({ person: dong, reply: reply('codes:link.prompt'), idempotencyKey: 'fake-chat-outbound-1' });
    expect(sent).toMatchObject({ ok: true, channel: 'fakechat' });
    expect(fakeChatOutbox.slice(before)).toEqual([{ account: DONG.user, text: expect.stringContaining('DK') }]);
  });

  it('keeps a linked account with its person when it asks for another number, and lets the officer unlink it with HUYLK', async () => {
    // Thôn Tây's collaborator asks for a code from Đông's account: the code reaches Tây's phone, the account stays Đông's.
    await say(DONG.user, 'DK 0905000102');
    expect(await loa.core.repos.people.findByIdentity({ kind: 'account', door: 'fakechat', id: DONG.user })).toMatchObject({ accounts: [{ door: 'fakechat', id: DONG.user }] });
    expect(await say(OFFICER.user, 'HUYLK 0905000101')).toMatch(/^Đã hủy liên kết Fakechat của /);
    expect((await loa.core.repos.people.findByPhone(DONG.phone))?.accounts ?? []).toEqual([]);
    expect(await say(DONG.user, 'TT 12 hop thon')).toMatch(/^Chào bạn! Để dùng Loa/);
  });

  it('needed no other file: nothing outside its folder and this test names it', () => {
    const named = ['app', 'core', 'bot', 'sms', 'web', 'adapters', 'locales', 'tools'].flatMap(sourceFiles).filter((file) => /fakechat|fake-chat|FAKE_CHAT/i.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(named).toEqual([]);
  });
});
