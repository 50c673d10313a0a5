import request from 'supertest';
import { storedLogs } from '../../support/stored';
import { parseConfig } from '../../../app/config';
import { silentLogger } from '../../../core/logger';
import { createZaloDoor, startZaloPolling, ZaloApi } from '../../../bot/zalo';
import { createTestCore, DEMO } from '../../support/test-core';
import { startFakeZaloApi, zaloTextUpdate } from '../../../tools/harness/fake-zalo-api';
import { zaloWorld, type ZaloWorld } from './harness';

const OFFICER_ZALO = 'zalo-officer-ke-sat';

describe('XUAT on Zalo', () => {
  let w: ZaloWorld;
  beforeEach(async () => {
    w = await zaloWorld();
    await w.loa.core.repos.people.linkAccount(DEMO.officer.id, 'zalo', OFFICER_ZALO);
  });
  afterEach(() => w.close());

  async function exportLink(): Promise<string> {
    await w.post(zaloTextUpdate(OFFICER_ZALO, 'XUAT'));
    const texts = w.zalo.texts(OFFICER_ZALO);
    const match = /https:\/\/loa\.example\.org(\/files\/\S+)/.exec(texts.join('\n'));
    if (!match) throw new Error(`no link in ${JSON.stringify(texts)}`);
    return match[1]!;
  }

  it('sends a link that downloads the .xlsx once, then answers 410', async () => {
    const path = await exportLink();
    expect(w.zalo.texts(OFFICER_ZALO).join('\n')).toContain('Link chỉ mở được 1 lần và hết hạn sau 15 phút.');
    const first = await request(w.loa.app).get(path).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toContain('spreadsheetml');
    // An .xlsx is a zip: it starts with "PK".
    expect((first.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect((await request(w.loa.app).get(path)).status).toBe(410);
  });

  it('TONGHOP shows the grid picture as a photo, whose link may be fetched again until it expires', async () => {
    await w.post(zaloTextUpdate(OFFICER_ZALO, 'TONGHOP'));
    const photo = w.zalo.calls.find((c) => c.method === 'sendPhoto');
    expect(photo?.body.chat_id).toBe(OFFICER_ZALO);
    const path = String(photo!.body.photo).slice('https://loa.example.org'.length);
    for (let i = 0; i < 2; i++) expect((await request(w.loa.app).get(path)).headers['content-type']).toBe('image/png');
    expect(w.zalo.texts(OFFICER_ZALO).join('\n')).not.toContain('/files/');
  });

  it('refuses an expired link with 410 and a forged or edited one with 404', async () => {
    const path = await exportLink();
    const [id, expires, signature] = path.slice('/files/'.length).split('.');
    const later = String(Number(expires) + 3_600_000);
    expect((await request(w.loa.app).get(`/files/${id}.${later}.${signature}`)).status).toBe(404);
    expect((await request(w.loa.app).get(`/files/${id}.${expires}.${'A'.repeat(43)}`)).status).toBe(404);
    w.clock.advance(15 * 60_000);
    expect((await request(w.loa.app).get(path)).status).toBe(410);
  });
});

describe('Zalo long polling', () => {
  it('takes updates one by one, treats 408 as "nothing yet", and stops cleanly', async () => {
    const fake = await startFakeZaloApi({ pollWaitMs: 20 });
    const { core, storage } = await createTestCore();
    await core.repos.people.linkAccount(DEMO.collaboratorDong.id, 'zalo', 'zalo-dong');
    const api = new ZaloApi({ token: fake.token, apiRoot: fake.root });
    const door = createZaloDoor({ api, handleInbound: core.handleInbound, render: core.render, clock: core.clock, logger: silentLogger });
    fake.pendingUpdates.push(zaloTextUpdate('zalo-dong', 'TT 20 loa', { messageId: 'p1' }), zaloTextUpdate('zalo-dong', 'TT 35 hop thon', { messageId: 'p2' }));
    const polling = await startZaloPolling(api, door, silentLogger, { timeoutSeconds: 1 });
    const deadline = Date.now() + 5_000;
    while (fake.texts('zalo-dong').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // Let at least one empty poll (408) pass before stopping.
    await new Promise((r) => setTimeout(r, 60));
    await polling.stop();
    expect(fake.calls.map((c) => c.method).slice(0, 2)).toEqual(['getMe', 'deleteWebhook']);
    expect(fake.calls.filter((c) => c.method === 'getUpdates' && c.failed === false).length).toBeGreaterThanOrEqual(3);
    expect(fake.texts('zalo-dong')).toHaveLength(2);
    expect((await storedLogs(storage)).map((l) => l.participants).sort()).toEqual([20, 35]);
    await fake.close();
    await storage.close();
  });
});

describe('Zalo wiring from the environment', () => {
  it('polls by default when no webhook URL is set: a message is answered, and stop ends the loop', async () => {
    const w = await zaloWorld({ ZALO_WEBHOOK_URL: '', ZALO_WEBHOOK_SECRET: '', PORT: '0', HOST: '127.0.0.1' });
    try {
      await w.loa.core.repos.people.linkAccount(DEMO.collaboratorDong.id, 'zalo', 'zalo-dong');
      w.zalo.pendingUpdates.push(zaloTextUpdate('zalo-dong', 'XEM'));
      await w.loa.start();
      const deadline = Date.now() + 5_000;
      while (w.zalo.texts('zalo-dong').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(w.zalo.texts('zalo-dong')[0]).toMatch(/^Thôn Đông: tháng 11/);
      expect(w.zalo.webhook()).toBeNull();
    } finally {
      await w.close();
    }
    const polls = w.zalo.calls.filter((c) => c.method === 'getUpdates').length;
    await new Promise((r) => setTimeout(r, 100));
    expect(w.zalo.calls.filter((c) => c.method === 'getUpdates').length).toBe(polls);
  });

  it('registers the webhook with its secret at start in webhook mode', async () => {
    const w = await zaloWorld({ PORT: '0', HOST: '127.0.0.1' });
    try {
      await w.loa.start();
      const deadline = Date.now() + 5_000;
      while (w.zalo.webhook() === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(w.zalo.webhook()).toEqual({ url: 'https://loa.example.org/zalo', secret_token: 'zalo-test-webhook-secret-0123' });
    } finally {
      await w.close();
    }
  });

  it('refuses a webhook URL without a secret, and a secret Zalo would refuse', () => {
    expect(() => parseConfig({ ZALO_BOT_TOKEN: 't', ZALO_WEBHOOK_URL: 'https://loa.example.org/zalo' })).toThrow(/ZALO_WEBHOOK_SECRET: required with ZALO_WEBHOOK_URL/);
    expect(() => parseConfig({ ZALO_WEBHOOK_SECRET: 'short' })).toThrow(/8 to 256 characters/);
    expect(() => parseConfig({ NODE_ENV: 'production', ZALO_BOT_TOKEN: 'change-me-zalo' })).toThrow(/ZALO_BOT_TOKEN: still the placeholder/);
  });
});
