import type { Express } from 'express';
import { storedLogs } from '../../support/stored';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import request from 'supertest';
import { accountOn, type Person } from '../../../core/domain/people';
import { silentLogger } from '../../../core/logger';
import { createOutbox, type Outbox } from '../../../core/outbound/outbox';
import type { MessageSender, SenderResult } from '../../../core/outbound/port';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { switchableStore } from '../../support/switchable-store';
import { mountAndroidGateway, type AndroidGatewayDeps, type AndroidGatewayHandle } from '../../../sms/android/android-webhook';
import { signGatewayPayload } from '../../../sms/android/signature';
import { createHttpApp } from '../../../app/http/http-app';
import type { CoreSettings } from '../../../core/usecases/context';
import { createTestCore, type TestCore } from '../../support/test-core';

export const SIGNING_KEY = 'test-signing-key-0123456789';
export const DEVICE_ID = 'ffffffffceb0b1db0000018e937c815b';

let counter = 0;
/** Envelope ids look like the app's (21-character nanoids). */
export function envelopeId(): string {
  counter++;
  return `Ey6ECgOkVVFjz3CL${String(counter).padStart(5, '0')}`;
}

/** An `sms:received` envelope in the recorded format of docs.sms-gate.app ("Webhooks"), serialised the way the app does. */
export function receivedEnvelope(input: { id?: string; phoneNumber: string; message: string; receivedAt: string; messageId?: string; deviceId?: string }): string {
  return JSON.stringify({
    deviceId: input.deviceId ?? DEVICE_ID,
    event: 'sms:received',
    id: input.id ?? envelopeId(),
    payload: {
      messageId: input.messageId ?? 'abc123',
      message: input.message,
      phoneNumber: input.phoneNumber,
      simNumber: 1,
      receivedAt: input.receivedAt,
    },
    webhookId: 'LreFUt-Z3sSq0JufY9uWB',
  });
}

export function eventEnvelope(event: string, payload: Record<string, unknown>, deviceId = DEVICE_ID, id = envelopeId()): string {
  return JSON.stringify({ deviceId, event, id, payload, webhookId: 'LreFUt-Z3sSq0JufY9uWB' });
}

/** The phone's local time with its offset, like the app writes `receivedAt`. */
export function vietnamTime(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3600_000).toISOString().replace('Z', '');
  return `${local}+07:00`;
}

export interface SentMessage {
  channel: string;
  personId: string;
  phone?: string;
  text: string;
  key: string;
}

/** A door that records what it was asked to send. */
export function recordingSender(channel: 'android' | 'telegram' | 'sms', sent: SentMessage[]): MessageSender {
  let n = 0;
  return {
    channel,
    canReach: (p: Person) => (channel === 'telegram' ? accountOn(p, 'telegram') !== undefined : typeof p.phone === 'string'),
    async send(person, text, key): Promise<SenderResult> {
      sent.push({ channel, personId: person._id, ...(person.phone ? { phone: person.phone } : {}), text, key });
      return { ok: true, providerId: `${channel}-${++n}`, status: 'queued' };
    },
  };
}

export interface GatewayHarness extends TestCore {
  app: Express;
  store: OpenStorage & { down: boolean };
  outbox: Outbox;
  gateway: AndroidGatewayHandle;
  sent: SentMessage[];
  logs(): Promise<Record<string, unknown>[]>;
  /** Posts `body` signed like the app, with `X-Timestamp` = the test clock (or `timestamp`). */
  post(body: string, options?: { signature?: string; timestamp?: number; sign?: boolean }): Promise<request.Response>;
}

export async function createGatewayHarness(
  overrides: Partial<AndroidGatewayDeps> = {},
  inner?: OpenStorage,
  settings?: Partial<CoreSettings>,
): Promise<GatewayHarness> {
  const store = switchableStore(inner ?? await openEmbeddedStorage());
  const test = await createTestCore({ storage: store, ...(settings ? { settings } : {}) });
  const sent: SentMessage[] = [];
  const outbox = createOutbox({
    records: store.repos.outbox,
    senders: [recordingSender('android', sent), recordingSender('telegram', sent)],
    render: test.core.render,
    clock: test.clock,
    logger: silentLogger,
    defaultSmsChannel: 'android',
    sleep: async () => undefined,
  });
  let mounted: AndroidGatewayHandle | undefined;
  // Mounted the way the composition root does: on the shared app, after /sms, before the 404 handler.
  const app = createHttpApp({ logger: silentLogger, store, mount: [(a) => void (mounted = mountAndroidGateway(a, {
    signingKey: SIGNING_KEY,
    handleInbound: test.core.handleInbound,
    outbound: outbox,
    recordStatus: (id, status) => outbox.recordStatus(id, status),
    devices: store.doors.gatewayDevices,
    places: test.core.repos.places,
    clock: test.clock,
    logger: silentLogger,
    ...overrides,
  }))] });
  const gateway = mounted as AndroidGatewayHandle;
  return {
    ...test,
    store,
    app,
    outbox,
    gateway,
    sent,
    logs: () => storedLogs(store),
    async post(body, options = {}) {
      const timestamp = String(options.timestamp ?? Math.floor(test.clock.now().getTime() / 1000));
      let req = request(app).post('/gateway/android').set('content-type', 'application/json; charset=UTF-8');
      if (options.sign !== false) {
        req = req.set('x-timestamp', timestamp).set('x-signature', options.signature ?? signGatewayPayload(SIGNING_KEY, body, timestamp));
      }
      const res = await req.send(body);
      await gateway.idle();
      return res;
    },
  };
}
