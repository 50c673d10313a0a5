import querystring from 'node:querystring';
import { logCount } from '../support/stored';
import fc from 'fast-check';
import request from 'supertest';
import twilio from 'twilio';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../sms/twilio/sign-request';
import { signGatewayPayload } from '../../sms/android/signature';
import { DEMO } from '../support/test-core';
import { AUTH_TOKEN, createLoaUnderTest, GATEWAY_KEY, PUBLIC_URL, STACK_TRACE, type LoaUnderTest } from '../../tools/harness/loa-under-test';

/**
 * Whatever arrives at the HTTP doors gets a 4xx or a polite reply: never a
 * 5xx, a stack trace, a changed record or a hang. Properties run through the
 * whole Express app as `buildRuntime` wires it; every request counts as a case.
 */
jest.setTimeout(120_000);

let loa: LoaUnderTest;
let cases = 0;
const statuses = new Map<string, number>();
const RUNS = Number(process.env.LOA_FUZZ_RUNS ?? 60);

beforeAll(async () => {
  loa = await createLoaUnderTest();
});
afterAll(async () => {
  await loa?.close();
  const tally = [...statuses].sort().map(([k, v]) => `${k} ${v}`).join(', ');
  process.stdout.write(`bad input: ${cases} fuzz and edge cases through the HTTP layer (${tally})\n`);
});

