import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../../core/clock';
import type { Person } from '../../../core/domain/people';
import { silentLogger } from '../../../core/logger';
import { createOutbox, type Outbox } from '../../../core/outbound/outbox';
import { TransientSendError, type MessageSender } from '../../../core/outbound/port';
import { reply } from '../../../core/reply';
import { AndroidGatewayConfigError, createAndroidGatewaySender, gatewayMessageId } from '../../../sms/android/android-sender';
import { mountAndroidGateway, type AndroidGatewayHandle } from '../../../sms/android/android-webhook';
import { signGatewayPayload } from '../../../sms/android/signature';
import { createHttpApp } from '../../../app/http/http-app';
import { startFakeAndroidGateway, type FakeAndroidGateway } from '../../support/fake-android-gateway';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { SIGNING_KEY, receivedEnvelope, vietnamTime } from './helpers';

const USER = 'sms';
const PASSWORD = 'fake-gateway-password';

interface World {
  fake: FakeAndroidGateway;
  server: http.Server;
  url: string;
  outbox: Outbox;
  sender: MessageSender;
  gateway: AndroidGatewayHandle;
  test: TestCore;
  sleeps: number[];
}

let world: World | undefined;

/** Loa listening on loopback (the fake phone posts its status webhooks there), sending through the fake phone's REST API. */
async function startWorld(): Promise<World> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake = await startFakeAndroidGateway({ username: USER, password: PASSWORD, webhookUrl: `${url}/gateway/android`, signingKey: SIGNING_KEY });
  // Real time here: the fake phone signs with the real clock.
  const test = await createTestCore();
  const sender = createAndroidGatewaySender({ baseUrl: fake.baseUrl, username: USER, password: PASSWORD, timeoutMs: 2_000 });
  const sleeps: number[] = [];
  const outbox = createOutbox({
    records: test.core.repos.outbox,
    senders: [sender],
    render: test.core.render,
    clock: test.clock,
    logger: silentLogger,
    defaultSmsChannel: 'android',
    sleep: async (ms) => void sleeps.push(ms),
  });
  let gateway: AndroidGatewayHandle | undefined;
  const app = createHttpApp({
    logger: silentLogger,
    store: test.storage,
    mount: [
      (a) =>
        void (gateway = mountAndroidGateway(a, {
          signingKey: SIGNING_KEY,
          handleInbound: test.core.handleInbound,
          outbound: outbox,
          recordStatus: (id, status) => outbox.recordStatus(id, status),
          devices: test.storage.doors.gatewayDevices,
          places: test.core.repos.places,
          clock: systemClock,
        })),
    ],
  });
  server.on('request', app);
  return { fake, server, url, outbox, sender, gateway: gateway as AndroidGatewayHandle, test, sleeps };
}

afterEach(async () => {
  if (!world) return;
  await world.fake.close();
  world.server.closeAllConnections();
  await new Promise((resolve) => world!.server.close(resolve));
  world = undefined;
});

async function dong(test: TestCore): Promise<Person> {
  return (await test.core.repos.people.get(DEMO.collaboratorDong.id)) as Person;
}

