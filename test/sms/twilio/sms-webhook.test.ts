import express from 'express';
import request from 'supertest';
import { fitsOneGsm7Segment } from '../../../core/i18n/gsm7';
import { silentLogger } from '../../../core/logger';
import { createHttpApp } from '../../../app/http/http-app';
import { mountSms } from '../../../sms/twilio/sms-webhook';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../../sms/twilio/sign-request';
import { DEMO } from '../../support/test-core';
import { AUTH_TOKEN, PUBLIC_URL, createSmsHarness, twimlMessage } from './helpers';

const dong = DEMO.collaboratorDong.phone;

describe('POST /sms (Twilio inbound webhook)', () => {
  it('answers a correctly signed SMS with a TwiML message and stores exactly one log', async () => {
    const h = await createSmsHarness();
    const res = await h.postSms({ from: dong, body: 'TT 45 hop thon' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    const text = twimlMessage(res.text);
    expect(text).not.toBeNull();
    expect(text).toMatch(/45/);
    expect(fitsOneGsm7Segment(text as string)).toBe(true);
    expect(await h.logCount()).toBe(1);
  });

  it('refuses a wrong signature with 403 and stores nothing', async () => {
    const h = await createSmsHarness();
    const res = await h.postSms({ from: dong, body: 'TT 45 hop thon', sign: 'bm90IGEgc2lnbmF0dXJl' });
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/<Response/);
    expect(await h.logCount()).toBe(0);
  });

  it('refuses a request without a signature with 403 and stores nothing', async () => {
    const h = await createSmsHarness();
    const res = await h.postSms({ from: dong, body: 'TT 45 hop thon', sign: false });
    expect(res.status).toBe(403);
    expect(await h.logCount()).toBe(0);
  });

  it('refuses a signature computed for another public URL (PUBLIC_URL is what Twilio signed)', async () => {
    const h = await createSmsHarness({ sms: { publicUrl: 'https://elsewhere.example.org' } });
    const res = await h.postSms({ from: dong, body: 'TT 45 hop thon' });
    expect(res.status).toBe(403);
    expect(await h.logCount()).toBe(0);
  });

  it('refuses a signed request whose body was altered after signing', async () => {
    const h = await createSmsHarness();
    const good = await h.postSms({ from: dong, body: 'TT 45 hop thon', messageSid: newMessageSid() });
    expect(good.status).toBe(200);
    const params = inboundSmsParams({ from: dong, body: 'TT 45 hop thon' });
    const signed = signedTwilioPost(AUTH_TOKEN, `${PUBLIC_URL}/sms`, params);
    const tampered = signed.body.replace('TT+45', 'TT+99');
    const res = await request(h.app).post('/sms').set(signed.headers).send(tampered);
    expect(res.status).toBe(403);
    expect(await h.logCount()).toBe(1);
  });

  it('gives the same MessageSid sent five times one log and the same reply every time', async () => {
    const h = await createSmsHarness();
    const sid = newMessageSid();
    const replies: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.postSms({ from: dong, body: 'TT 45 hop thon', messageSid: sid });
      expect(res.status).toBe(200);
      replies.push(twimlMessage(res.text));
    }
    expect(new Set(replies).size).toBe(1);
    expect(replies[0]).not.toBeNull();
    expect(await h.logCount()).toBe(1);
  });

  it('gives five concurrent deliveries of one MessageSid one log and one reply', async () => {
    const h = await createSmsHarness();
    const sid = newMessageSid();
    const responses = await Promise.all(Array.from({ length: 5 }, () => h.postSms({ from: dong, body: 'TT 30 loa', messageSid: sid })));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(responses.map((r) => twimlMessage(r.text))).size).toBe(1);
    expect(await h.logCount()).toBe(1);
  });

  it('answers non-2xx and stores nothing while the store is down, then processes the retry once after recovery', async () => {
    const h = await createSmsHarness();
    const sid = newMessageSid();
    h.store.down = true;
    const failed = await h.postSms({ from: dong, body: 'TT 45 hop thon', messageSid: sid });
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBeDefined();
    expect(failed.text).not.toMatch(/<Message>/);
    h.store.down = false;
    expect(await h.logCount()).toBe(0);

    const retried = await h.postSms({ from: dong, body: 'TT 45 hop thon', messageSid: sid });
    expect(retried.status).toBe(200);
    expect(twimlMessage(retried.text)).toMatch(/45/);
    const again = await h.postSms({ from: dong, body: 'TT 45 hop thon', messageSid: sid });
    expect(twimlMessage(again.text)).toBe(twimlMessage(retried.text));
    expect(await h.logCount()).toBe(1);
  });

  it('answers 503 "SMS not configured" without TWILIO_AUTH_TOKEN and processes nothing', async () => {
    const h = await createSmsHarness({ sms: { authToken: undefined } });
    const signed = await h.postSms({ from: dong, body: 'TT 45 hop thon' });
    const unsigned = await h.postSms({ from: dong, body: 'TT 45 hop thon', sign: false });
    expect([signed.status, unsigned.status]).toEqual([503, 503]);
    expect(unsigned.text).toMatch(/SMS not configured/);
    expect(await h.logCount()).toBe(0);
  });

  it('answers 503 "SMS not configured" when the SMS door is mounted without its options', async () => {
    const h = await createSmsHarness();
    const bare = createHttpApp({ logger: silentLogger, store: h.store, mount: [mountSms(undefined, silentLogger)] });
    const res = await request(bare).post('/sms').type('form').send({ From: dong, Body: 'TT 1 loa', MessageSid: newMessageSid() });
    expect(res.status).toBe(503);
    expect(res.text).toMatch(/SMS not configured/);
  });

  it('processes unsigned requests only under the SMS_ALLOW_UNSIGNED development flag', async () => {
    const h = await createSmsHarness({ sms: { authToken: undefined, allowUnsigned: true } });
    const res = await h.postSms({ from: dong, body: 'TT 45 hop thon', sign: false });
    expect(res.status).toBe(200);
    expect(await h.logCount()).toBe(1);
  });

  it('still checks a signature that is present when SMS_ALLOW_UNSIGNED is set with a token', async () => {
    const h = await createSmsHarness({ sms: { allowUnsigned: true } });
    const res = await h.postSms({ from: dong, body: 'TT 45 hop thon', sign: 'd3Jvbmc=' });
    expect(res.status).toBe(403);
    expect(await h.logCount()).toBe(0);
  });

  it('answers an unregistered number politely once, then with an empty TwiML response', async () => {
    const h = await createSmsHarness();
    const first = await h.postSms({ from: DEMO.unregisteredPhone, body: 'TT 45 hop thon' });
    const second = await h.postSms({ from: DEMO.unregisteredPhone, body: 'TT 45 hop thon' });
    expect(first.status).toBe(200);
    expect(twimlMessage(first.text)).not.toBeNull();
    expect(second.status).toBe(200);
    expect(twimlMessage(second.text)).toBeNull();
    expect(second.text).toMatch(/<Response\/>/);
    expect(await h.logCount()).toBe(0);
  });

  it('answers a flooding sender once that the text was not recorded, then stays silent, while other senders are still served', async () => {
    const h = await createSmsHarness({ settings: { messagesPerMinute: 3 } });
    const answers: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.postSms({ from: dong, body: `TT ${10 + i} loa` });
      expect(res.status).toBe(200);
      answers.push(twimlMessage(res.text));
    }
    expect(answers.slice(0, 3).every((text) => text?.startsWith('Da ghi TT'))).toBe(true);
    expect(answers[3]).toBe('Qua nhieu tin trong 1 phut, tin nay chua duoc ghi. Gui lai sau 1 phut.');
    expect(answers[4]).toBeNull();
    const other = await h.postSms({ from: DEMO.collaboratorTay.phone, body: 'TT 20 loa' });
    expect(twimlMessage(other.text)).toMatch(/^Da ghi TT/);
    expect(await h.logCount()).toBe(4);
  });

  it('lets a rate-limited sender in again the next minute', async () => {
    const h = await createSmsHarness({ settings: { messagesPerMinute: 1 } });
    await h.postSms({ from: dong, body: 'TT 10 loa' });
    await h.postSms({ from: dong, body: 'TT 11 loa' });
    expect(await h.logCount()).toBe(1);
    h.clock.advance(60_000);
    expect(twimlMessage((await h.postSms({ from: dong, body: 'TT 12 loa' })).text)).toMatch(/^Da ghi TT/);
    expect(await h.logCount()).toBe(2);
  });

  it('never counts a retried MessageSid toward the limit: five deliveries of one text spend one of two', async () => {
    const h = await createSmsHarness({ settings: { messagesPerMinute: 2 } });
    for (let i = 0; i < 5; i++) await h.postSms({ from: dong, body: 'TT 10 loa', messageSid: 'SM' + 'a'.repeat(32) });
    const second = await h.postSms({ from: dong, body: 'TT 11 loa' });
    expect(twimlMessage(second.text)).toMatch(/^Da ghi TT/);
    expect(await h.logCount()).toBe(2);
  });

  it('answers 400 to a signed request without MessageSid or From', async () => {
    const h = await createSmsHarness();
    const signed = signedTwilioPost(AUTH_TOKEN, `${PUBLIC_URL}/sms`, { Body: 'TT 1 loa' });
    const res = await request(h.app).post('/sms').set(signed.headers).send(signed.body);
    expect(res.status).toBe(400);
    expect(await h.logCount()).toBe(0);
  });
});

