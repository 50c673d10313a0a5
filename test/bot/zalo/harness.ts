import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildRuntime, type ServerRuntime } from '../../../app/runtime';
import { parseConfig } from '../../../app/config';
import { FakeClock } from '../../../core/clock';
import { silentLogger, type Logger } from '../../../core/logger';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio';
import { startFakeZaloApi, type FakeZaloApi } from '../../../tools/harness/fake-zalo-api';

export const ZALO_SECRET = 'zalo-test-webhook-secret-0123';
const TWILIO = { accountSid: 'AC' + '0'.repeat(32), authToken: 'zalo-test-twilio-auth-token-0123' };

export interface ZaloWorld {
  loa: ServerRuntime;
  zalo: FakeZaloApi;
  twilio: FakeTwilio;
  clock: FakeClock;
  /** Posts an update to POST /zalo with the right secret unless told otherwise. */
  post(update: unknown, secret?: string | null): request.Test;
  /** SMS bodies Twilio accepted for one phone. */
  smsTo(phone: string): string[];
  close(): Promise<void>;
}

/**
 * The whole service as `npm start` builds it, in webhook mode, on an embedded
 * store with the demo roster, talking to a fake Zalo Bot API and a fake
 * Twilio on loopback. Nothing is started (no polling, no schedules).
 */
export async function zaloWorld(env: Record<string, string> = {}, logger: Logger = silentLogger): Promise<ZaloWorld> {
  const zalo = await startFakeZaloApi();
  const twilio = await startFakeTwilio(TWILIO);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-zalo-'));
  const clock = new FakeClock(new Date('2026-11-20T03:00:00Z'));
  const config = parseConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://loa.example.org',
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    TWILIO_FROM: '+84900000000',
    TWILIO_API_BASE_URL: twilio.baseUrl,
    ZALO_BOT_TOKEN: zalo.token,
    ZALO_API_ROOT: zalo.root,
    ZALO_WEBHOOK_URL: 'https://loa.example.org/zalo',
    ZALO_WEBHOOK_SECRET: ZALO_SECRET,
    ...env,
  });
  const loa = await buildRuntime(config, 'test', { logger, clock });
  return {
    loa,
    zalo,
    twilio,
    clock,
    post: (update, secret = ZALO_SECRET) => {
      const req = request(loa.app).post('/zalo').set('content-type', 'application/json');
      return (secret === null ? req : req.set('X-Bot-Api-Secret-Token', secret)).send(JSON.stringify(update));
    },
    smsTo: (phone) => twilio.messages.filter((m) => m.to === phone).map((m) => m.body),
    async close() {
      await loa.close();
      await zalo.close();
      await twilio.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The 6-digit code in the newest SMS to `phone`. */
export function codeFrom(texts: string[]): string {
  const match = /(\d{6})/.exec(texts[texts.length - 1] ?? '');
  if (!match) throw new Error(`no code in ${JSON.stringify(texts)}`);
  return match[1]!;
}
