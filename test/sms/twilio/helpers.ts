import type { Express } from 'express';
import { logCount } from '../../support/stored';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import request from 'supertest';
import { silentLogger } from '../../../core/logger';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { switchableStore } from '../../support/switchable-store';
import { createHttpApp, type HttpAppOptions } from '../../../app/http/http-app';
import { mountSms, type SmsWebhookOptions } from '../../../sms/twilio/sms-webhook';
import { inboundSmsParams, signedTwilioPost } from '../../../sms/twilio/sign-request';
import type { CoreSettings } from '../../../core/usecases/context';
import { createTestCore, type TestCore } from '../../support/test-core';

export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const ACCOUNT_SID = 'AC' + '1'.repeat(32);
export const PUBLIC_URL = 'https://loa.example.org';

export interface SmsHarness extends TestCore {
  app: Express;
  store: OpenStorage & { down: boolean };
  logCount(): Promise<number>;
  /** Posts a correctly signed inbound SMS; `sign: false` leaves the signature off, a string replaces it. */
  postSms(input: { from: string; body: string; messageSid?: string; sign?: boolean | string }): Promise<request.Response>;
}

export async function createSmsHarness(
  options: { sms?: Partial<SmsWebhookOptions>; app?: Partial<HttpAppOptions>; store?: OpenStorage; settings?: Partial<CoreSettings> } = {},
): Promise<SmsHarness> {
  const store = switchableStore(options.store ?? await openEmbeddedStorage());
  const testCore = await createTestCore({ storage: store, settings: { messagesPerMinute: 1_000, ...options.settings } });
  const { core, clock } = testCore;
  const app = createHttpApp({
    logger: silentLogger,
    store,
    ...options.app,
    mount: [
      mountSms(
        {
          handleInbound: core.handleInbound,
          render: core.render,
          authToken: AUTH_TOKEN,
          publicUrl: PUBLIC_URL,
          clock,
          ...options.sms,
        },
        silentLogger,
      ),
      ...(options.app?.mount ?? []),
    ],
  });
  return {
    ...testCore,
    app,
    store,
    logCount: () => logCount(store),
    postSms(input) {
      const params = inboundSmsParams({ from: input.from, body: input.body, ...(input.messageSid ? { messageSid: input.messageSid } : {}) });
      const signed = signedTwilioPost(AUTH_TOKEN, `${PUBLIC_URL}/sms`, params);
      let req = request(app).post('/sms').set('content-type', signed.headers['content-type'] as string);
      if (input.sign === undefined || input.sign === true) req = req.set('x-twilio-signature', signed.headers['x-twilio-signature'] as string);
      else if (typeof input.sign === 'string') req = req.set('x-twilio-signature', input.sign);
      return req.send(signed.body);
    },
  };
}

/** The text of the TwiML `<Message>`, or null for an empty `<Response/>`. */
export function twimlMessage(xml: string): string | null {
  const match = /<Message>([\s\S]*?)<\/Message>/.exec(xml);
  return match ? (match[1] as string) : null;
}
