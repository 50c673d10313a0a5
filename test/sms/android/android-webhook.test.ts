import { createLogger } from '../../../adapters/log/pino-logger';
import { fitsOneGsm7Segment } from '../../../core/i18n/gsm7';
import type { Outbound } from '../../../core/outbound/port';
import { signGatewayPayload } from '../../../sms/android/signature';
import { DEMO } from '../../support/test-core';
import { DEVICE_ID, SIGNING_KEY, createGatewayHarness, envelopeId, eventEnvelope, receivedEnvelope, vietnamTime } from './helpers';

/** Collaborator of Thôn Đông as the gateway reports her: local format, no +84. */
const DONG_LOCAL = '0905000101';

describe('POST /gateway/android, sms:received', () => {
  it('logs a correctly signed SMS once, from the E.164 sender, and sends one reply through the Android door', async () => {
    const h = await createGatewayHarness();
    const id = envelopeId();
    const res = await h.post(receivedEnvelope({ id, phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }));
    expect(res.status).toBe(200);
    const logs = await h.logs();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ channel: 'android', channelMessageId: id, participants: 45, personId: DEMO.collaboratorDong.id });
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toMatchObject({ channel: 'android', phone: DEMO.collaboratorDong.phone, key: `reply:android:${id}` });
    expect(h.sent[0]!.text).toContain(String(logs[0]!.code));
    expect(fitsOneGsm7Segment(h.sent[0]!.text)).toBe(true);
  });

  it('does not put the reply in the webhook answer (the app ignores it; it goes through the outbound port)', async () => {
    const h = await createGatewayHarness();
    const res = await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }));
    expect(res.body).toEqual({ status: 'handled' });
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const h = await createGatewayHarness();
    const res = await h.post(receivedEnvelope({ id: 'env-unsigned', phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }), {
      signature: 'ab'.repeat(32),
    });
    expect(res.status).toBe(401);
    expect(await h.logs()).toHaveLength(0);
    expect(await h.core.repos.inbound.get('android', 'env-unsigned')).toBeNull();
    expect(await h.store.doors.gatewayDevices.get(DEVICE_ID)).toBeNull();
    expect(h.sent).toHaveLength(0);
  });

  it('refuses a request without X-Signature and X-Timestamp with 401', async () => {
    const h = await createGatewayHarness();
    const res = await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }), { sign: false });
    expect(res.status).toBe(401);
    expect(await h.logs()).toHaveLength(0);
  });

  it('refuses a validly signed request whose timestamp is more than 5 minutes old (a replay) with 401 and stores nothing', async () => {
    const h = await createGatewayHarness();
    const sixMinutesAgo = Math.floor(h.clock.now().getTime() / 1000) - 6 * 60;
    const res = await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }), {
      timestamp: sixMinutesAgo,
    });
    expect(res.status).toBe(401);
    expect(await h.logs()).toHaveLength(0);
    expect(h.sent).toHaveLength(0);
  });

  it('accepts a timestamp four minutes off (phone and server clocks differ a little)', async () => {
    const h = await createGatewayHarness();
    const fourMinutesAhead = Math.floor(h.clock.now().getTime() / 1000) + 4 * 60;
    const res = await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }), {
      timestamp: fourMinutesAhead,
    });
    expect(res.status).toBe(200);
    expect(await h.logs()).toHaveLength(1);
  });

  it('refuses a body altered after signing', async () => {
    const h = await createGatewayHarness();
    const body = receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) });
    const timestamp = String(Math.floor(h.clock.now().getTime() / 1000));
    const signature = signGatewayPayload(SIGNING_KEY, body, timestamp);
    const res = await h.post(body.replace('TT 45', 'TT 99'), { signature, timestamp: Number(timestamp) });
    expect(res.status).toBe(401);
    expect(await h.logs()).toHaveLength(0);
  });

  it('gives the same envelope id delivered three times (app retries) one log and one reply', async () => {
    const h = await createGatewayHarness();
    const body = receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await h.post(body)).status);
      h.clock.advance(10_000 * 2 ** i); // the app's backoff: 10 s, 20 s, 40 s
    }
    expect(statuses).toEqual([200, 200, 200]);
    expect(await h.logs()).toHaveLength(1);
    expect(h.sent).toHaveLength(1);
  });

  it('gives three concurrent deliveries of one envelope id one log and one reply', async () => {
    const h = await createGatewayHarness();
    const body = receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 30 loa', receivedAt: vietnamTime(h.clock.now()) });
    const responses = await Promise.all([h.post(body), h.post(body), h.post(body)]);
    await h.gateway.idle();
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await h.logs()).toHaveLength(1);
    expect(h.sent).toHaveLength(1);
  });

  it('gives a flooding sender one notice through the Android door that the text was not recorded, then silence; app retries of a let-in envelope never count', async () => {
    const h = await createGatewayHarness({}, undefined, { messagesPerMinute: 2 });
    const first = receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 10 loa', receivedAt: vietnamTime(h.clock.now()) });
    for (let i = 0; i < 3; i++) expect((await h.post(first)).status).toBe(200);
    for (const count of [11, 12, 13]) {
      const res = await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: `TT ${count} loa`, receivedAt: vietnamTime(h.clock.now()) }));
      expect(res.status).toBe(200);
    }
    expect((await h.logs()).map((log) => log.participants)).toEqual([10, 11]);
    expect(h.sent.map((m) => m.text.slice(0, 9))).toEqual(['Da ghi TT', 'Da ghi TT', 'Qua nhieu']);
    expect(h.sent[2]).toMatchObject({ channel: 'android', phone: DEMO.collaboratorDong.phone });
  });

  it('makes two logs of two envelopes that share a payload messageId but differ in text (messageId is content-derived, not unique)', async () => {
    const h = await createGatewayHarness();
    const at = vietnamTime(h.clock.now());
    await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: at, messageId: 'same-id' }));
    await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 30 loa', receivedAt: at, messageId: 'same-id' }));
    const logs = await h.logs();
    expect(logs.map((l) => l.participants).sort()).toEqual([30, 45]);
    expect(h.sent).toHaveLength(2);
  });

  it('dates "hom qua" from the phone receive time: relayed 20 hours late across midnight, it is two days before processing', async () => {
    const h = await createGatewayHarness();
    // Processed Friday 20 Nov 2026, 08:00 in Vietnam; the collaborator sent it Thursday 19 Nov, 12:00.
    h.clock.set(new Date('2026-11-20T01:00:00Z'));
    const sentAt = new Date(h.clock.now().getTime() - 20 * 3600_000);
    expect(vietnamTime(sentAt)).toBe('2026-11-19T12:00:00.000+07:00');
    const res = await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon hom qua', receivedAt: vietnamTime(sentAt) }));
    expect(res.status).toBe(200);
    const logs = await h.logs();
    expect(logs).toHaveLength(1);
    expect(logs[0]!.date).toBe('2026-11-18');
  });

  it('answers 503 while the store is down and stores nothing; the app retry then makes exactly one log and one reply', async () => {
    const h = await createGatewayHarness();
    const body = receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) });
    h.store.down = true;
    const first = await h.post(body);
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('10');
    h.store.down = false;
    expect(await h.logs()).toHaveLength(0);
    expect(h.sent).toHaveLength(0);
    h.clock.advance(10_000);
    const retry = await h.post(body);
    expect(retry.status).toBe(200);
    expect(await h.logs()).toHaveLength(1);
    expect(h.sent).toHaveLength(1);
  });

  it('keeps answering 2xx when the reply cannot be sent, so the app does not re-post a logged SMS', async () => {
    const failing: Outbound = { send: () => Promise.reject(new Error('outbox exploded')) };
    const h = await createGatewayHarness({ outbound: failing });
    const res = await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }));
    expect(res.status).toBe(200);
    expect(await h.logs()).toHaveLength(1);
  });

  it('accepts the sender in +84 form as well as the local 0905 form', async () => {
    const h = await createGatewayHarness();
    await h.post(receivedEnvelope({ phoneNumber: DEMO.collaboratorTay.phone, message: 'TT 20 loa', receivedAt: vietnamTime(h.clock.now()) }));
    expect((await h.logs())[0]).toMatchObject({ personId: DEMO.collaboratorTay.id });
  });

  it('answers an unregistered number once through the Android door and logs nothing', async () => {
    const h = await createGatewayHarness();
    await h.post(receivedEnvelope({ phoneNumber: '0905999999', message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }));
    expect(await h.logs()).toHaveLength(0);
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toMatchObject({ channel: 'android', phone: DEMO.unregisteredPhone });
  });

  it('ignores carrier notices from a named sender (no log, no reply, still 2xx so the app stops retrying)', async () => {
    const h = await createGatewayHarness();
    const res = await h.post(receivedEnvelope({ phoneNumber: 'Viettel', message: 'KM 50% the nap', receivedAt: vietnamTime(h.clock.now()) }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ignored' });
    expect(await h.logs()).toHaveLength(0);
    expect(h.sent).toHaveLength(0);
  });

  it('dates a receivedAt in the future (a phone clock running ahead) by arrival', async () => {
    const h = await createGatewayHarness();
    const tomorrow = new Date(h.clock.now().getTime() + 24 * 3600_000);
    await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(tomorrow) }));
    expect((await h.logs())[0]!.date).toBe('2026-11-20');
  });

  it.each([
    ['a clock reset to 1970', () => '1970-01-01T07:00:00.000+07:00', 'too_old'],
    ['a wrong year', (now: Date) => vietnamTime(new Date(now.getTime() - 365 * 24 * 3600_000)), 'too_old'],
    ['a time older than the app keeps retrying (4 days)', (now: Date) => vietnamTime(new Date(now.getTime() - 4 * 24 * 3600_000)), 'too_old'],
    ['an unreadable time', () => 'yesterday-ish', 'unreadable'],
  ])('dates a receivedAt from %s by arrival and logs why', async (_what, receivedAt, reason) => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const h = await createGatewayHarness({ logger });
    await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: receivedAt(h.clock.now()) }));
    expect((await h.logs())[0]!.date).toBe('2026-11-20');
    expect(lines.map((l) => JSON.parse(l) as { reason?: string; msg: string }).filter((l) => l.reason === reason && /receivedAt/.test(l.msg))).toHaveLength(1);
  });

  it('keeps the phone’s time for an SMS relayed two days late (inside the app’s retry span)', async () => {
    const h = await createGatewayHarness();
    const sentAt = new Date(h.clock.now().getTime() - 2 * 24 * 3600_000);
    await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(sentAt) }));
    expect((await h.logs())[0]!.date).toBe('2026-11-18');
  });

  it('refuses a signed body that is not a gateway envelope with 400', async () => {
    const h = await createGatewayHarness();
    const res = await h.post(JSON.stringify({ hello: 'world' }));
    expect(res.status).toBe(400);
    expect(await h.logs()).toHaveLength(0);
  });
});

