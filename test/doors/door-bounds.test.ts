import http from 'node:http';
import { storedLogs } from '../support/stored';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createLogger } from '../../adapters/log/pino-logger';
import { zaloTextUpdate } from '../../tools/harness/fake-zalo-api';
import { DEMO } from '../support/test-core';
import { CapturedLog, createLoaUnderTest, TELEGRAM_SECRET, type LoaUnderTest } from '../../tools/harness/loa-under-test';
import { zaloWorld, ZALO_SECRET, type ZaloWorld } from '../bot/zalo/harness';

/**
 * Issue 20 items 5 and 7 (doors): what a platform puts in an update is
 * bounded (its date, its copies, its size before the secret is known), and a
 * door whose API failed at start still answers in time.
 */
jest.setTimeout(60_000);

const DAY = 86_400_000;
const DONG_ZALO = 'zalo-dong-bounds';

describe('Zalo: message.date and duplicate deliveries', () => {
  let w: ZaloWorld;
  let log: CapturedLog;
  beforeEach(async () => {
    log = new CapturedLog();
    w = await zaloWorld({}, createLogger('info', log));
    await w.loa.core.repos.people.linkAccount(DEMO.collaboratorDong.id, 'zalo', DONG_ZALO);
  });
  afterEach(() => w.close());

  const logDates = async () => (await storedLogs(w.loa.storage)).map((l) => l.date);

  it.each([
    ['2 years ahead', 730 * DAY],
    ['2 years back', -730 * DAY],
    ['30 days back (the collaborator may log 14)', -30 * DAY],
  ])('a date %s is not believed: the log is dated by the receive time, and the log file says so', async (_name, offset) => {
    const date = w.clock.now().getTime() + offset;
    expect((await w.post(zaloTextUpdate(DONG_ZALO, 'TT 45 hop thon', { date }))).status).toBe(200);
    expect(await logDates()).toEqual(['2026-11-20']);
    expect(log.text()).toContain('zalo message date not believable');
  });

  it('a date within the window (yesterday evening) still dates the log', async () => {
    const date = Date.parse('2026-11-19T12:00:00Z');
    expect((await w.post(zaloTextUpdate(DONG_ZALO, 'TT 45 hop thon', { date }))).status).toBe(200);
    expect(await logDates()).toEqual(['2026-11-19']);
  });

  it('date 1e20 or 1e400 is refused with 400, never 500, and stores nothing', async () => {
    expect((await w.post(zaloTextUpdate(DONG_ZALO, 'TT 45 hop thon', { date: 1e20 }))).status).toBe(400);
    const raw = JSON.stringify(zaloTextUpdate(DONG_ZALO, 'TT 46 hop thon', { date: 7 })).replace('"date":7', '"date":1e400');
    const res = await request(w.loa.app).post('/zalo').set('content-type', 'application/json').set('X-Bot-Api-Secret-Token', ZALO_SECRET).send(raw);
    expect(res.status).toBe(400);
    expect(await logDates()).toEqual([]);
  });

  it('ten copies of one update, one after another or at once, get one reply each message', async () => {
    const update = zaloTextUpdate(DONG_ZALO, 'TT 45 hop thon', { messageId: 'copy-1' });
    for (let i = 0; i < 10; i++) expect((await w.post(update)).status).toBe(200);
    expect(w.zalo.texts(DONG_ZALO)).toHaveLength(1);
    const burst = zaloTextUpdate(DONG_ZALO, 'TT 46 hop thon', { messageId: 'copy-2' });
    const statuses = await Promise.all(Array.from({ length: 10 }, () => w.post(burst).then((r) => r.status)));
    expect(statuses).toEqual(Array(10).fill(200));
    expect(w.zalo.texts(DONG_ZALO)).toHaveLength(2);
    expect(await logDates()).toHaveLength(2);
  });
});

describe('Telegram: secret before body, dates, duplicate deliveries', () => {
  let loa: LoaUnderTest;
  const TG_USER = 8_200_001;
  beforeAll(async () => {
    loa = await createLoaUnderTest();
    await loa.loa.core.repos.people.linkAccount(DEMO.collaboratorTay.id, 'telegram', String(TG_USER));
  });
  afterAll(() => loa.close());

  const text = (updateId: number, body: string, date = Math.floor(Date.now() / 1000)) => ({
    update_id: updateId,
    message: { message_id: updateId, date, chat: { id: TG_USER, type: 'private' }, from: { id: TG_USER, is_bot: false, first_name: 'Tay' }, text: body },
  });
  const sentTo = () => loa.botApi.sent.filter((s) => s.method === 'sendMessage' && Number(s.body['chat_id']) === TG_USER).length;

  it('refuses a wrong secret with 401 before reading the body (unreadable or over a megabyte)', async () => {
    const bad = await request(loa.loa.app).post('/telegram').set('x-telegram-bot-api-secret-token', 'wrong').set('content-type', 'application/json').send('{not json');
    expect(bad.status).toBe(401);
    const big = await request(loa.loa.app).post('/telegram').set('x-telegram-bot-api-secret-token', 'wrong').set('content-type', 'application/json').send(`{"x":"${'a'.repeat(2_000_000)}"}`);
    expect(big.status).toBe(401);
  });

  it('/sms and /gateway/android refuse a request without signature headers before reading its body', async () => {
    const big = 'x='.concat('a'.repeat(2_000_000));
    const sms = await request(loa.loa.app).post('/sms').set('content-type', 'application/x-www-form-urlencoded').send(big);
    expect(sms.status).toBe(403);
    const gateway = await request(loa.loa.app).post('/gateway/android').set('content-type', 'application/json').send(big);
    expect(gateway.status).toBe(401);
  });

  it('refuses date 1e20 with 400, never 500', async () => {
    const res = await loa.postTelegram(text(9001, 'TT 45 hop thon', 1e20));
    expect(res.status).toBe(400);
  });

  it('ten copies of one update get one reply', async () => {
    const before = sentTo();
    for (let i = 0; i < 10; i++) expect((await loa.postTelegram(text(9002, 'TT 45 hop thon'))).status).toBe(200);
    expect(sentTo() - before).toBe(1);
  });
});

describe('Telegram whose API does not answer at start', () => {
  it('answers /telegram within its timeout (503, retried by Telegram) instead of hanging', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const loa = await createLoaUnderTest({ TELEGRAM_API_ROOT: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` });
    try {
      const started = Date.now();
      const res = await request(loa.loa.app)
        .post('/telegram')
        .set('x-telegram-bot-api-secret-token', TELEGRAM_SECRET)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ update_id: 1, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: 5, type: 'private' }, from: { id: 5, is_bot: false, first_name: 'A' }, text: 'TT 5 loa' } }))
        .timeout(15_000);
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await loa.close();
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('SMS replies stay one segment', () => {
  let loa: LoaUnderTest;
  beforeAll(async () => {
    loa = await createLoaUnderTest();
  });
  afterAll(() => loa.close());

  it.each(['TONGHOP THANG ' + '9'.repeat(60), 'TONGHOP QUY ' + '9'.repeat(60), 'TONGHOP ' + '9'.repeat(60)])('"%s" from an officer gets at most 160 characters', async (body) => {
    const res = await loa.postSms({ from: DEMO.officer.phone, body });
    const reply = /<Message>([\s\S]*?)<\/Message>/.exec(res.text)?.[1] ?? '';
    expect(reply).toMatch(/^Khong doc duoc ky/);
    expect(reply.length).toBeLessThanOrEqual(160);
  });
});