describe('the HTTP app around the webhook', () => {
  it('answers /healthz, and /readyz according to whether the store answers', async () => {
    const h = await createSmsHarness();
    expect((await request(h.app).get('/healthz')).status).toBe(200);
    expect((await request(h.app).get('/readyz')).status).toBe(200);
    h.store.down = true;
    const down = await request(h.app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.text).toBe('store unavailable');
  });

  it('answers 404 to unknown routes', async () => {
    const h = await createSmsHarness();
    const res = await request(h.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.text).toBe('Not found');
  });

  it('refuses an oversized body with 413 and no stack trace', async () => {
    const h = await createSmsHarness();
    // A signature header is there (the body is read only then); the size is refused before it is checked.
    const res = await request(h.app)
      .post('/sms')
      .set('content-type', 'application/x-www-form-urlencoded')
      .set('x-twilio-signature', 'c2lnbmF0dXJl')
      .send('Body=' + 'a'.repeat(40_000));
    expect(res.status).toBe(413);
    expect(res.text).toBe('Payload too large');
  });

  it('answers 500 "Internal error" without a stack trace when the core throws something unexpected', async () => {
    const h = await createSmsHarness({
      sms: {
        handleInbound: async () => {
          throw new Error('secret internals at /work/main/core/x.ts:12');
        },
      },
    });
    const res = await h.postSms({ from: dong, body: 'TT 45 hop thon' });
    expect(res.status).toBe(500);
    expect(res.text).toBe('Internal error');
  });

  it('mounts extra channel routes that still receive the raw body for their own signature checks', async () => {
    let seen: Buffer | null = null;
    const h = await createSmsHarness({
      app: {
        mount: [
          (app) =>
            app.post('/telegram', express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
              seen = req.body as Buffer;
              res.status(200).end();
            }),
        ],
      },
    });
    const payload = JSON.stringify({ update_id: 1, message: { text: 'TT 45 hop thon' } });
    const res = await request(h.app).post('/telegram').set('content-type', 'application/json').send(payload);
    expect(res.status).toBe(200);
    expect(Buffer.isBuffer(seen)).toBe(true);
    expect((seen as unknown as Buffer).toString('utf8')).toBe(payload);
    expect((await request(h.app).get('/still-404')).status).toBe(404);
  });
});
