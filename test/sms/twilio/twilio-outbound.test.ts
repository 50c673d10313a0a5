import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Person } from '../../../core/domain/people';
import { fitsOneGsm7Segment } from '../../../core/i18n/gsm7';
import { silentLogger } from '../../../core/logger';
import { createOutbox, type Outbox } from '../../../core/outbound/outbox';
import { TransientSendError, type MessageSender } from '../../../core/outbound/port';
import { reply } from '../../../core/reply';
import { createHttpApp } from '../../../app/http/http-app';
import { mountSms } from '../../../sms/twilio/sms-webhook';
import { createTwilioSender, TwilioSenderConfigError } from '../../../sms/twilio/twilio-sender';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { ACCOUNT_SID, AUTH_TOKEN } from './helpers';

interface World {
  fake: FakeTwilio;
  server: http.Server;
  publicUrl: string;
  outbox: Outbox;
  sender: MessageSender;
  test: TestCore;
}

let world: World;

/** Loa listening on loopback (so the fake Twilio can call its status callback) with the real SDK pointed at the fake. */
async function startWorld(senderOptions: { messagingServiceSid?: string } = {}): Promise<World> {
  const fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const test = await createTestCore();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sender = createTwilioSender({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    ...(senderOptions.messagingServiceSid ? { messagingServiceSid: senderOptions.messagingServiceSid } : { from: '+84900000000' }),
    publicUrl,
    apiBaseUrl: fake.baseUrl,
  });
  const outbox = createOutbox({
    records: test.core.repos.outbox,
    senders: [sender],
    render: test.core.render,
    clock: test.clock,
    logger: silentLogger,
    defaultSmsChannel: 'sms',
    sleep: async () => undefined,
  });
  const app = createHttpApp({
    logger: silentLogger,
    store: test.storage,
    mount: [
      mountSms(
        {
          handleInbound: test.core.handleInbound,
          render: test.core.render,
          onStatus: (sid, status) => outbox.recordStatus(sid, status),
          authToken: AUTH_TOKEN,
          publicUrl,
          clock: test.clock,
        },
        silentLogger,
      ),
    ],
  });
  server.on('request', app);
  return { fake, server, publicUrl, outbox, sender, test };
}

async function stopWorld(w: World): Promise<void> {
  w.server.closeAllConnections();
  await new Promise((resolve) => w.server.close(resolve));
  await w.fake.close();
}

async function collaborator() {
  const person = await world.test.core.repos.people.get(DEMO.collaboratorDong.id);
  if (!person) throw new Error('demo collaborator missing');
  return person;
}

