import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { signGatewayPayload } from '../../sms/android/signature';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../sms/twilio/sign-request';
import { AUTH_TOKEN, createLoaUnderTest, GATEWAY_KEY, PUBLIC_URL, TELEGRAM_SECRET, type LoaUnderTest } from './loa-under-test';
import { startFakeZaloApi, type FakeZaloApi } from './fake-zalo-api';
import { DEMO } from './demo-people';
import type { RuntimeOptions } from '../../app/runtime';

/**
 * Fuzzing every HTTP door with valid credentials (signed `/sms`, signed
 * `/gateway/android`, `/zalo` and `/telegram` with their secrets): random
 * texts from known and unknown senders, with random platform dates and
 * copies. Shared by the bounded jest property and `bench/fuzz-doors-bench.ts`.
 */
export const DOORS = ['sms', 'gateway', 'zalo', 'telegram'] as const;
export type FuzzDoor = (typeof DOORS)[number];

export interface FuzzCase {
  door: FuzzDoor;
  text: string;
  /** Index into the door's senders: the first are on the roster (or linked), the rest are strangers. */
  sender: number;
  /** Milliseconds added to now for the platform's date; or an impossible value. */
  date: number;
  /** Send the same delivery twice. */
  copy: boolean;
}

const ZALO_SECRET = 'fuzz-zalo-webhook-secret-0123';
const PHONES = [DEMO.collaboratorDong.phone, DEMO.collaboratorTay.phone, DEMO.officer.phone, DEMO.admin.phone, DEMO.unregisteredPhone, '+84912345678', '+15005550006'];
const TG_IDS = [8_300_001, 8_300_002, 8_300_003, 9_999_999];
const ZALO_IDS = ['fz-dong', 'fz-officer', 'fz-other', 'fz-stranger'];

const word = fc.constantFrom('TT', 'HUY', 'SUA', 'DK', 'XEM', 'TONGHOP', 'THANG', 'QUY', 'NHAC', 'HAN', 'BAOCAO', 'CHUA', 'CHITIEU', 'XUAT', 'hop', 'thon', 'loa', 'tn', 'nd', 'hom qua', '20/11', '31/02', 'T11/2026', '?', '/start', '0905000201');
const structured = fc.array(fc.oneof(word, fc.integer({ min: -1e6, max: 1e12 }).map(String), fc.stringMatching(/^[0-9]{1,70}$/)), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(' '));

export const fuzzText: fc.Arbitrary<string> = fc.oneof(
  structured,
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('', ' ', '\u0000', '\uFEFFTT 5 loa', '🙂'.repeat(300), '%s%n', '{{t}}', '<Message>x</Message>', 'TONGHOP THANG ' + '9'.repeat(60)),
);

const DAY = 86_400_000;
export const fuzzDate: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -3 * DAY, max: 0 }),
  fc.integer({ min: -800 * DAY, max: 800 * DAY }),
  fc.constantFrom(1e20, -1, Number.MAX_SAFE_INTEGER, 0.5, 8.64e15),
);

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  door: fc.constantFrom(...DOORS),
  text: fuzzText,
  sender: fc.nat({ max: 6 }),
  date: fuzzDate,
  copy: fc.boolean(),
});

export interface DoorsWorld {
  loa: LoaUnderTest;
  /** Posts one case (twice when `copy`) and returns every status. */
  send(c: FuzzCase): Promise<number[]>;
  close(): Promise<void>;
}

/** `runtime`: options for the Loa under test (a test's extra command folder). */
export async function startDoorsWorld(runtime: Omit<RuntimeOptions, 'logger'> = {}): Promise<DoorsWorld> {
  const zalo: FakeZaloApi = await startFakeZaloApi();
  const loa = await createLoaUnderTest({ ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.root, ZALO_WEBHOOK_URL: 'https://loa.example.org/zalo', ZALO_WEBHOOK_SECRET: ZALO_SECRET, LOG_LEVEL: 'warn' }, runtime);
  const people = loa.loa.core.repos.people;
  await people.linkAccount(DEMO.collaboratorDong.id, 'telegram', String(TG_IDS[0]!));
  await people.linkAccount(DEMO.officer.id, 'telegram', String(TG_IDS[1]!));
  await people.linkAccount(DEMO.collaboratorTay.id, 'zalo', ZALO_IDS[0]!);
  await people.linkAccount(DEMO.admin.id, 'zalo', ZALO_IDS[1]!);
  let updateId = 1_000_000;

  /** One delivery as the platform would make it: path, headers, raw body. */
  function delivery(c: FuzzCase): { path: string; headers: Record<string, string>; body: string } {
    const now = Date.now();
    const at = c.date > 1e9 || c.date < -1e12 ? c.date : now + c.date;
    const phone = PHONES[c.sender % PHONES.length]!;
    if (c.door === 'sms') {
      const signed = signedTwilioPost(AUTH_TOKEN, `${PUBLIC_URL}/sms`, inboundSmsParams({ from: phone, body: c.text, messageSid: newMessageSid() }));
      return { path: '/sms', headers: signed.headers, body: signed.body };
    }
    if (c.door === 'gateway') {
      const receivedAt = Number.isFinite(at) && Math.abs(at) < 8.64e15 ? new Date(at).toISOString() : String(at);
      const body = JSON.stringify({ id: randomUUID(), deviceId: 'fuzz-device', event: 'sms:received', webhookId: 'w', payload: { messageId: randomUUID(), message: c.text, phoneNumber: phone, simNumber: 1, receivedAt } });
      const timestamp = String(Math.floor(now / 1000));
      return { path: '/gateway/android', headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signGatewayPayload(GATEWAY_KEY, body, timestamp) }, body };
    }
    if (c.door === 'zalo') {
      const user = ZALO_IDS[c.sender % ZALO_IDS.length]!;
      const update = { event_name: 'message.text.received', message: { message_id: randomUUID(), from: { id: user, display_name: 'F', is_bot: false }, chat: { id: user, chat_type: 'PRIVATE' }, date: at, text: c.text } };
      return { path: '/zalo', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET }, body: JSON.stringify(update) };
    }
    const user = TG_IDS[c.sender % TG_IDS.length]!;
    updateId++;
    const update = { update_id: updateId, message: { message_id: updateId, date: Math.floor(at / 1000), chat: { id: user, type: 'private' }, from: { id: user, is_bot: false, first_name: 'F' }, text: c.text } };
    return { path: '/telegram', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(update) };
  }

  const post = (d: ReturnType<typeof delivery>) => request(loa.loa.app).post(d.path).set(d.headers).send(d.body).timeout(10_000);

  return {
    loa,
    async send(c) {
      const d = delivery(c);
      const first = await post(d);
      // The same delivery again (same ids): what a platform does when it did not see the answer.
      return c.copy ? [first.status, (await post(d)).status] : [first.status];
    },
    async close() {
      await loa.close();
      await zalo.close();
    },
  };
}
