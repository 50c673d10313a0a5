import fs from 'node:fs';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../../adapters/store/open-storage';
import os from 'node:os';
import path from 'node:path';
import type { Place } from '../../core/domain/places';
import { randomTestDatabase, startTestMongo, uriWithDatabase } from '../harness/mongo-server';
import { buildPlaces, logBatches, provincePlan } from './indicators-bench';
import { onStore } from '../harness/on-store';

/**
 * Province report (snapshot + 4 targets) and province Monday summary at
 * 30k / 100k / 300k logs over 1,800 villages, on SQLite and on MongoDB (the
 * test server: FerretDB, or `MONGODB_URI`). The data is seeded by the store's
 * bulk load (the admin port: places and logs, then one rollups rebuild), not
 * through the use-cases, so 300k logs load in seconds; on SQLite the logs'
 * indexes are built after the load. Each figure is the median of 5
 * runs after one warm-up. Printed, never asserted.
 *
 *   npm run bench -- scale            both stores, all sizes
 *   SCALE_BENCH_SIZES=30000 SCALE_BENCH_STORES=sqlite npm run bench -- scale
 */
const NOW = new Date('2026-11-20T03:00:00Z');
const SIZES = (process.env.SCALE_BENCH_SIZES ?? '30000,100000,300000').split(',').map(Number);
const STORES = (process.env.SCALE_BENCH_STORES ?? 'sqlite,mongodb').split(',');
const RUNS = 5;

export interface ScaleRow {
  store: string;
  logs: number;
  seedSeconds: number;
  provinceMs: number;
  mondayMs: number;
}

/** The bench province and its logs, bulk-loaded into an empty store (its rollups recounted after). */
export async function seedProvince(storage: OpenStorage, logs: number): Promise<{ places: Place[]; villages: Place[] }> {
  const { places, villages } = buildPlaces();
  await storage.admin.bulkLoad({ places, logs: logBatches(villages, 0, logs) });
  return { places, villages };
}

/** The median of RUNS timed calls after one warm-up call, in ms (shared with the report bench). */
export async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function measure(label: string, open: () => Promise<{ store: OpenStorage; done: () => Promise<void> }>, logs: number): Promise<ScaleRow> {
  const { store, done } = await open();
  try {
    const seeded = Date.now();
    await seedProvince(store, logs);
    const seedSeconds = (Date.now() - seeded) / 1000;
    const engine = onStore(store).engine;
    const provinceMs = await median(() => engine.report('p', NOW, { period: 'month', plans: [provincePlan], daily: false }));
    const mondayMs = await median(() => engine.report('p', NOW, { period: 'week', which: 'previous', plans: [] }));
    const row = { store: label, logs, seedSeconds, provinceMs, mondayMs };
    console.log(
      `${label.padEnd(8)} ${logs.toLocaleString('en').padStart(8)} logs (bulk-seeded in ${seedSeconds.toFixed(0)} s): ` +
        `province report ${provinceMs.toFixed(0)} ms, province Monday summary ${mondayMs.toFixed(0)} ms`,
    );
    return row;
  } finally {
    await done();
  }
}

export async function main(): Promise<void> {
  console.log('1,800 villages, 300 communes, 10 districts; logs over Jan-Nov 2026, 2% cancelled; median of 5 runs');
  const rows: ScaleRow[] = [];
  if (STORES.includes('sqlite')) {
    for (const logs of SIZES) {
      rows.push(
        await measure('SQLite', async () => {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-scale-'));
          const store = await openEmbeddedStorage({ dataDir: dir });
          return { store, done: async () => { await store.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
        }, logs),
      );
    }
  }
  if (STORES.includes('mongodb')) {
    const server = await startTestMongo({ log: () => undefined });
    console.log(`MongoDB: ${server.name}`);
    try {
      for (const logs of SIZES) {
        rows.push(await measure('MongoDB', async () => {
          const store = await openMongoStorage(uriWithDatabase(server.uri, randomTestDatabase('loa_scale')));
          return { store, done: () => store.close() };
        }, logs));
      }
    } finally {
      await server.stop();
    }
  }
  for (const store of new Set(rows.map((r) => r.store))) {
    const mine = rows.filter((r) => r.store === store);
    const [first, last] = [mine[0]!, mine[mine.length - 1]!];
    if (mine.length > 1) console.log(`${store}: province report grows ×${(last.provinceMs / first.provinceMs).toFixed(1)} from ${first.logs.toLocaleString('en')} to ${last.logs.toLocaleString('en')} logs`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
