import { logCount, storedLogs } from '../../support/stored';
import type { SessionLog } from '../../../core/domain/session-log';
import { createTestCore, DEMO } from '../../support/test-core';
import express from 'express';
import request from 'supertest';
import { silentLogger } from '../../../core/logger';
import { createZaloDoor, mountZaloWebhook, ZaloApi } from '../../../bot/zalo';
import { startFakeZaloApi, zaloTextUpdate } from '../../../tools/harness/fake-zalo-api';
import { ZALO_SECRET, zaloWorld, type ZaloWorld } from './harness';

const DONG_ZALO = 'zalo-user-dong-8f3a';

describe('the Zalo door, webhook mode', () => {
  let w: ZaloWorld;
  beforeEach(async () => {
    w = await zaloWorld();
    await w.loa.core.repos.people.linkAccount(DEMO.collaboratorDong.id, 'zalo', DONG_ZALO);
  });
  afterEach(() => w.close());

  const logs = () => storedLogs(w.loa.storage);

  it('a text log in Zalo stores the same log as the same text by SMS, and the reply is full Vietnamese', async () => {
    const text = 'TT 45 hop thon thanh nien';
    const res = await w.post(zaloTextUpdate(DONG_ZALO, text, { messageId: 'zm-1' }));
    expect(res.status).toBe(200);
    const [viaZalo] = await logs();

    const sms = await createTestCore();
    await sms.core.handleInbound({ channel: 'sms', channelMessageId: 'SM1', sender: { kind: 'phone', phone: DEMO.collaboratorDong.phone }, text, receivedAt: sms.clock.now() });
    const [viaSms] = await storedLogs(sms.storage);

    const essence = (log: SessionLog | undefined) => {
      const { _id, code, channel, channelMessageId, createdAt, ...rest } = log!;
      return rest;
    };
    expect(viaZalo!.channel).toBe('zalo');
    expect(viaZalo!.channelMessageId).toBe('zm-1');
    expect(essence(viaZalo)).toEqual(essence(viaSms));
    expect(viaZalo).toMatchObject({ participants: 45, form: 'hop', groups: ['tn'], personId: DEMO.collaboratorDong.id, date: '2026-11-20' });

    const [answer] = w.zalo.texts(DONG_ZALO);
    expect(answer).toContain(`Đã ghi TT #${viaZalo!.code}: 45 người, họp thôn`);
    await sms.storage.close();
  });

  it('the same message_id delivered twice makes one log and one reply', async () => {
    const update = zaloTextUpdate(DONG_ZALO, 'TT 30 loa', { messageId: 'zm-dup' });
    expect((await w.post(update)).status).toBe(200);
    expect((await w.post({ ok: true, result: update })).status).toBe(200);
    expect(await logs()).toHaveLength(1);
    expect(w.zalo.texts(DONG_ZALO)).toHaveLength(1);
  });

  it('a reply that failed is sent when the platform delivers the message again', async () => {
    const update = zaloTextUpdate(DONG_ZALO, 'TT 30 loa', { messageId: 'zm-retry' });
    w.zalo.failNext('sendMessage', { error_code: 500, description: 'Internal error' });
    expect((await w.post(update)).status).toBe(500);
    expect((await w.post(update)).status).toBe(200);
    expect(await logs()).toHaveLength(1);
    expect(w.zalo.texts(DONG_ZALO)).toHaveLength(1);
    expect(w.zalo.texts(DONG_ZALO)[0]).toContain('Đã ghi TT #');
  });

  it('refuses a wrong or missing secret with 401 and processes nothing', async () => {
    const update = zaloTextUpdate(DONG_ZALO, 'TT 30 loa');
    expect((await w.post(update, 'wrong-secret-wrong-secret')).status).toBe(401);
    expect((await w.post(update, null)).status).toBe(401);
    expect((await w.post(update, `${'x'.repeat(5)}`)).status).toBe(401);
    expect(await logs()).toEqual([]);
    expect(await w.loa.core.repos.inbound.get('zalo', update.message.message_id)).toBeNull();
    expect(w.zalo.calls).toEqual([]);
  });

  it('ignores group chats: nothing stored, nothing said in the group', async () => {
    const res = await w.post(zaloTextUpdate(DONG_ZALO, 'TT 30 loa', { chatType: 'GROUP', chatId: 'group-thon-dong' }));
    expect(res.status).toBe(200);
    expect(await logs()).toEqual([]);
    expect(w.zalo.calls).toEqual([]);
  });

  it('answers a sticker with a hint to send text, and stores nothing', async () => {
    const update = { event_name: 'message.sticker.received', message: { message_id: 'zs-1', from: { id: DONG_ZALO }, chat: { id: DONG_ZALO, chat_type: 'PRIVATE' }, date: 1, sticker: 'abc' } };
    expect((await w.post(update)).status).toBe(200);
    expect(w.zalo.texts(DONG_ZALO)).toEqual(['Loa chỉ đọc tin nhắn chữ. Nhắn HD để xem lệnh.']);
    expect(await logs()).toEqual([]);
  });

  it('answers 200 when Zalo refuses the reply for good (403): a redelivery could not help', async () => {
    w.zalo.failNext('sendMessage', { error_code: 403, description: 'Forbidden' });
    expect((await w.post(zaloTextUpdate(DONG_ZALO, 'TT 30 loa', { messageId: 'zm-403' }))).status).toBe(200);
    expect(await logs()).toHaveLength(1);
    expect(w.zalo.texts(DONG_ZALO)).toEqual([]);
  });

  it('answers 500 when the reply could not be sent; the retry re-sends the stored reply without a second log', async () => {
    const update = zaloTextUpdate(DONG_ZALO, 'TT 30 loa', { messageId: 'zm-send' });
    w.zalo.failNext('sendMessage', { error_code: 500, description: 'Internal error' });
    expect((await w.post(update)).status).toBe(500);
    expect((await w.post(update)).status).toBe(200);
    expect(await logs()).toHaveLength(1);
    expect(w.zalo.texts(DONG_ZALO)).toHaveLength(1);
  });
});

describe('the Zalo webhook when the store is down', () => {
  it('answers 500 so the platform delivers again, and the retry logs once', async () => {
    const fake = await startFakeZaloApi();
    const { core, storage } = await createTestCore();
    await core.repos.people.linkAccount(DEMO.collaboratorDong.id, 'zalo', DONG_ZALO);
    const app = express();
    const door = createZaloDoor({ api: new ZaloApi({ token: fake.token, apiRoot: fake.root }), handleInbound: core.handleInbound, render: core.render, clock: core.clock, logger: silentLogger });
    mountZaloWebhook(app, { door, secret: ZALO_SECRET, logger: silentLogger });
    const post = () => request(app).post('/zalo').set('X-Bot-Api-Secret-Token', ZALO_SECRET).send(zaloTextUpdate(DONG_ZALO, 'TT 30 loa', { messageId: 'zm-down' }));

    storage.admin.setOutage(true);
    expect((await post()).status).toBe(500);
    expect(fake.texts()).toEqual([]);
    storage.admin.setOutage(false);
    expect((await post()).status).toBe(200);
    expect(await logCount(storage)).toBe(1);
    expect(fake.texts(DONG_ZALO)).toHaveLength(1);
    await fake.close();
  });
});
