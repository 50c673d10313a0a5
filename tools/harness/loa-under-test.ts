import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { buildRuntime, type RuntimeOptions, type ServerRuntime } from '../../app/runtime';
import { parseConfig } from '../../app/config';
import { createLogger } from '../../adapters/log/pino-logger';
import { signGatewayPayload } from '../../sms/android/signature';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../sms/twilio/sign-request';
import { TEST_BOT_INFO } from './fake-bot-api';

export const AUTH_TOKEN = 'hardening-auth-token-0123456789ab';
export const PUBLIC_URL = 'https://loa.example.org';
export const TELEGRAM_SECRET = 'hardening-telegram-secret-0123456789';
export const GATEWAY_KEY = 'hardening-gateway-signing-key-0123';
export const BOT_TOKEN = '123456:HARDENING-TOKEN';

/** A Bot API on loopback that answers every call plausibly and keeps what was sent. */
export async function startFakeBotApi(): Promise<{ url: string; sent: Array<{ method: string; body: Record<string, unknown> }>; close(): Promise<void> }> {
  const sent: Array<{ method: string; body: Record<string, unknown> }> = [];
  let messageId = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // multipart (sendDocument): keep the raw size only
        body = { multipartBytes: Buffer.concat(chunks).length };
      }
      sent.push({ method, body });
      const result =
        method === 'getMe'
          ? TEST_BOT_INFO
          : method.startsWith('send')
            ? { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(body['chat_id'] ?? 1), type: 'private' }, text: body['text'] }
            : true;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Everything pino wrote, one parsed JSON object per line. */
export class CapturedLog extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
  entries(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface LoaUnderTest {
  loa: ServerRuntime;
  log: CapturedLog;
  botApi: Awaited<ReturnType<typeof startFakeBotApi>>;
  postSms(input: { from: string; body: string; messageSid?: string }): request.Test;
  postTelegram(update: unknown, secret?: string): request.Test;
  postGateway(raw: string, options?: { key?: string; timestamp?: string }): request.Test;
  /** Counts of every collection that a refused request must leave alone. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole service as `npm start` wires it (every channel on, embedded store
 * on disk with the demo roster), without listening: requests go through
 * supertest into the same Express app. Logs are captured at info level.
 */
export async function createLoaUnderTest(env: Record<string, string> = {}, runtime: Omit<RuntimeOptions, 'logger'> = {}): Promise<LoaUnderTest> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-hardening-'));
  const botApi = await startFakeBotApi();
  const config = parseConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PUBLIC_URL,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    LOA_MESSAGES_PER_MINUTE: '10000',
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: botApi.url,
    TELEGRAM_WEBHOOK_URL: `${PUBLIC_URL}/telegram`,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    ANDROID_GATEWAY_SIGNING_KEY: GATEWAY_KEY,
    LOG_LEVEL: 'info',
    ...env,
  });
  const log = new CapturedLog();
  const logger = createLogger('info', log);
  const loa = await buildRuntime(config, 'test', { ...runtime, logger });
  const app = loa.app;
  const collections = ['logs', 'inbound', 'people', 'places', 'counters'];
  return {
    loa,
    log,
    botApi,
    postSms(input) {
      const params = inboundSmsParams({ from: input.from, body: input.body, messageSid: input.messageSid ?? newMessageSid() });
      const signed = signedTwilioPost(AUTH_TOKEN, `${PUBLIC_URL}/sms`, params);
      return request(app).post('/sms').set(signed.headers).send(signed.body).timeout(10_000);
    },
    postTelegram(update, secret = TELEGRAM_SECRET) {
      return request(app).post('/telegram').set('x-telegram-bot-api-secret-token', secret).set('content-type', 'application/json').send(JSON.stringify(update)).timeout(10_000);
    },
    postGateway(raw, options = {}) {
      const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
      return request(app)
        .post('/gateway/android')
        .set('content-type', 'application/json')
        .set('x-timestamp', timestamp)
        .set('x-signature', signGatewayPayload(options.key ?? GATEWAY_KEY, raw, timestamp))
        .send(raw)
        .timeout(10_000);
    },
    async fingerprint() {
      const counts = await Promise.all(collections.map((c) => loa.storage.admin.countRecords(c)));
      const logs = (await loa.storage.admin.allLogs()).map((l) => ({ _id: l._id, participants: l.participants, form: l.form, cancelledAt: l.cancelledAt, editedAt: l.editedAt }));
      return `${collections.map((c, i) => `${c}=${counts[i]}`).join(' ')} ${JSON.stringify(logs)}`;
    },
    async close() {
      await loa.close();
      await botApi.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What an error page or a leaked exception looks like in a response body. */
export const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|Error: |TypeError|ReferenceError|SyntaxError/;
