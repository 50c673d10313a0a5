import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildRuntime } from '../../app/runtime';
import { parseConfig } from '../../app/config';
import { FakeClock } from '../../core/clock';
import { silentLogger } from '../../core/logger';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../sms/twilio/sign-request';
import { startFakeZaloApi } from '../harness/fake-zalo-api';
import { startFakeBotApi } from '../harness/loa-under-test';
import { benchEntry, serveParent, startBenchChild } from './child-server';

/**
 * One Loa (`buildRuntime`, all three webhook doors on, embedded store with fsync
 * before each answer) in a child process; autocannon on loopback posts new
 * session logs to each door in turn with valid credentials: Twilio `POST /sms`
 * (signed form), Telegram `POST /telegram` and Zalo `POST /zalo` (secret
 * header, JSON). Telegram and Zalo replies go to fake Bot APIs inside the
 * child, so the chat doors pay for one outgoing HTTP call per message that
 * the SMS door (TwiML in the response) does not.
 */
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
const TELEGRAM_SECRET = 'bench-telegram-secret-0123456789';
const ZALO_SECRET = 'bench-zalo-secret-0123456789';
const PUBLIC_URL = 'https://loa.example.org';
const PHONES = ['+84905000101', '+84905000102', '+84905000103', '+84905000104', '+84905000105', '+84905000106', '+84905000107', '+84905000108'];
const DURATION_S = Number(process.env.DOORS_BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.DOORS_BENCH_CONNECTIONS ?? 16);

type Door = 'twilio' | 'telegram' | 'zalo';

export async function main(): Promise<void> {
  const child = await startBenchChild(__filename, ['--serve']);
  try {
    const rows: string[] = [];
    for (const door of ['twilio', 'telegram', 'zalo'] as const) {
      await load(child.port, door, 1); // warm-up
      const before = await child.ask('count');
      const r = await load(child.port, door, DURATION_S);
      const stored = (await child.ask('count')) - before;
      rows.push(
        `  ${door.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms  ` +
          `${r.requests} requests, ${stored} logs stored (in-flight tail included), non-2xx ${r.non2xx}, errors ${r.errors}`,
      );
    }
    console.log(`webhook throughput, new session logs (${CONNECTIONS} connections, ${DURATION_S} s each, loopback, ${os.cpus().length} CPUs shared):`);
    for (const row of rows) console.log(row);
  } finally {
    await child.stop();
  }
}

/** Requests made per door so far, across warm-up and run: every request is a new text. */
const made: Record<Door, number> = { twilio: 0, telegram: 0, zalo: 0 };

async function load(port: number, door: Door, seconds: number) {
  const next = (): number => made[door]++;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: door === 'twilio' ? '/sms' : `/${door}`,
        setupRequest: (request) => {
          const i = next();
          // Distinct counts per person, so the re-send check never folds two requests into one log.
          const text = `TT ${(i % 9000) + 1} hop thon ${door}`;
          const who = i % PHONES.length;
          if (door === 'twilio') {
            const signed = signedTwilioPost(AUTH_TOKEN, `${PUBLIC_URL}/sms`, inboundSmsParams({ from: PHONES[who]!, body: text, messageSid: newMessageSid() }));
            return { ...request, body: signed.body, headers: { ...request.headers, ...signed.headers } };
          }
          const headers = { ...request.headers, 'content-type': 'application/json' };
          if (door === 'telegram') {
            const userId = 800_000 + who;
            const update = { update_id: Number(`${process.pid % 1000}${i}`), message: { message_id: i + 1, date: 1_795_000_000, chat: { id: userId, type: 'private' }, from: { id: userId, is_bot: false, first_name: 'CTV' }, text } };
            return { ...request, body: JSON.stringify(update), headers: { ...headers, 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET } };
          }
          const userId = `zalo-bench-${who}`;
          const update = { event_name: 'message.text.received', message: { message_id: `zb-${process.pid}-${i}`, from: { id: userId }, chat: { id: userId, chat_type: 'PRIVATE' }, date: 1_795_000_000_000, text } };
          return { ...request, body: JSON.stringify(update), headers: { ...headers, 'x-bot-api-secret-token': ZALO_SECRET } };
        },
      },
    ],
  });
  return { requests: result.requests.total, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function serve(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-doors-'));
  const zalo = await startFakeZaloApi();
  const telegram = await startFakeBotApi();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    PUBLIC_URL,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    LOA_MESSAGES_PER_MINUTE: '10000',
    TELEGRAM_BOT_TOKEN: '123456:BENCH-TOKEN',
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_URL: `${PUBLIC_URL}/telegram`,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    ZALO_BOT_TOKEN: zalo.token,
    ZALO_API_ROOT: zalo.root,
    ZALO_WEBHOOK_URL: `${PUBLIC_URL}/zalo`,
    ZALO_WEBHOOK_SECRET: ZALO_SECRET,
    // Schedules far away: nothing but the load runs.
    SUMMARY_CRON: '0 7 1 1 *',
    REMINDER_CRON: '0 16 1 1 *',
  });
  const loa = await buildRuntime(config, 'server', { logger: silentLogger, clock: new FakeClock(new Date('2026-11-20T03:00:00Z')) });
  const people = loa.core.repos.people;
  for (const [i, phone] of PHONES.entries()) {
    const person = await people.findByPhone(phone);
    if (!person) throw new Error(`demo roster lacks ${phone}`);
    await people.linkAccount(person._id, 'telegram', String(800_000 + i));
    await people.linkAccount(person._id, 'zalo', `zalo-bench-${i}`);
  }
  serveParent(await loa.start(), () => loa.storage.admin.countRecords('logs'), async () => {
    await loa.close();
    await zalo.close();
    await telegram.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

benchEntry(module, main, serve);