describe('Twilio outbound with the real SDK against a fake Twilio', () => {
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await stopWorld(world);
  });

  it('retries after a 500 from Twilio and ends with exactly one delivered message', async () => {
    world.fake.failNext(1, 500);
    const person = await collaborator();
    const result = await world.outbox.send({ person, reply: reply('help.collaborator'), idempotencyKey: 'reminder:2026-11-20:ctv-dong' });
    expect(result).toMatchObject({ ok: true, status: 'queued', channel: 'sms' });
    expect(world.fake.requests).toBe(2);
    expect(world.fake.messages).toHaveLength(1);
    const sent = world.fake.messages[0]!;
    expect(sent.to).toBe(DEMO.collaboratorDong.phone);
    expect(sent.statusCallback).toBe(`${world.publicUrl}/sms/status`);

    expect(await world.fake.sendStatus(sent.sid, 'sent')).toBe(204);
    expect(await world.fake.sendStatus(sent.sid, 'delivered')).toBe(204);
    expect(await world.outbox.lookup('reminder:2026-11-20:ctv-dong')).toMatchObject({
      state: 'queued',
      providerId: sent.sid,
      deliveryStatus: 'delivered',
      attempts: 2,
    });
  });

  it('keeps "delivered" when Twilio status callbacks arrive out of order', async () => {
    const person = await collaborator();
    await world.outbox.send({ person, reply: reply('help.collaborator'), idempotencyKey: 'k' });
    const sid = world.fake.messages[0]!.sid;
    for (const status of ['delivered', 'sent', 'queued', 'sending']) expect(await world.fake.sendStatus(sid, status)).toBe(204);
    expect((await world.outbox.lookup('k'))?.deliveryStatus).toBe('delivered');
  });

  it('sends nothing to Twilio for a reused idempotency key', async () => {
    const person = await collaborator();
    await world.outbox.send({ person, reply: reply('help.collaborator'), idempotencyKey: 'k' });
    const again = await world.outbox.send({ person, reply: reply('help.collaborator'), idempotencyKey: 'k' });
    expect(again).toMatchObject({ ok: true, status: 'already_sent' });
    expect(world.fake.requests).toBe(1);
  });

  it('sends a one-segment GSM-7 text rendered in the SMS style', async () => {
    const person = await collaborator();
    await world.outbox.send({ person, reply: reply('help.collaborator'), idempotencyKey: 'k' });
    const body = world.fake.messages[0]!.body;
    expect(body).toMatch(/^Loa: /);
    expect(fitsOneGsm7Segment(body)).toBe(true);
  });

  it('reports a number Twilio calls invalid as invalid_recipient, without retrying', async () => {
    world.fake.failNext(1, 400, 21211);
    const person = await collaborator();
    const result = await world.outbox.send({ person, reply: reply('help.collaborator'), idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: false, reason: 'invalid_recipient' });
    expect(world.fake.requests).toBe(1);
  });

  it('reports a recipient who replied STOP as blocked', async () => {
    world.fake.failNext(1, 400, 21610);
    const person = await collaborator();
    expect(await world.outbox.send({ person, reply: reply('help.collaborator'), idempotencyKey: 'k' })).toMatchObject({ ok: false, reason: 'blocked' });
  });

  it('refuses a status callback that is not signed by Twilio', async () => {
    const res = await fetch(`${world.publicUrl}/sms/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'MessageSid=SMx&MessageStatus=delivered',
    });
    expect(res.status).toBe(403);
    expect(await world.outbox.recordStatus('SMx', 'sent')).toMatchObject({ changed: true });
  });
});

const somebody: Person = { _id: 'p', name: 'p', role: { kind: 'collaborator', placeId: 'x' }, placePath: ['x'], lng: 'vi', remindersOff: false, createdAt: '' };

describe('createTwilioSender', () => {
  it('uses the messaging service sid when one is configured', async () => {
    const w = await startWorld({ messagingServiceSid: 'MG' + '2'.repeat(32) });
    try {
      world = w;
      const person = await collaborator();
      await w.outbox.send({ person, reply: reply('help.collaborator'), idempotencyKey: 'k' });
      expect(w.fake.messages[0]).toMatchObject({ messagingServiceSid: 'MG' + '2'.repeat(32) });
      expect(w.fake.messages[0]?.from).toBeUndefined();
    } finally {
      await stopWorld(w);
    }
  });

  it('throws a transient error when Twilio cannot be reached at all', async () => {
    const sender = createTwilioSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+84900000000', apiBaseUrl: 'http://127.0.0.1:1' });
    await expect(sender.send({ ...somebody, phone: '+84905000101' }, 'hi', 'k')).rejects.toBeInstanceOf(TransientSendError);
  });

  it('cannot be created without a sender number or messaging service', () => {
    expect(() => createTwilioSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN })).toThrow(TwilioSenderConfigError);
  });

  it('can reach only people who have a phone number', () => {
    const sender = createTwilioSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+84900000000' });
    expect(sender.canReach({ ...somebody, phone: '+84905000101' })).toBe(true);
    expect(sender.canReach({ ...somebody, accounts: [{ door: 'telegram', id: '5' }] })).toBe(false);
  });
});