describe('POST /gateway/android, status and health events', () => {
  it('records sms:sent then sms:delivered for the reply, and a late sms:sent does not move the status back', async () => {
    const h = await createGatewayHarness();
    const id = envelopeId();
    await h.post(receivedEnvelope({ id, phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }));
    const view = await h.outbox.lookup(`reply:android:${id}`);
    const providerId = view?.providerId as string;
    expect(providerId).toBeDefined();
    for (const event of ['sms:sent', 'sms:delivered', 'sms:sent']) {
      const res = await h.post(eventEnvelope(event, { messageId: providerId, phoneNumber: DEMO.collaboratorDong.phone, simNumber: 1 }));
      expect(res.status).toBe(200);
    }
    expect((await h.outbox.lookup(`reply:android:${id}`))?.deliveryStatus).toBe('delivered');
  });

  it('records sms:failed for a reply the phone could not send', async () => {
    const h = await createGatewayHarness();
    const id = envelopeId();
    await h.post(receivedEnvelope({ id, phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }));
    const providerId = (await h.outbox.lookup(`reply:android:${id}`))?.providerId as string;
    await h.post(eventEnvelope('sms:failed', { messageId: providerId, phoneNumber: DEMO.collaboratorDong.phone, failedAt: vietnamTime(h.clock.now()), reason: 'RESULT_ERROR_NO_SERVICE' }));
    expect((await h.outbox.lookup(`reply:android:${id}`))?.deliveryStatus).toBe('failed');
  });

  it('answers 503 to a status event while the store is down, so the app retries it', async () => {
    const h = await createGatewayHarness();
    h.store.down = true;
    const res = await h.post(eventEnvelope('sms:delivered', { messageId: 'x1', phoneNumber: DEMO.collaboratorDong.phone }));
    h.store.down = false;
    expect(res.status).toBe(503);
  });

  it('records a system:ping as the device last seen at server time', async () => {
    const h = await createGatewayHarness();
    const res = await h.post(eventEnvelope('system:ping', { health: { status: 'pass' } }, 'device-ping-1'));
    expect(res.status).toBe(200);
    const device = await h.gateway.devices.get('device-ping-1');
    expect(device).toMatchObject({ lastSeenAt: h.clock.now().toISOString(), lastPingAt: h.clock.now().toISOString() });
    h.clock.advance(60_000);
    await h.post(eventEnvelope('system:ping', {}, 'device-ping-1'));
    expect((await h.gateway.devices.get('device-ping-1'))?.lastSeenAt).toBe(h.clock.now().toISOString());
  });

  it('registers a device to the commune of the first registered sender whose SMS it relays, and keeps it', async () => {
    const h = await createGatewayHarness();
    await h.post(eventEnvelope('system:ping', {}));
    expect((await h.gateway.devices.get(DEVICE_ID))?.communeId).toBeUndefined();
    await h.post(receivedEnvelope({ phoneNumber: DONG_LOCAL, message: 'TT 45 hop thon', receivedAt: vietnamTime(h.clock.now()) }));
    expect(await h.gateway.devices.get(DEVICE_ID)).toMatchObject({ communeId: DEMO.commune, communeSource: 'roster' });
    // A visitor from another commune texting this phone does not move it.
    await h.post(receivedEnvelope({ phoneNumber: '0905000301', message: 'TT 10 loa', receivedAt: vietnamTime(h.clock.now()) }));
    expect((await h.gateway.devices.get(DEVICE_ID))?.communeId).toBe(DEMO.commune);
  });

  it('acknowledges events it does not use (mms:received, app:started) without retries', async () => {
    const h = await createGatewayHarness();
    const res = await h.post(eventEnvelope('app:started', { simCards: [] }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ignored' });
  });
});
