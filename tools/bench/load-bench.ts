import fs from 'node:fs';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import os from 'node:os';
import path from 'node:path';
import { signGatewayPayload } from '../../sms/android/signature';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../sms/twilio/sign-request';
import { startFakeBotApi } from '../harness/loa-under-test';
import { freePort, spawnLoa } from '../harness/loa-process';
import { DEMO_ROSTER_PATH } from '../../app/demo-roster';
import { importRoster } from '../../core/roster/import-roster';
import { benchRuntime } from './bench-runtime';
import { buildPlaces, logBatches } from './indicators-bench';

/**
 * Sustained mixed traffic on loopback against Loa running as `npm start`
 * runs it (a child process, embedded store with fsync, or MongoDB when
 * `MONGODB_URI` is set): signed SMS webhooks (logs, XEM, officer queries),
 * Telegram webhook updates from linked users, and Android gateway envelopes.
 * A fixed number of client loops keep one request each in flight. Reports
 * requests, errors, p50/p99, and the child's RSS and live heap (after a
 * full GC) after warm-up and at the end.
 *
 * `LOAD_BENCH_SECONDS` (default 20), `LOAD_BENCH_WARMUP_SECONDS` (5),
 * `LOAD_BENCH_CLIENTS` (8), `LOAD_BENCH_LOGS` (0: an empty store; see seedDataDir).
 */
const SECONDS = Number(process.env.LOAD_BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.LOAD_BENCH_WARMUP_SECONDS ?? 5);
const CLIENTS = Number(process.env.LOAD_BENCH_CLIENTS ?? 8);

const AUTH_TOKEN = 'load-bench-auth-token-0123456789';
const TELEGRAM_SECRET = 'load-bench-telegram-secret-0123456789';
const GATEWAY_KEY = 'load-bench-gateway-key-0123456789';

const COLLABORATORS = ['+84905000101', '+84905000102', '+84905000103', '+84905000104', '+84905000105', '+84905000106', '+84905000107', '+84905000108', '+84905000110', '+84905000301'];
const OFFICERS = ['+84905000201', '+84905000401', '+84905000901'];
const FORMS = ['hop thon', 'loa', 'truong', 'to roi', 'den ho', 'san khau'];
/** Telegram users linked at start: a collaborator (ctv-phu-khe) and the Kẻ Sắt officer share their contact. */
const TELEGRAM_USERS = [
  { userId: 9_100_001, phone: '84905000302' },
  { userId: 9_100_002, phone: '84365000109' },
];

type Kind = 'sms log' | 'sms XEM' | 'sms officer query' | 'telegram log' | 'telegram officer query' | 'gateway sms';

interface Sample {
  kind: Kind;
  ms: number;
  ok: boolean;
}

/**
 * `LOAD_BENCH_LOGS=300000`: the data folder starts with that many logs over a
 * province of 1,800 villages (the scale bench's, Jan–Nov 2026), written in bulk
 * through the storage layer with their rollups, plus the demo roster whose
 * people send the traffic; so RSS is measured on a store of that size.
 */
async function seedDataDir(dataDir: string, logs: number): Promise<void> {
  const store = await openEmbeddedStorage({ dataDir, durable: false });
  try {
    // The store's bulk load: the logs' indexes and triggers set aside while it runs, the rollups recounted after.
    const { places, villages } = buildPlaces();
    await store.admin.bulkLoad({ places, logs: logBatches(villages, 0, logs) });
    const { core } = await benchRuntime(store);
    const imported = await importRoster(fs.readFileSync(DEMO_ROSTER_PATH, 'utf8'), core.repos, core.clock.now());
    if (!imported.ok) throw new Error('the demo roster did not import');
  } finally {
    await store.close();
  }
}

