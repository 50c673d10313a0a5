import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../core/clock';
import { benchRuntime } from './bench-runtime';
import type { Person } from '../../core/domain/people';
import { createIndicatorEngine } from '../../core/indicators/engine';
import { silentLogger } from '../../core/logger';
import { createOneTimeCodes } from '../../core/usecases/one-time-codes';
import { createHttpApp } from '../../app/http/http-app';
import { mountWeb, useCaseContextOf } from '../../web';
import { echartsGridRenderer } from '../../adapters/charts/echarts-grid';
import { writeXlsx } from '../../adapters/office/exceljs-writer';
import { WebSessions } from '../../web/sessions';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../../adapters/store/open-storage';
import { randomTestDatabase, startTestMongo, uriWithDatabase } from '../harness/mongo-server';
import { openBenchStore, provincePlan } from './indicators-bench';
import { seedProvince } from './scale-bench';
import { rosterCsvOf } from '../../adapters/office/xlsx-roster-reader';

/**
 * Server time of the web pages (request to last byte over loopback) for a
 * commune and for a province of 1,800 villages at 300,000 logs, and each
 * page's weight (goals: commune < 50 ms, province < 300 ms). The engine's
 * report alone is timed too: the rest of a page's time is the web's own. The
 * logs and their rollups are written in bulk through the storage layer (the
 * scale bench's `seedProvince`), so 300k logs load in seconds.
 * `WEB_BENCH_STORE=mongodb` runs it on the test MongoDB server (FerretDB), `MONGODB_URI` on that
 * server instead; `WEB_BENCH_LOGS` changes the log count.
 *
 *   npx tsx bench/web-bench.ts
 *   WEB_BENCH_STORE=mongodb WEB_BENCH_LOGS=100000 npx tsx bench/web-bench.ts
 */
const NOW = new Date('2026-11-20T03:00:00Z');

async function get(base: string, path: string, cookie: string): Promise<{ ms: number; bytes: number; status: number }> {
  const started = process.hrtime.bigint();
  const res = await fetch(base + path, { headers: { cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: body.length, status: res.status };
}

/** Fastest, median and slowest of sorted times: on a shared machine the fastest is the page's own cost, the median what a busy one makes of it. */
const spread = (sorted: number[]): string =>
  `min ${sorted[0]!.toFixed(0).padStart(4)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0).padStart(5)} ms, max ${sorted.at(-1)!.toFixed(0).padStart(5)} ms`;

async function timed(label: string, base: string, path: string, cookie: string, runs = 15): Promise<void> {
  for (let i = 0; i < 3; i++) await get(base, path, cookie); // warm-up (JIT, caches)
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const r = await get(base, path, cookie);
    if (r.status !== 200) return console.log(`${label.padEnd(44)} HTTP ${r.status} after ${r.ms.toFixed(0)} ms (run ${i + 1}): not timed`);
    times.push(r.ms);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} ${spread(times)}, ${(bytes / 1024).toFixed(1).padStart(6)} KiB`);
}

/** The indicator engine's part of a page alone: what the page costs beyond it is the web's own. */
async function timedReport(label: string, report: () => Promise<unknown>, runs = 7): Promise<void> {
  for (let i = 0; i < 3; i++) await report();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await report();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} ${spread(times)}`);
}

/** An empty store: SQLite in a temporary folder (its indexes built after the bulk load), the test MongoDB server, or `MONGODB_URI`. */
async function openStore(): Promise<{ store: OpenStorage; done(): Promise<void> }> {
  if (process.env.MONGODB_URI) {
    const store = await openBenchStore();
    return { store, done: () => store.close() };
  }
  if (process.env.WEB_BENCH_STORE === 'mongodb') {
    const server = await startTestMongo({ log: () => undefined });
    const store = await openMongoStorage(uriWithDatabase(server.uri, randomTestDatabase('loa_web_bench')));
    return { store, done: async () => { await store.close(); await server.stop(); } };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-web-bench-'));
  const store = await openEmbeddedStorage({ dataDir: dir });
  return { store, done: async () => { await store.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

export async function main(): Promise<void> {
  const logs = Number(process.env.WEB_BENCH_LOGS ?? 300_000);
  // Seeded by the store's bulk load (the scale bench's loader), then served through the repositories.
  const { store, done } = await openStore();
  const seeding = Date.now();
  const { places, villages } = await seedProvince(store, logs);
  const seedSeconds = (Date.now() - seeding) / 1000;
  const communes = places.filter((p) => p.level === 'commune');
  const clock = new FakeClock(NOW);
  const { core } = await benchRuntime(store, { clock });
  const commune = communes[0]!;
  const plans = store.repos.plans;
  await plans.save({ ...provincePlan, id: 'c', place: commune._id, targets: [{ id: 'thon', kind: 'coverage', of: 'village', percent: 100, regularly: 'month' }] }, NOW);
  await plans.save(provincePlan, NOW);
  const people: Person[] = [
    { _id: 'officer', name: 'Cán bộ', role: { kind: 'officer', placeId: commune._id }, placePath: commune.path, lng: 'vi', remindersOff: false, createdAt: NOW.toISOString() },
    { _id: 'admin', name: 'Quản trị', role: { kind: 'admin', placeId: 'p' }, placePath: ['p'], lng: 'vi', remindersOff: false, createdAt: NOW.toISOString() },
  ];
  await store.admin.bulkLoad({ people });

  const engine = createIndicatorEngine({ repos: store.repos, timeZone: core.settings.timeZone });
  const codes = createOneTimeCodes({ codes: core.repos.oneTimeCodes, people: core.repos.people, counters: core.repos.counters, outbound: { send: async () => ({ ok: false, reason: 'no_channel' }) }, logger: silentLogger });
  const app = createHttpApp({ logger: silentLogger, store, mount: [(a) => mountWeb(a, { sessionStore: store.doors.webSessions, repos: core.repos, useCases: useCaseContextOf(core), engine, codes, i18n: core.i18n, charts: echartsGridRenderer, xlsx: writeXlsx, rosterFile: rosterCsvOf, clock, logger: silentLogger, secure: false })] });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Sessions made directly: the bench measures pages, not the sign-in.
  const sessions = new WebSessions(store.doors.webSessions, core.repos.people, 3_600_000);
  const officer = `loa_session=${(await sessions.create('officer', NOW)).token}`;
  const admin = `loa_session=${(await sessions.create('admin', NOW)).token}`;

  console.log(`web pages on ${store.description}: ${logs.toLocaleString('en')} logs (bulk-seeded in ${seedSeconds.toFixed(0)} s), ${villages.length} villages, ${communes.length} communes`);
  await timed('commune page (officer, 6 villages)', base, `/web/place/${commune._id}`, officer);
  await timed('commune grid PNG', base, `/web/place/${commune._id}/grid.png`, officer);
  await timed('district page (30 communes)', base, '/web/place/p.d0', admin);
  await timed('province page (admin, 300 communes)', base, '/web/place/p', admin, 7);
  await timed('province grid SVG (300 rows)', base, '/web/place/p/grid.svg', admin, 5);
  await timed('stylesheet', base, '/web/static/web.css', officer);
  await timed('logs page (officer, 50 rows)', base, `/web/place/${commune._id}/logs`, officer);
  await timed('logs page 2 (officer, rows 51-100)', base, `/web/place/${commune._id}/logs?page=2`, officer);
  await timedReport('  engine report alone: commune', () => engine.report(commune._id, NOW, { period: 'month', daily: false }));
  await timedReport('  engine report alone: province', () => engine.report('p', NOW, { period: 'month', daily: false }), 3);
  server.close();
  await done();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