/** The common verdict for every response: answered, not a server error, nothing internal in it. */
function expectSafe(res: request.Response, allowed: (status: number) => boolean = (s) => s < 500): void {
  cases++;
  const path = (res as request.Response & { req?: { path?: string } }).req?.path ?? '?';
  const key = `${path.split('?')[0]} ${res.status}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
  if (!allowed(res.status) || STACK_TRACE.test(res.text ?? '')) {
    throw new Error(`unsafe answer ${res.status}: ${(res.text ?? '').slice(0, 300)}`);
  }
}

const is4xx = (s: number) => s >= 400 && s < 500;
const smsUrl = `${PUBLIC_URL}/sms`;

function rawSmsPost(body: string | Buffer, headers: Record<string, string>): request.Test {
  return request(loa.loa.app).post('/sms').set(headers).send(body).timeout(10_000);
}

/** The TwiML reply text, if any; a polite reply is short and names no internals. */
function twimlText(xml: string): string | null {
  return /<Message>([\s\S]*?)<\/Message>/.exec(xml)?.[1] ?? null;
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('TT', 'TT 0 hop thon', 'TT 99999999999 hop thon', 'TT -5 loa', 'HUY ZZZZ', 'SUA', 'SUA A7K2', '\u0000\u0000', '\uFEFFTT 5 loa', 'TT 5 loa 31/02', 'TT 5 loa 20/11/1999', '🙂'.repeat(300), '%s%s%n', '{{t}}', '$(rm -rf /)', '<Message>x</Message>', ']]>'),
);

describe('POST /sms with correct signatures and anything in the body', () => {
  it('answers a registered collaborator with TwiML and at most a short polite reply, whatever the text', async () => {
    let replies = 0;
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const res = await loa.postSms({ from: DEMO.collaboratorTay.phone, body: text });
        expectSafe(res, (s) => s === 200);
        expect(res.headers['content-type']).toMatch(/text\/xml/);
        const reply = twimlText(res.text);
        if (reply !== null) {
          replies++;
          expect(reply.length).toBeLessThanOrEqual(160);
        }
      }),
      { numRuns: RUNS * 2 },
    );
    expect(replies).toBeGreaterThan(0);
  });

  it('stores nothing for senders that are not valid E.164 numbers or not on the roster', async () => {
    const invalidPhones = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('+84', '+8490500010', '+8490500010123456', '0905 000 1O1', '+1', '84-905', '++84905000101', '٠٩٠٥٠٠٠١٠١', '+84 905 000 101\r\nX-Injected: 1', '0905000101; DROP TABLE logs', '\u202E0905000101', ' ', '+', '00', '+0905000101'),
    );
    await fc.assert(
      fc.asyncProperty(invalidPhones, anyText, async (from, text) => {
        const before = await logCount(loa.loa.storage);
        const res = await loa.postSms({ from, body: text });
        expectSafe(res);
        expect(await logCount(loa.loa.storage)).toBe(before);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('POST /sms refusals leave every record as it was', () => {
  it('refuses a replayed signature when the body, sender, message id or URL was altered', async () => {
    const alteration = fc.constantFrom('Body', 'From', 'MessageSid', 'extra', 'query', 'drop');
    await fc.assert(
      fc.asyncProperty(alteration, fc.string({ minLength: 1, maxLength: 40 }), async (what, value) => {
        const params = inboundSmsParams({ from: DEMO.collaboratorDong.phone, body: 'TT 45 hop thon', messageSid: newMessageSid() });
        const signed = signedTwilioPost(AUTH_TOKEN, smsUrl, params);
        const altered: Record<string, string> = { ...params };
        let path = '/sms';
        if (what === 'Body') altered.Body = `TT 45 hop thon${value}`;
        if (what === 'From') altered.From = DEMO.collaboratorTay.phone;
        if (what === 'MessageSid') altered.MessageSid = newMessageSid();
        if (what === 'extra') altered[`X${value}`] = value;
        if (what === 'query') path = `/sms?x=${encodeURIComponent(value)}`;
        if (what === 'drop') delete altered.ToCountry;
        const before = await loa.fingerprint();
        const res = await request(loa.loa.app).post(path).set(signed.headers).send(new URLSearchParams(altered).toString()).timeout(10_000);
        expectSafe(res, (s) => s === 403);
        expect(await loa.fingerprint()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses missing, random and forged signatures, including ones made for another host', async () => {
    const params = inboundSmsParams({ from: DEMO.collaboratorDong.phone, body: 'TT 46 hop thon' });
    const body = new URLSearchParams(params).toString();
    const forged: Array<Record<string, string>> = [
      {},
      { 'x-twilio-signature': '' },
      { 'x-twilio-signature': 'not-base64!!' },
      { 'x-twilio-signature': signedTwilioPost('wrong-token', smsUrl, params).headers['x-twilio-signature']! },
      { 'x-twilio-signature': signedTwilioPost(AUTH_TOKEN, 'https://evil.example.com/sms', params).headers['x-twilio-signature']!, host: 'evil.example.com', 'x-forwarded-host': 'evil.example.com' },
      { 'x-twilio-signature': signedTwilioPost(AUTH_TOKEN, 'http://loa.example.org/sms', params).headers['x-twilio-signature']!, 'x-forwarded-proto': 'http' },
    ];
    const before = await loa.fingerprint();
    for (const headers of forged) {
      expectSafe(await rawSmsPost(body, { 'content-type': 'application/x-www-form-urlencoded', ...headers }), (s) => s === 403);
    }
    await fc.assert(
      fc.asyncProperty(fc.base64String({ maxLength: 60 }), async (signature) => {
        expectSafe(await rawSmsPost(body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }), (s) => s === 403);
      }),
      { numRuns: RUNS },
    );
    expect(await loa.fingerprint()).toBe(before);
  });

  it('answers 4xx to malformed form encoding and random bytes', async () => {
    const signature = signedTwilioPost(AUTH_TOKEN, smsUrl, {}).headers['x-twilio-signature']!;
    const malformed = ['%', '%E0%A4%A', 'a=%ZZ', '&&&==', '=', 'Body=%FF%FE', 'MessageSid=&From=', 'a[b][c][d][e][f]=1', Array.from({ length: 300 }, (_, i) => `p${i}=1`).join('&'), '\u0000=\u0000'];
    const before = await loa.fingerprint();
    for (const body of malformed) {
      for (const headers of [{}, { 'x-twilio-signature': signature }] as Array<Record<string, string>>) {
        expectSafe(await rawSmsPost(body, { 'content-type': 'application/x-www-form-urlencoded', ...headers }), is4xx);
      }
    }
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-16', 'text/plain', 'multipart/form-data; boundary=x', ''), async (bytes, type) => {
        const headers: Record<string, string> = { 'x-twilio-signature': signature };
        if (type) headers['content-type'] = type;
        expectSafe(await rawSmsPost(Buffer.from(bytes), headers), is4xx);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(await loa.fingerprint()).toBe(before);
  });

  it('answers 400 or a TwiML reply to malformed form bodies that carry a valid signature over what they parse to', async () => {
    const logsBefore = await logCount(loa.loa.storage);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('latin1')), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('%', 'a=%ZZ', 'From=%2B84&From=1', 'MessageSid=SM1&From=%E0%A4%A&Body=%')), async (body) => {
        // Sign what Express will see, so the request gets past the signature check to the field handling.
        const parsed = querystring.parse(Buffer.from(body, 'latin1').toString('utf8'));
        const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, smsUrl, parsed as Record<string, string>);
        const res = await rawSmsPost(Buffer.from(body, 'latin1'), { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
        expectSafe(res, (s) => s === 400 || s === 403 || s === 413 || s === 200);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(await logCount(loa.loa.storage)).toBe(logsBefore);
  });

  it('refuses JSON where form data is expected, MongoDB operators included', async () => {
    const before = await loa.fingerprint();
    const jsonBodies = [
      { From: { $ne: '' }, MessageSid: { $gt: '' }, Body: 'TT 5 loa' },
      { From: DEMO.collaboratorDong.phone, MessageSid: 'SM1', Body: { $gt: '' } },
      { $where: 'sleep(1000)' },
      [1, 2, 3],
    ];
    for (const json of jsonBodies) {
      const signature = signedTwilioPost(AUTH_TOKEN, smsUrl, {}).headers['x-twilio-signature']!;
      expectSafe(await rawSmsPost(JSON.stringify(json), { 'content-type': 'application/json', 'x-twilio-signature': signature }), is4xx);
    }
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 4 }), async (json) => {
        expectSafe(await rawSmsPost(json, { 'content-type': 'application/json' }), is4xx);
      }),
      { numRuns: RUNS },
    );
    expect(await loa.fingerprint()).toBe(before);
  });

  it('treats operator-shaped form keys as absent fields even when correctly signed', async () => {
    const operatorForms: Array<Record<string, string>> = [
      { 'From[$ne]': '', MessageSid: newMessageSid(), Body: 'TT 5 loa' },
      { From: DEMO.collaboratorDong.phone, 'MessageSid[$gt]': '', Body: 'TT 6 loa' },
      { 'From[$regex]': '.*', 'MessageSid[$exists]': 'true', Body: 'TT 7 loa' },
      { From: '{"$gt": ""}', MessageSid: newMessageSid(), Body: 'TT 8 loa' },
      { From: DEMO.collaboratorDong.phone, MessageSid: '{"$ne": null}', Body: '{"$gt": ""}' },
      { 'From.$': DEMO.collaboratorDong.phone, MessageSid: newMessageSid(), Body: 'TT 9 loa' },
    ];
    const logsBefore = await logCount(loa.loa.storage);
    for (const params of operatorForms) {
      const signed = signedTwilioPost(AUTH_TOKEN, smsUrl, params);
      const res = await rawSmsPost(signed.body, signed.headers);
      expectSafe(res, (s) => s === 400 || s === 200);
    }
    // Only the last one is a real sender with a literal (unparseable) text: it may be answered, never logged.
    expect(await logCount(loa.loa.storage)).toBe(logsBefore);
    // A duplicated field (From=a&From=b) counts as absent, not as an array that reaches a query.
    const sid = newMessageSid();
    const repeated = `From=${encodeURIComponent(DEMO.collaboratorDong.phone)}&From=${encodeURIComponent(DEMO.collaboratorTay.phone)}&MessageSid=${sid}&Body=TT+10+loa`;
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, smsUrl, { From: [DEMO.collaboratorDong.phone, DEMO.collaboratorTay.phone], MessageSid: sid, Body: 'TT 10 loa' } as unknown as Record<string, string>);
    expectSafe(await rawSmsPost(repeated, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }), (s) => s === 400);
    expect(await logCount(loa.loa.storage)).toBe(logsBefore);
  });

  it('answers status callbacks with any sid or status with 204 or 400, and refuses them unsigned', async () => {
    const url = `${PUBLIC_URL}/sms/status`;
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('delivered', 'failed', 'undelivered', '__proto__', 'constructor', '$gt', '{"$ne":null}', 'toString'));
    await fc.assert(
      fc.asyncProperty(value, value, async (sid, status) => {
        const params = { MessageSid: sid, MessageStatus: status, AccountSid: 'AC' + '0'.repeat(32) };
        const signed = signedTwilioPost(AUTH_TOKEN, url, params);
        const res = await request(loa.loa.app).post('/sms/status').set(signed.headers).send(signed.body).timeout(10_000);
        expectSafe(res, (s) => s === 204 || s === 400);
        const unsigned = await request(loa.loa.app).post('/sms/status').set('content-type', signed.headers['content-type']!).send(signed.body).timeout(10_000);
        expectSafe(unsigned, (s) => s === 403);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers 413 to 1 MB bodies on every door without hanging', async () => {
    const big = 'Body=' + 'A'.repeat(1024 * 1024);
    const started = Date.now();
    expectSafe(await rawSmsPost(big, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' }), (s) => s === 413);
    expectSafe(await rawSmsPost(`{"Body":"${'Ầ'.repeat(400_000)}"}`, { 'content-type': 'application/json' }), is4xx);
    expectSafe(await loa.postTelegram({ update_id: 1, message: { text: 'x'.repeat(1024 * 1024 + 10) } }), (s) => s === 413);
    const gatewayBig = JSON.stringify({ id: 'a', deviceId: 'd', event: 'sms:received', payload: { message: 'x'.repeat(1024 * 1024) } });
    expectSafe(await loa.postGateway(gatewayBig), (s) => s === 413);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('never lets a header or markup injected in a field reach the response', async () => {
    const injections = ['\r\nSet-Cookie: loa=1', '\nX-Injected: yes', '</Message><Redirect>https://evil.example.com</Redirect><Message>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;'];
    for (const injected of injections) {
      for (const from of [DEMO.collaboratorDong.phone + injected, DEMO.collaboratorDong.phone]) {
        const res = await loa.postSms({ from, body: `TT 5 ${injected}` });
        expectSafe(res, (s) => s === 200);
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.headers['x-injected']).toBeUndefined();
        expect(res.text).not.toMatch(/<Redirect>|<!DOCTYPE|root:/);
      }
    }
  });
});

describe('POST /telegram and POST /gateway/android with bad input', () => {
  it('refuses Telegram updates without the right secret and changes nothing', async () => {
    const before = await loa.fingerprint();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(''), fc.string({ maxLength: 80 })), fc.jsonValue({ maxDepth: 3 }), async (secret, update) => {
        expectSafe(await loa.postTelegram(update, secret), (s) => s === 401 || s === 400);
      }),
      { numRuns: RUNS },
    );
    expect(await loa.fingerprint()).toBe(before);
  });

  it('survives any JSON the Telegram secret holder might post, operators and malformed updates included', async () => {
    const odd = [
      { update_id: 1, message: { text: { $gt: '' }, chat: { id: 5, type: 'private' }, from: { id: 5, is_bot: false, first_name: 'x' }, date: 1, message_id: 1 } },
      { update_id: { $ne: null } },
      { update_id: 2, message: { chat: { id: { $gt: 0 } }, from: { id: { $gt: 0 } }, text: 'TT 5 loa' } },
      { update_id: 3, callback_query: { id: 'q', data: '{"$where":"1"}', from: { id: 7, is_bot: false, first_name: 'x' } } },
      { update_id: 4, message: { message_id: 1, date: 1, chat: { id: 9, type: 'private' }, from: { id: 9, is_bot: false, first_name: 'x' }, contact: { phone_number: { $ne: '' }, first_name: 'x', user_id: 9 } } },
      null,
      'update',
      [],
    ];
    const logsBefore = await logCount(loa.loa.storage);
    for (const update of odd) expectSafe(await loa.postTelegram(update));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 2 ** 40 }), anyText, async (updateId, userId, text) => {
        const update = { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: userId, type: 'private' }, from: { id: userId, is_bot: false, first_name: 'F' }, text } };
        expectSafe(await loa.postTelegram(update));
      }),
      { numRuns: RUNS },
    );
    expect(loa.botApi.sent.filter((c) => c.method === 'sendMessage').length).toBeGreaterThan(RUNS / 2);
    // Telegram users here are not linked to anyone: nothing may be logged for them.
    expect(await logCount(loa.loa.storage)).toBe(logsBefore);
    for (const call of loa.botApi.sent) expect(JSON.stringify(call.body)).not.toMatch(STACK_TRACE);
  });

  it('refuses unsigned, stale and malformed gateway envelopes and changes nothing', async () => {
    const before = await loa.fingerprint();
    const valid = JSON.stringify({ id: 'env-1', deviceId: 'dev1', event: 'sms:received', payload: { message: 'TT 5 loa', phoneNumber: DEMO.collaboratorDong.phone, receivedAt: new Date().toISOString() } });
    expectSafe(await request(loa.loa.app).post('/gateway/android').set('content-type', 'application/json').send(valid), (s) => s === 401);
    expectSafe(await loa.postGateway(valid, { key: 'wrong-key' }), (s) => s === 401);
    expectSafe(await loa.postGateway(valid, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) }), (s) => s === 401);
    expectSafe(await loa.postGateway(valid, { timestamp: '1e9' }), (s) => s === 401);
    const ts = String(Math.floor(Date.now() / 1000));
    const replayed = await request(loa.loa.app)
      .post('/gateway/android')
      .set({ 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': signGatewayPayload(GATEWAY_KEY, valid, ts) })
      .send(valid.replace('TT 5 loa', 'TT 500 loa'));
    expectSafe(replayed, (s) => s === 401);
    const operators = [
      { id: { $ne: '' }, deviceId: 'dev1', event: 'sms:received', payload: {} },
      { id: 'e2', deviceId: 'dev1', event: 'sms:received', payload: { message: 'TT 5 loa', phoneNumber: { $gt: '' }, receivedAt: 'x' } },
      { id: 'e3', deviceId: '$where', event: 'sms:received', payload: { message: { $gt: '' }, phoneNumber: DEMO.collaboratorDong.phone, receivedAt: 'x' } },
    ];
    for (const envelope of operators) expectSafe(await loa.postGateway(JSON.stringify(envelope)), is4xx);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ unit: 'binary', maxLength: 300 })), async (raw) => {
        expectSafe(await loa.postGateway(raw));
      }),
      { numRuns: RUNS },
    );
    expect(await loa.fingerprint()).toBe(before);
  });

  it('answers unknown routes and methods with 404, not a stack trace', async () => {
    for (const [method, path] of [['get', '/sms'], ['put', '/sms'], ['get', '/../../etc/passwd'], ['post', '/telegram/../sms'], ['delete', '/gateway/android'], ['get', '/%E0%A4%A']] as const) {
      expectSafe(await request(loa.loa.app)[method](path).timeout(10_000), is4xx);
    }
  });
});