export async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-load-'));
  const seeded = Number(process.env.LOAD_BENCH_LOGS ?? 0);
  if (seeded > 0) {
    const started = Date.now();
    await seedDataDir(dataDir, seeded);
    console.log(`data folder seeded in bulk through the storage layer: ${seeded.toLocaleString('en')} logs over 1,800 villages, and the demo roster, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const probe = writeHeapProbe(dataDir);
  const botApi = await startFakeBotApi();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const loa = spawnLoa(
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: base,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      LOA_MESSAGES_PER_MINUTE: '10000',
      TELEGRAM_BOT_TOKEN: '123456:LOAD-BENCH',
      TELEGRAM_API_ROOT: botApi.url,
      TELEGRAM_WEBHOOK_URL: `${base}/telegram`,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      ANDROID_GATEWAY_SIGNING_KEY: GATEWAY_KEY,
      ...(process.env.MONGODB_URI ? { MONGODB_URI: process.env.MONGODB_URI } : {}),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${probe.script}`.trim(),
      LOA_BENCH_HEAP_FILE: probe.file,
    },
    port,
  );
  let counter = 0;
  let updateId = 1;
  const next = () => ++counter;

  const timed = async (kind: Kind, send: () => Promise<Response>): Promise<Sample> => {
    const started = performance.now();
    try {
      const res = await send();
      await res.arrayBuffer();
      return { kind, ms: performance.now() - started, ok: res.status >= 200 && res.status < 300 };
    } catch {
      return { kind, ms: performance.now() - started, ok: false };
    }
  };
  const sms = (kind: Kind, from: string, body: string) => {
    const signed = signedTwilioPost(AUTH_TOKEN, `${base}/sms`, inboundSmsParams({ from, body, messageSid: newMessageSid() }));
    return timed(kind, () => fetch(`${base}/sms`, { method: 'POST', headers: signed.headers, body: signed.body }));
  };
  const telegram = (kind: Kind, user: { userId: number }, message: Record<string, unknown>) => {
    const update = { update_id: updateId++, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: user.userId, type: 'private' }, from: { id: user.userId, is_bot: false, first_name: 'Bench', language_code: 'vi' }, ...message } };
    return timed(kind, () => fetch(`${base}/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(update) }));
  };
  const gateway = (from: string, text: string) => {
    const raw = JSON.stringify({ id: `bench-${next()}-${Date.now()}`, deviceId: 'bench-phone', event: 'sms:received', webhookId: 'w', payload: { messageId: 'm', message: text, phoneNumber: from, simNumber: 1, receivedAt: new Date().toISOString() } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return timed('gateway sms', () => fetch(`${base}/gateway/android`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signGatewayPayload(GATEWAY_KEY, raw, timestamp) }, body: raw }));
  };

  /** One request of the mix; distinct texts, so the 24 h re-send rule never folds two logs into one. */
  const oneRequest = (): Promise<Sample> => {
    const i = next();
    const log = () => `TT ${(i % 9_999) + 1} ${FORMS[Math.floor(i / 9_999) % FORMS.length]}`;
    const dice = i % 20;
    if (dice < 11) return sms('sms log', COLLABORATORS[i % COLLABORATORS.length]!, log());
    if (dice < 12) return sms('sms XEM', COLLABORATORS[i % COLLABORATORS.length]!, 'XEM');
    if (dice < 14) return sms('sms officer query', OFFICERS[i % OFFICERS.length]!, ['TONGHOP', 'CHUA', 'CHITIEU', 'TONGHOP THANG'][i % 4]!);
    if (dice < 17) return telegram('telegram log', TELEGRAM_USERS[0]!, { text: log() });
    if (dice < 18) return telegram('telegram officer query', TELEGRAM_USERS[1]!, { text: ['TONGHOP', 'CHUA', 'CHITIEU'][i % 3]! });
    return gateway(COLLABORATORS[i % COLLABORATORS.length]!, log());
  };

  const run = async (seconds: number): Promise<Sample[]> => {
    const samples: Sample[] = [];
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < until) samples.push(await oneRequest());
      }),
    );
    return samples;
  };

  try {
    await loa.ready();
    // Link the Telegram users the way people do: share their own contact.
    for (const user of TELEGRAM_USERS) {
      const linked = await telegram('telegram log', user, { contact: { phone_number: user.phone, first_name: 'Bench', user_id: user.userId } });
      if (!linked.ok) throw new Error('could not link a Telegram user');
    }
    await run(WARMUP_SECONDS);
    const heapAfterWarmup = await probe.read(loa.pid);
    const rssAfterWarmup = rssOf(loa.pid);
    const rssSeries: number[] = [];
    const sampler = setInterval(() => rssSeries.push(rssOf(loa.pid)), Math.max(1_000, (SECONDS * 1000) / 10));
    const started = performance.now();
    const cpuBefore = cpuSecondsOf(loa.pid);
    const samples = await run(SECONDS);
    const cpuUsed = cpuSecondsOf(loa.pid) - cpuBefore;
    const duration = (performance.now() - started) / 1000;
    clearInterval(sampler);
    // Same order as after warm-up: a full GC first, then RSS, so both points are measured alike.
    const heapAtEnd = await probe.read(loa.pid);
    const rssAtEnd = rssOf(loa.pid);

    const errors = samples.filter((s) => !s.ok).length;
    const all = samples.map((s) => s.ms);
    console.log(
      `load: ${samples.length} requests in ${duration.toFixed(1)} s (${(samples.length / duration).toFixed(0)} req/s, ${CLIENTS} clients, after ${WARMUP_SECONDS} s warm-up), ` +
        `errors ${errors}, p50 ${pct(all, 50)} ms, p99 ${pct(all, 99)} ms, max ${pct(all, 100)} ms; Loa's CPU ${((cpuUsed * 1e6) / Math.max(1, samples.length)).toFixed(0)} µs/request`,
    );
    for (const kind of [...new Set(samples.map((s) => s.kind))]) {
      const ms = samples.filter((s) => s.kind === kind).map((s) => s.ms);
      console.log(`  ${kind.padEnd(24)} ${String(ms.length).padStart(6)} requests, p50 ${pct(ms, 50)} ms, p99 ${pct(ms, 99)} ms`);
    }
    const growth = ((rssAtEnd - rssAfterWarmup) / rssAfterWarmup) * 100;
    console.log(
      `  RSS of Loa: ${mb(rssAfterWarmup)} MB after warm-up, ${mb(rssAtEnd)} MB at end (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%, ${Math.abs(growth) <= 20 ? 'within' : 'OUTSIDE'} 20%); ` +
        `${process.env.MONGODB_URI ? 'MongoDB' : 'embedded store with fsync'}, loopback, ${os.cpus().length} CPUs shared with the load generator`,
    );
    console.log(`  RSS during the run (MB): ${[rssAfterWarmup, ...rssSeries, rssAtEnd].map(mb).join(' ')}`);
    const heapGrowth = heapAtEnd - heapAfterWarmup;
    console.log(
      `  V8 heap in use after a full GC: ${mb(heapAfterWarmup)} MB after warm-up, ${mb(heapAtEnd)} MB at end ` +
        `(+${mb(heapGrowth)} MB, ${(heapGrowth / 1024 / samples.length).toFixed(1)} KB per request)`,
    );
    const usage = probe.last();
    if (usage) {
      console.log(
        `  where the RSS at end lies: V8 heap committed ${mb(usage.heapTotal)} MB (in use ${mb(usage.heapUsed)}; resident by space: ` +
          `${Object.entries(usage.spaces).filter(([, bytes]) => bytes >= 1024 * 1024).map(([space, bytes]) => `${space.replace(/_space$/, '')} ${mb(bytes)}`).join(', ')}), ` +
          `external ${mb(usage.external)} MB (array buffers ${mb(usage.arrayBuffers)}); ` +
          `mappings: ${residentByMapping(loa.pid).map(([name, bytes]) => `${name} ${mb(bytes)}`).join(', ')} MB`,
      );
    }
    const telegramSent = botApi.sent.filter((c) => c.method === 'sendMessage').length;
    console.log(`  Telegram replies sent to the fake Bot API: ${telegramSent}`);
  } finally {
    await loa.kill9();
    await botApi.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A preload for the child: on SIGUSR2 it runs a full GC and writes
 * `process.memoryUsage()` to a file, so live heap can be told from heap the
 * collector has not bothered to reclaim yet (RSS alone cannot).
 */
type ProbeReading = NodeJS.MemoryUsage & { spaces: Record<string, number> };

function writeHeapProbe(dir: string): { script: string; file: string; read(pid: number): Promise<number>; last(): ProbeReading | null } {
  let last: ProbeReading | null = null;
  const script = path.join(dir, 'heap-probe.js');
  const file = path.join(dir, 'heap.json');
  fs.writeFileSync(
    script,
    `const v8 = require('v8'); const vm = require('vm'); const fs = require('fs');
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
process.on('SIGUSR2', () => { gc(); const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size])); fs.writeFileSync(process.env.LOA_BENCH_HEAP_FILE, JSON.stringify({ ...process.memoryUsage(), spaces, at: Date.now() })); });
`,
  );
  return {
    script,
    file,
    async read(pid) {
      const before = Date.now();
      process.kill(pid, 'SIGUSR2');
      for (let i = 0; i < 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        try {
          const value = JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeReading & { at: number };
          if (value.at >= before) {
            last = value;
            return value.heapUsed;
          }
        } catch {
          // not written yet
        }
      }
      throw new Error('the heap probe did not answer');
    },
    last: () => last,
  };
}

/**
 * Resident bytes by kind of mapping, from /proc/PID/smaps (Linux): the node
 * binary's own pages (code, ICU data), malloc's main heap (`[heap]`), other
 * anonymous memory (V8's pages, native libraries' arenas), the SQLite
 * binding, other files. Largest first.
 */
function residentByMapping(pid: number): [string, number][] {
  const sums = new Map<string, number>();
  let kind = 'anonymous';
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[1] ?? '';
      kind = name === '' ? 'anonymous' : name === '[heap]' ? 'malloc heap' : name === process.execPath || /\/node$/.test(name) ? 'node binary' : /libsql/.test(name) ? 'libsql' : name.startsWith('[') ? 'other' : 'other files';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) sums.set(kind, (sums.get(kind) ?? 0) + Number(rss[1]) * 1024);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/** User + system CPU seconds a process has used, from /proc (Linux): per request it does not depend on who else shares the machine. */
function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name; in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident set size of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

function pct(values: number[], p: number): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!.toFixed(1);
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
