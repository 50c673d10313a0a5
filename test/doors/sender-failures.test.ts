import { Api } from 'grammy';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import request from 'supertest';
import { createTelegramSender } from '../../bot/telegram/sender/telegram-sender';
import { FakeClock } from '../../core/clock';
import type { Person } from '../../core/domain/people';
import { createLogger } from '../../adapters/log/pino-logger';
import { createOutbox } from '../../core/outbound/outbox';
import type { MessageSender } from '../../core/outbound/port';
import { rendererFor } from '../../core/i18n/render';
import { createI18n } from '../../core/i18n/i18n';
import { reply } from '../../core/reply';
import { createAndroidGatewaySender } from '../../sms/android/android-sender';
import { createTwilioSender } from '../../sms/twilio/twilio-sender';
import { ZaloApi } from '../../bot/zalo/api-client';
import { createZaloSender } from '../../bot/zalo/zalo-sender';
import { CapturedLog, createLoaUnderTest } from '../../tools/harness/loa-under-test';
import { DEMO } from '../support/test-core';
import { csrfOf } from '../web/harness';
import { FAILURE_MODES, startFailingProvider } from './failing-provider';

/**
 * Issue 20 item 2: a sender that fails must not write the request it made
 * into the log (the Twilio SDK's error carried `Authorization: Basic …`,
 * the body with the sign-in code and `To=%2B849…`).
 */
jest.setTimeout(60_000);

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const GATEWAY_USER = 'gwuser';
const GATEWAY_PASS = 'gateway-password-0123456789';
const BOT_TOKEN = '654321:TELEGRAM-SECRET-TOKEN-abcdef';
const ZALO_TOKEN = '9876543210:zalo-secret-token-abcdef';
const CODE = '366506';
const PHONE = '+84905000201';

/** Every way the secrets, the number and the code could be spelled in a log line. */
function forbidden(): string[] {
  const national = `0${PHONE.slice(3)}`;
  return [
    TOKEN,
    Buffer.from(`${SID}:${TOKEN}`).toString('base64'),
    GATEWAY_PASS,
    Buffer.from(`${GATEWAY_USER}:${GATEWAY_PASS}`).toString('base64'),
    BOT_TOKEN,
    BOT_TOKEN.split(':')[1] as string,
    ZALO_TOKEN,
    ZALO_TOKEN.split(':')[1] as string,
    CODE,
    PHONE,
    PHONE.slice(1),
    encodeURIComponent(PHONE),
    national,
    'Ma dang nhap',
    'Mã đăng nhập',
    'Nhập mã',
  ];
}

function hits(text: string): string[] {
  return forbidden().filter((secret) => text.includes(secret));
}

describe('a web sign-in code whose Twilio request is reset (the probe)', () => {
  it('logs the failure without the auth token, the code, the message or the full number', async () => {
    const provider = await startFailingProvider();
    const loa = await createLoaUnderTest({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: '+15005550006', TWILIO_API_BASE_URL: provider.url });
    try {
      const agent = request.agent(loa.loa.app);
      const form = await agent.get('/web/login');
      await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: '0905000201' });
      expect(provider.requests).toBeGreaterThan(0);
      expect(loa.log.text()).toMatch(/twilio/i);
      expect(hits(loa.log.text())).toEqual([]);
    } finally {
      await loa.close();
      await provider.close();
    }
  });
});

describe('every door\'s sender failing in every way', () => {
  const person: Person = {
    _id: DEMO.officer.id,
    name: 'Cán bộ',
    role: { kind: 'officer', placeId: DEMO.commune },
    placePath: [DEMO.province, DEMO.commune],
    phone: PHONE,
    accounts: [{ door: 'telegram', id: '905000201' }, { door: 'zalo', id: 'zalo-905000201' }],
    lng: 'vi',
    remindersOff: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  };

  function senders(url: string, log: ReturnType<typeof createLogger>): MessageSender[] {
    const people = { setAccountBlocked: async () => undefined };
    const clock = new FakeClock(new Date('2026-12-05T03:00:00Z'));
    return [
      createTwilioSender({ accountSid: SID, authToken: TOKEN, from: '+15005550006', apiBaseUrl: url, timeoutMs: 300, logger: log }),
      createAndroidGatewaySender({ baseUrl: url, username: GATEWAY_USER, password: GATEWAY_PASS, timeoutMs: 300, logger: log }),
      createTelegramSender({ api: new Api(BOT_TOKEN, { apiRoot: url, timeoutSeconds: 1 }), people, logger: log, clock }),
      createZaloSender({ api: new ZaloApi({ token: ZALO_TOKEN, apiRoot: url, timeoutMs: 300 }), people, clock, logger: log }),
    ];
  }

  it.each(FAILURE_MODES)('%s: 0 secrets, codes, bodies or full numbers in the log of any door', async (mode) => {
    const provider = await startFailingProvider();
    provider.mode = mode;
    const captured = new CapturedLog();
    const log = createLogger('debug', captured);
    const store = await openEmbeddedStorage();
    try {
      const outbox = createOutbox({
        records: store.repos.outbox,
        senders: senders(provider.url, log),
        render: rendererFor(createI18n()),
        clock: new FakeClock(new Date('2026-12-05T03:00:00Z')),
        logger: log,
        defaultSmsChannel: 'sms',
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        sleep: async () => undefined,
      });
      for (const channel of ['sms', 'android', 'telegram', 'zalo'] as const) {
        const result = await outbox.send({ person, reply: reply('codes:message.web-login', { code: CODE, minutes: 10 }), idempotencyKey: `t:${mode}:${channel}`, channel });
        expect(result.ok).toBe(false);
      }
      expect(provider.requests).toBeGreaterThanOrEqual(4);
      expect(captured.lines.length).toBeGreaterThan(3);
      expect(hits(captured.text())).toEqual([]);
    } finally {
      await store.close();
      await provider.close();
    }
  });
});
