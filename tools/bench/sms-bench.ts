import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import twilio from 'twilio';
import { FakeClock } from '../../core/clock';
import { benchRuntime, NO_SENDER_LIMIT } from './bench-runtime';
import { silentLogger } from '../../core/logger';
import { loadDemoIfEmpty } from '../../app/demo-roster';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import { createHttpApp } from '../../app/http/http-app';
import { mountSms } from '../../sms/twilio/sms-webhook';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../sms/twilio/sign-request';
import { benchEntry, serveParent, startBenchChild } from './child-server';

/**
 * `POST /sms` on loopback with valid signatures: Loa (real core, embedded
 * store with fsync before each reply) against a bare Express endpoint that
 * only parses, checks the signature and answers empty TwiML. Each server runs
 * in its own child process so the load generator does not share its event loop.
 */
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
const PUBLIC_URL = 'https://loa.example.org';
const PHONES = ['+84905000101', '+84905000102', '+84905000103', '+84905000104', '+84905000105', '+84905000106', '+84905000107', '+84905000108'];
const DURATION_S = Number(process.env.SMS_BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.SMS_BENCH_CONNECTIONS ?? 16);
/**
 * Requests each server gets, unmeasured, before the measured run (the same for
 * every server): V8 keeps compiling Loa's message path over its first ~6,000
 * messages (tools/bench/core-bench.ts). The warm-up was one second, which on
 * this machine lets at most ~1,500 requests through to Loa (its measured rate), and the measured run paid
 * for the rest of the compiling.
 */
const WARM_UP_REQUESTS = Number(process.env.SMS_BENCH_WARMUP_REQUESTS ?? 6000);

type ServerKind = 'bare' | 'loa' | 'loa-memory';

const LABELS: Record<ServerKind, string> = {
  bare: 'bare Express, signature only     ',
  loa: 'Loa, embedded store, fsync (real)',
  'loa-memory': 'Loa, embedded store, memory only ',
};

interface RunResult {
  kind: ServerKind;
  /** The server process's CPU per request during the measured run (µs): on a shared machine a fairer ratio than req/s. */
  cpuPerRequest: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function main(): Promise<void> {
  const results: RunResult[] = [];
  for (const kind of ['bare', 'loa', 'loa-memory'] as const) {
    const server = await startBenchChild(__filename, ['--serve', kind]);
    sent = 0;
    try {
      // Warm-up: JIT, store indexes, keep-alive sockets.
      if (WARM_UP_REQUESTS > 0) await load(server.port, { amount: WARM_UP_REQUESTS });
      const cpuBefore = await server.ask('cpu');
      const result = await load(server.port, { seconds: DURATION_S });
      const cpuPerRequest = ((await server.ask('cpu')) - cpuBefore) / Math.max(1, result.requests);
      const logs = await server.ask('count');
      results.push({ kind, cpuPerRequest, ...result });
      const stored = kind === 'bare' ? '' : `, ${logs} logs stored in total (warm-up included)`;
      console.log(
        `${LABELS[kind]}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
          `${result.requests} requests in ${DURATION_S} s, non-2xx ${result.non2xx}, errors ${result.errors}, server CPU ${cpuPerRequest.toFixed(0)} µs/request${stored}`,
      );
    } finally {
      await server.stop();
    }
  }
  const [bare, loa] = results as [RunResult, RunResult, RunResult];
  console.log(
    `ratio Loa (fsync)/bare: throughput ${(loa.rps / bare.rps).toFixed(2)}, p50 ${(loa.p50 / Math.max(bare.p50, 0.001)).toFixed(1)}x, p99 ${(loa.p99 / Math.max(bare.p99, 0.001)).toFixed(1)}x ` +
      `(${CONNECTIONS} connections, ${DURATION_S} s each after ${WARM_UP_REQUESTS} warm-up requests, loopback, ${os.cpus().length} CPUs shared)`,
  );
  // Runs one after another on a shared machine see different loads; CPU per request does not depend on who else runs.
  console.log(`ratio Loa (fsync)/bare by server CPU per request: ${(bare.cpuPerRequest / loa.cpuPerRequest).toFixed(2)} (bare ${bare.cpuPerRequest.toFixed(0)} µs, Loa ${loa.cpuPerRequest.toFixed(0)} µs; load average ${os.loadavg()[0]!.toFixed(1)})`);
}

/**
 * Requests sent to this server so far, over the warm-up and the measured run: each numbers
 * its text, so no request re-sends an earlier one (a re-send is answered
 * without a write). It started again at 0 for each run, so the measured run's
 * first requests (as many as the warm-up sent) were re-sends of the warm-up's.
 */
let sent = 0;
/** 9,000 participant counts × 2 forms: distinct texts for 18,000 requests from the same 8 phones. */
const FORM_WORDS = ['hop thon', 'truyen thanh'];

/** Loads `POST /sms` for `seconds`, or until `amount` requests are answered. */
async function load(port: number, until: { seconds: number } | { amount: number }): Promise<Omit<RunResult, 'kind' | 'cpuPerRequest'>> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    ...('seconds' in until ? { duration: until.seconds } : { amount: until.amount }),
    requests: [
      {
        method: 'POST',
        path: '/sms',
        setupRequest: (request) => {
          const i = sent++;
          // A new MessageSid each time and distinct texts, so every request is a new log.
          const body = `TT ${(i % 9000) + 1} ${FORM_WORDS[Math.floor(i / 9000) % FORM_WORDS.length]}`;
          const params = inboundSmsParams({ from: PHONES[i % PHONES.length] as string, body, messageSid: newMessageSid() });
          const signed = signedTwilioPost(AUTH_TOKEN, `${PUBLIC_URL}/sms`, params);
          return { ...request, body: signed.body, headers: { ...request.headers, ...signed.headers } };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function serve(kind: ServerKind): Promise<void> {
  let app: express.Express;
  let count: () => Promise<number> = async () => 0;
  let cleanup = (): void => undefined;
  if (kind === 'bare') {
    app = express();
    app.post('/sms', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
      const ok = twilio.validateRequest(AUTH_TOKEN, req.get('x-twilio-signature') ?? '', `${PUBLIC_URL}${req.originalUrl}`, req.body as Record<string, string>);
      if (!ok) return void res.status(403).end();
      res.type('text/xml').send(new twilio.twiml.MessagingResponse().toString());
    });
  } else {
    const dir = kind === 'loa' ? fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-sms-')) : undefined;
    const store = await openEmbeddedStorage(dir ? { dataDir: dir } : {});
    const clock = new FakeClock(new Date('2026-11-20T03:00:00Z'));
    const { core } = await benchRuntime(store, { clock, settings: NO_SENDER_LIMIT });
    await loadDemoIfEmpty(core);
    app = createHttpApp({
      logger: silentLogger,
      store,
      mount: [
        mountSms(
          {
            handleInbound: core.handleInbound,
            render: core.render,
            authToken: AUTH_TOKEN,
            publicUrl: PUBLIC_URL,
            clock,
          },
          silentLogger,
        ),
      ],
    });
    count = () => store.admin.countRecords('logs');
    cleanup = () => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const server = app.listen(0, '127.0.0.1', () =>
    serveParent((server.address() as AddressInfo).port, count, async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      cleanup();
    }),
  );
}

benchEntry(module, main, () => serve(process.argv[process.argv.indexOf('--serve') + 1] as ServerKind));
