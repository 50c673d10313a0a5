import express from 'express';
import request from 'supertest';
import { mountTelegramWebhook, setTelegramWebhook, startPolling, webhookSecret } from '../../../bot/telegram';
import { silentLogger } from '../../../core/logger';
import { StoreUnavailableError } from '../../../core/ports/store-errors';
import { DEMO } from '../../support/test-core';
import { createBotHarness, type BotHarness } from './harness';

const USER = 9201;
const SECRET = 'test-secret_0123456789abcdef';

function webhookApp(h: BotHarness) {
  const app = express();
  mountTelegramWebhook(app, h.bot, { secretToken: SECRET });
  return app;
}

describe('webhook delivery at POST /telegram', () => {
  it('processes an update that carries the right secret', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    const res = await request(webhookApp(h))
      .post('/telegram')
      .set('X-Telegram-Bot-Api-Secret-Token', SECRET)
      .send(h.updates.text(USER, 'TT 45 hop thon'));
    expect(res.status).toBe(200);
    expect(await h.logs()).toHaveLength(1);
    expect(h.api.lastText()).toMatch(/#[A-Z0-9]{4}/);
  });

  it.each([
    ['a wrong secret', 'not-the-secret'],
    ['no secret', undefined],
  ])('answers 401 to %s and processes nothing', async (_case, header) => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    let req = request(webhookApp(h)).post('/telegram');
    if (header !== undefined) req = req.set('X-Telegram-Bot-Api-Secret-Token', header);
    const res = await req.send(h.updates.text(USER, 'TT 45 hop thon'));
    expect(res.status).toBe(401);
    expect(await h.logs()).toHaveLength(0);
    expect(h.api.calls).toHaveLength(0);
  });

  it.each([
    ['text/plain', 'TT 45 hop thon'],
    ['application/x-www-form-urlencoded', 'update_id=1'],
    ['application/json', '[1,2]'],
  ])('answers 4xx, not 500, to a request with the right secret and a %s body, and processes nothing', async (type, body) => {
    const h = await createBotHarness();
    const res = await request(webhookApp(h)).post('/telegram').set('X-Telegram-Bot-Api-Secret-Token', SECRET).set('Content-Type', type).send(body);
    expect(res.status).toBe(415);
    expect(await h.logs()).toHaveLength(0);
  });

  it('answers 500 during a store outage so Telegram delivers the update again, and then logs it once', async () => {
    let storeDown = true;
    const h = await createBotHarness({
      handleInbound: ({ core }) => (message) =>
        storeDown ? Promise.reject(new StoreUnavailableError('store is down')) : core.handleInbound(message),
    });
    await h.link(DEMO.collaboratorDong.id, USER);
    const app = webhookApp(h);
    const update = h.updates.text(USER, 'TT 45 hop thon');
    const post = () => request(app).post('/telegram').set('X-Telegram-Bot-Api-Secret-Token', SECRET).send(update);

    expect((await post()).status).toBe(500);
    expect(h.api.lastText()).toMatch(/hệ thống đang bận/);
    storeDown = false;
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    expect(await h.logs()).toHaveLength(1);
  });

  it('registers the webhook with its secret and the update types the bot reads', async () => {
    const h = await createBotHarness();
    await setTelegramWebhook(h.bot, 'https://loa.example.org/telegram', SECRET);
    expect(h.api.made('setWebhook')).toEqual([
      { url: 'https://loa.example.org/telegram', secret_token: SECRET, allowed_updates: ['message', 'callback_query'] },
    ]);
  });

  it('makes up a secret Telegram accepts when none is configured', () => {
    const secret = webhookSecret(undefined);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(webhookSecret('configured')).toBe('configured');
  });
});

describe('long polling', () => {
  it('fetches updates, handles them, and stops cleanly', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    h.api.pendingUpdates.push(h.updates.text(USER, 'TT 45 hop thon'));
    const polling = await startPolling(h.bot, silentLogger);
    for (let i = 0; i < 100 && (await h.logs()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await polling.stop();
    expect(await h.logs()).toHaveLength(1);
    expect(h.api.made('deleteWebhook')).toHaveLength(1);
    expect(h.api.made('getUpdates')[0]).toMatchObject({ allowed_updates: ['message', 'callback_query'] });
  });
});

describe('re-delivered updates', () => {
  it('stores one log when the same update_id arrives twice', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    const update = h.updates.text(USER, 'TT 45 hop thon');
    await h.send(update);
    await h.send(structuredClone(update));
    expect(await h.logs()).toHaveLength(1);
    // The stored confirmation is sent again: the first one may be what was lost.
    const [first, second] = h.api.texts(USER);
    expect(second).toBe(first);
  });

  it('stores two logs for two different updates with the same text when the sender says it is another session', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, 'TT 45 hop thon'));
    await h.send(h.updates.text(USER, 'TT2 45 hop thon'));
    expect(await h.logs()).toHaveLength(2);
  });
});
