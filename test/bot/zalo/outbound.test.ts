import request from 'supertest';
import { accountOn, isBlockedOn } from '../../../core/domain/people';
import { parseConfig } from '../../../app/config';
import { echartsGridRenderer } from '../../../adapters/charts/echarts-grid';
import { reply } from '../../../core/reply';
import { createScheduler } from '../../../core/scheduling/scheduler';
import { cronerSchedule } from '../../../adapters/cron/croner-schedule';
import { DEMO } from '../../support/test-core';
import { zaloTextUpdate } from '../../../tools/harness/fake-zalo-api';
import { zaloWorld, type ZaloWorld } from './harness';

const OFFICER_ZALO = 'zalo-officer-ke-sat';
const MONDAY_7 = new Date('2026-11-23T00:00:00Z'); // 07:00 in Vietnam

describe('outbound messages through Zalo', () => {
  let w: ZaloWorld;
  beforeEach(async () => {
    w = await zaloWorld();
    await w.loa.core.repos.people.linkAccount(DEMO.officer.id, 'zalo', OFFICER_ZALO);
  });
  afterEach(() => w.close());

  it('the Monday summary reaches a Zalo-linked officer in Zalo, in full Vietnamese, once', async () => {
    // One session last week, so the summary has a figure to check: 45 people in thôn Đông.
    await w.loa.core.repos.people.linkAccount(DEMO.collaboratorDong.id, 'zalo', 'zalo-dong');
    await w.post(zaloTextUpdate('zalo-dong', 'TT 45 hop thon'));
    w.clock.set(MONDAY_7);
    const scheduler = createScheduler({ cron: cronerSchedule, repos: w.loa.core.repos, engine: w.loa.core.engine, outbound: w.loa.outbox, clock: w.clock, i18n: w.loa.core.i18n, owner: 'test', charts: echartsGridRenderer });
    await scheduler.runDue(MONDAY_7);
    await scheduler.runDue(MONDAY_7);
    const texts = w.zalo.texts(OFFICER_ZALO);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Tổng hợp Xã Kẻ Sắt – tuần 47');
    expect(texts[0]).toContain('Số buổi tuyên truyền: 1, số lượt người tham dự: 45');
    expect(w.smsTo(DEMO.officer.phone)).toEqual([]);
    // The grid picture follows as a photo, by a link to Loa's own server that serves the PNG.
    const photos = w.zalo.calls.filter((c) => c.method === 'sendPhoto' && c.body.chat_id === OFFICER_ZALO);
    expect(photos).toHaveLength(1);
    const url = String(photos[0]!.body.photo);
    expect(url.startsWith('https://loa.example.org/files/')).toBe(true);
    const png = await request(w.loa.app).get(url.slice('https://loa.example.org'.length));
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('a Zalo send the platform refuses (403, blocked) falls back to SMS, and the person is marked so the next message goes by SMS directly', async () => {
    w.zalo.failNext('sendMessage', { error_code: 403, description: 'Forbidden: user blocked the bot' }, OFFICER_ZALO);
    const officer = (await w.loa.core.repos.people.get(DEMO.officer.id))!;
    const first = await w.loa.outbox.send({ person: officer, reply: reply('reminders.on'), idempotencyKey: 'test:fallback:1' });
    expect(first).toMatchObject({ ok: true, channel: 'sms', fellBackFrom: 'zalo' });
    expect(w.smsTo(DEMO.officer.phone)).toEqual(['Da bat tin nhac.']);
    expect(await w.loa.outbox.lookup('test:fallback:1')).toMatchObject({ channel: 'sms', state: 'queued' });

    const marked = (await w.loa.core.repos.people.get(DEMO.officer.id))!;
    expect(accountOn(marked, 'zalo')?.blockedAt).toBe(w.clock.now().toISOString());
    const calls = w.zalo.calls.length;
    const second = await w.loa.outbox.send({ person: marked, reply: reply('reminders.on'), idempotencyKey: 'test:fallback:2' });
    expect(second).toMatchObject({ ok: true, channel: 'sms' });
    expect(w.zalo.calls.length).toBe(calls);

    // Writing again from Zalo clears the mark.
    await w.post(zaloTextUpdate(OFFICER_ZALO, 'HD'));
    expect(isBlockedOn((await w.loa.core.repos.people.get(DEMO.officer.id))!, 'zalo')).toBe(false);
  });

  it('a Zalo outage (5xx on every attempt) falls back to SMS after the retries', async () => {
    for (let i = 0; i < 4; i++) w.zalo.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    const officer = (await w.loa.core.repos.people.get(DEMO.officer.id))!;
    const loa = w.loa;
    // Backoff sleeps are real here; the policy's delays are short enough (0.5 + 1 + 2 s) for one test.
    const result = await loa.outbox.send({ person: officer, reply: reply('reminders.on'), idempotencyKey: 'test:outage' });
    expect(result).toMatchObject({ ok: true, channel: 'sms', fellBackFrom: 'zalo' });
    expect(w.zalo.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(4);
  }, 15_000);
});

describe('LOA_DOOR_ORDER', () => {
  it('defaults to Zalo, Telegram, then the default SMS door, then the other', () => {
    expect(parseConfig({}).doorOrder).toEqual(['zalo', 'telegram', 'sms', 'android']);
    expect(parseConfig({ SMS_DEFAULT_CHANNEL: 'android' }).doorOrder).toEqual(['zalo', 'telegram', 'android', 'sms']);
  });

  it('is read as a list of known doors, and a typo stops the start', () => {
    expect(parseConfig({ LOA_DOOR_ORDER: 'sms, zalo' }).doorOrder).toEqual(['sms', 'zalo']);
    expect(() => parseConfig({ LOA_DOOR_ORDER: 'zalo,viber' })).toThrow(/LOA_DOOR_ORDER: unknown door "viber"/);
    expect(() => parseConfig({ LOA_DOOR_ORDER: 'sms,sms' })).toThrow(/listed twice/);
  });

  it('decides the door when the person never wrote: SMS first when listed first', async () => {
    const w = await zaloWorld({ LOA_DOOR_ORDER: 'sms,zalo' });
    try {
      await w.loa.core.repos.people.linkAccount(DEMO.officer.id, 'zalo', OFFICER_ZALO);
      const officer = (await w.loa.core.repos.people.get(DEMO.officer.id))!;
      expect(await w.loa.outbox.send({ person: officer, reply: reply('reminders.on'), idempotencyKey: 'order:1' })).toMatchObject({ ok: true, channel: 'sms' });
      // After the officer writes from Zalo, their own door comes first.
      await w.post(zaloTextUpdate(OFFICER_ZALO, 'HD'));
      const wrote = (await w.loa.core.repos.people.get(DEMO.officer.id))!;
      expect(await w.loa.outbox.send({ person: wrote, reply: reply('reminders.on'), idempotencyKey: 'order:2' })).toMatchObject({ ok: true, channel: 'zalo' });
    } finally {
      await w.close();
    }
  });
});