describe('Android gateway sender (REST API of SMS Gateway for Android)', () => {
  it('delivers one message through a gateway that fails once: the outbox retries, the phone queues it once, sms:delivered is recorded', async () => {
    world = await startWorld();
    world.fake.failNext(1, 503);
    const result = await world.outbox.send({
      person: await dong(world.test),
      reply: reply('help.collaborator'),
      idempotencyKey: 'test:help:1',
    });
    expect(result).toMatchObject({ ok: true, channel: 'android', status: 'queued', providerId: gatewayMessageId('test:help:1') });
    expect(world.fake.requests).toBe(2);
    expect(world.sleeps).toHaveLength(1);
    expect(world.fake.messages).toHaveLength(1);
    expect(world.fake.messages[0]).toMatchObject({ phoneNumbers: [DEMO.collaboratorDong.phone], withDeliveryReport: true });

    expect(await world.fake.emitStatus(world.fake.messages[0]!.id, 'sms:sent')).toBe(200);
    expect(await world.fake.emitStatus(world.fake.messages[0]!.id, 'sms:delivered')).toBe(200);
    expect((await world.outbox.lookup('test:help:1'))?.deliveryStatus).toBe('delivered');

    const again = await world.outbox.send({ person: await dong(world.test), reply: reply('help.collaborator'), idempotencyKey: 'test:help:1' });
    expect(again).toMatchObject({ ok: true, status: 'already_sent' });
    expect(world.fake.messages).toHaveLength(1);
  });

  it('answers a collaborator SMS that came in through the webhook with one text from the phone, even when the envelope is re-posted', async () => {
    world = await startWorld();
    const body = receivedEnvelope({ phoneNumber: '0905000101', message: 'TT 45 hop thon', receivedAt: vietnamTime(new Date()) });
    for (let i = 0; i < 2; i++) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${world.url}/gateway/android`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signGatewayPayload(SIGNING_KEY, body, timestamp), 'x-timestamp': timestamp },
        body,
      });
      expect(res.status).toBe(200);
      await world.gateway.idle();
    }
    expect(world.fake.messages).toHaveLength(1);
    expect(world.fake.messages[0]!.message).toMatch(/^Da ghi/);
    expect(world.fake.messages[0]!.phoneNumbers).toEqual([DEMO.collaboratorDong.phone]);
  });

  it('treats the phone refusing a known message id (409) as already accepted, so a retry after a lost answer never texts twice', async () => {
    world = await startWorld();
    const person = await dong(world.test);
    const first = await world.sender.send(person, 'Da ghi', 'reply:android:lost-answer');
    const second = await world.sender.send(person, 'Da ghi', 'reply:android:lost-answer');
    expect(first).toEqual({ ok: true, providerId: gatewayMessageId('reply:android:lost-answer'), status: 'queued' });
    expect(second).toEqual(first);
    expect(world.fake.messages).toHaveLength(1);
  });

  it('reports wrong credentials as a permanent failure, not retried', async () => {
    world = await startWorld();
    const wrong = createAndroidGatewaySender({ baseUrl: world.fake.baseUrl, username: USER, password: 'nope' });
    await expect(wrong.send(await dong(world.test), 'x', 'k1')).resolves.toMatchObject({ ok: false, reason: 'failed' });
  });

  it('reports a refused phone number as invalid_recipient', async () => {
    world = await startWorld();
    const sender = createAndroidGatewaySender({
      baseUrl: 'http://gateway.invalid',
      username: USER,
      password: PASSWORD,
      fetch: async () => new Response(JSON.stringify({ message: 'invalid phone number' }), { status: 400 }),
    });
    await expect(sender.send(await dong(world.test), 'x', 'k2')).resolves.toMatchObject({ ok: false, reason: 'invalid_recipient' });
  });

  it('throws TransientSendError when the phone cannot be reached, and on 429 with its Retry-After', async () => {
    const person = { _id: 'p', phone: '+84905000101' } as Person;
    const refused = createAndroidGatewaySender({ baseUrl: 'http://127.0.0.1:9', username: USER, password: PASSWORD, timeoutMs: 1_000 });
    await expect(refused.send(person, 'x', 'k3')).rejects.toBeInstanceOf(TransientSendError);
    const busy = createAndroidGatewaySender({
      baseUrl: 'http://gateway.invalid',
      username: USER,
      password: PASSWORD,
      fetch: async () => new Response('{}', { status: 429, headers: { 'retry-after': '7' } }),
    });
    await expect(busy.send(person, 'x', 'k4')).rejects.toMatchObject({ name: 'TransientSendError', retryAfterMs: 7_000 });
  });

  it('refuses to start without URL or credentials', () => {
    expect(() => createAndroidGatewaySender({ baseUrl: '', username: USER, password: PASSWORD })).toThrow(AndroidGatewayConfigError);
    expect(() => createAndroidGatewaySender({ baseUrl: 'http://x', username: USER, password: '' })).toThrow(AndroidGatewayConfigError);
  });
});
