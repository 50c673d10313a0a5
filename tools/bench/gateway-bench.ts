import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import type { Express } from 'express';
import { benchRuntime, NO_SENDER_LIMIT } from './bench-runtime';
import { silentLogger } from '../../core/logger';
import type { MessageSender } from '../../core/outbound/port';
import { loadDemoIfEmpty } from '../../app/demo-roster';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import { mountAndroidGateway } from '../../sms/android/android-webhook';
import { signGatewayPayload } from '../../sms/android/signature';
import { createHttpApp } from '../../app/http/http-app';
import { mountSms } from '../../sms/twilio/sms-webhook';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../sms/twilio/sign-request';
import { benchEntry, serveParent, startBenchChild } from './child-server';

/**
 * `POST /gateway/android` next to Twilio's `POST /sms`, on one Loa process
 * (real core, embedded store with fsync before each answer) in a child
 * process, loaded by autocannon on loopback with valid signatures. Every
 * request is a new SMS (new envelope id / MessageSid, distinct text). The
 * gateway path also claims its reply in the outbox (one more durable write)
 * and hands it to a sender that does nothing; Twilio answers inline in TwiML.
 */
const SIGNING_KEY = 'bench-signing-key-0123456789';
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
const PUBLIC_URL = 'https://loa.example.org';
const LOCAL_PHONES = ['0905000101', '0905000102', '0905000103', '0905000104', '0905000105', '0905000106', '0905000107', '0905000108'];
const DURATION_S = Number(process.env.GATEWAY_BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.GATEWAY_BENCH_CONNECTIONS ?? 16);

type Route = '/gateway/android' | '/sms';

interface RunResult {
  route: Route;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function main(): Promise<void> {
  const server = await startBenchChild(__filename, ['--serve']);
  const results: RunResult[] = [];
  try {
    for (const route of ['/gateway/android', '/sms'] as const) {
      await load(server.port, route, 1); // warm-up
      const result = await load(server.port, route, DURATION_S);
      results.push(result);
      console.log(
        `Loa POST ${route.padEnd(16)}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
          `${result.requests} requests in ${DURATION_S} s, non-2xx ${result.non2xx}, errors ${result.errors}`,
      );
    }
    console.log(`${await server.ask('count')} logs stored in total (warm-ups included)`);
  } finally {
    await server.stop();
  }
  const [android, twilio] = results as [RunResult, RunResult];
  console.log(
    `ratio android/twilio: throughput ${(android.rps / twilio.rps).toFixed(2)}, p99 ${(android.p99 / Math.max(twilio.p99, 0.001)).toFixed(2)}x ` +
      `(${CONNECTIONS} connections, ${DURATION_S} s each, loopback, ${os.cpus().length} CPUs shared)`,
  );
}

function gatewayRequest(i: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    deviceId: 'ffffffffceb0b1db0000018e937c815b',
    event: 'sms:received',
    id: randomBytes(16).toString('base64url'),
    payload: {
      messageId: randomBytes(4).toString('hex'),
      // Distinct participant counts, so no text is a re-send of another.
      message: `TT ${(i % 9000) + 1} hop thon`,
      phoneNumber: LOCAL_PHONES[i % LOCAL_PHONES.length] as string,
      simNumber: 1,
      receivedAt: new Date().toISOString(),
    },
    webhookId: 'bench',
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { body, headers: { 'content-type': 'application/json', 'x-signature': signGatewayPayload(SIGNING_KEY, body, timestamp), 'x-timestamp': timestamp } };
}

function twilioRequest(i: number): { body: string; headers: Record<string, string> } {
  const params = inboundSmsParams({ from: `+84${(LOCAL_PHONES[i % LOCAL_PHONES.length] as string).slice(1)}`, body: `TT ${(i % 9000) + 1} loa`, messageSid: newMessageSid() });
  const signed = signedTwilioPost(AUTH_TOKEN, `${PUBLIC_URL}/sms`, params);
  return { body: signed.body, headers: signed.headers as Record<string, string> };
}

async function load(port: number, route: Route, seconds: number): Promise<RunResult> {
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: route,
        setupRequest: (request) => {
          const signed = route === '/sms' ? twilioRequest(n++) : gatewayRequest(n++);
          return { ...request, body: signed.body, headers: { ...request.headers, ...signed.headers } };
        },
      },
    ],
  });
  return { route, requests: result.requests.total, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function serve(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-gateway-'));
  const store = await openEmbeddedStorage({ dataDir: dir });
  const nullSender: MessageSender = { channel: 'android', canReach: () => true, send: async () => ({ ok: true, status: 'queued' }) };
  const runtime = await benchRuntime(store, { settings: NO_SENDER_LIMIT, senders: [nullSender], env: { SMS_DEFAULT_CHANNEL: 'android' } });
  const { core } = runtime;
  const outbox = runtime.outbox!;
  await loadDemoIfEmpty(core);
  const app: Express = createHttpApp({
    logger: silentLogger,
    store,
    mount: [
      mountSms({ handleInbound: core.handleInbound, render: core.render, authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL }, silentLogger),
      (a) =>
        void mountAndroidGateway(a, {
          signingKey: SIGNING_KEY,
          handleInbound: core.handleInbound,
          outbound: outbox,
          recordStatus: (id, status) => outbox.recordStatus(id, status),
          devices: store.doors.gatewayDevices,
          places: core.repos.places,
        }),
    ],
  });
  const server = app.listen(0, '127.0.0.1', () =>
    serveParent((server.address() as AddressInfo).port, () => store.admin.countRecords('logs'), async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }),
  );
}

benchEntry(module, main, serve);
