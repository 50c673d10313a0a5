import fs from 'node:fs';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../../adapters/store/open-storage';
import os from 'node:os';
import path from 'node:path';
import type { Place } from '../../core/domain/places';
import type { SessionLog } from '../../core/domain/session-log';
import { FORM_CODES, GROUP_CODES } from '../../core/domain/vocabulary-codes';
import { periodKeysOf } from '../../core/periods';
import type { Plan } from '../../core/plans/plan-schema';
import { onStore } from '../harness/on-store';

/**
 * Time to compute every indicator (snapshot + a plan's targets) for one
 * commune and for a province of ~1,800 villages, on the embedded store, as
 * the log count grows from 30,000 to 300,000. Plain printed numbers.
 *
 *   npx tsx bench/indicators-bench.ts
 */

const NOW = new Date('2026-11-20T03:00:00Z');
const CREATED = '2025-12-01T00:00:00.000Z';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function buildPlaces(): { places: Place[]; villages: Place[]; communes: Place[] } {
  const places: Place[] = [];
  const mk = (id: string, level: Place['level'], parent: Place | null, name: string): Place => {
    const p: Place = { _id: id, level, name, code: id.split('.').pop()!.toUpperCase().slice(0, 20), aliases: [], parentId: parent?._id ?? null, path: [...(parent?.path ?? []), id], createdAt: CREATED };
    places.push(p);
    return p;
  };
  const province = mk('p', 'province', null, 'Tỉnh');
  const villages: Place[] = [];
  const communes: Place[] = [];
  for (let d = 0; d < 10; d++) {
    const district = mk(`p.d${d}`, 'district', province, `Huyện ${d}`);
    for (let c = 0; c < 30; c++) {
      const commune = mk(`${district._id}.c${c}`, 'commune', district, `Xã ${d}-${c}`);
      communes.push(commune);
      for (let v = 0; v < 6; v++) villages.push(mk(`${commune._id}.v${v}`, 'village', commune, `Thôn ${d}-${c}-${v}`));
    }
  }
  return { places, villages, communes };
}

/** Logs `from`…`to` (exclusive) of the bench province, 10,000 a batch, the same for the same numbers. */
export function* logBatches(villages: Place[], from: number, to: number): Generator<SessionLog[]> {
  const rnd = random(from + 7);
  const batch: SessionLog[] = [];
  for (let i = from; i < to; i++) {
    const index = Math.floor(rnd() * villages.length);
    const village = villages[index]!;
    // A village mostly repeats its usual forms and groups (3 forms, 2 groups); 15% of sessions are anything.
    const usual = rnd() < 0.85;
    const form = usual ? FORM_CODES[(index + Math.floor(rnd() * 3)) % FORM_CODES.length]! : FORM_CODES[Math.floor(rnd() * FORM_CODES.length)]!;
    const group = usual ? GROUP_CODES[(index + Math.floor(rnd() * 2)) % GROUP_CODES.length]! : GROUP_CODES[Math.floor(rnd() * GROUP_CODES.length)]!;
    const month = 1 + Math.floor(rnd() * 11);
    const day = 1 + Math.floor(rnd() * (month === 11 ? 20 : 28));
    const date = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    batch.push({
      _id: `log-${i}`,
      code: `C${i.toString(36).toUpperCase().padStart(5, '0')}`.slice(0, 6),
      villageId: village._id,
      placePath: village.path,
      date,
      periods: periodKeysOf(date),
      participants: 10 + Math.floor(rnd() * 90),
      form,
      groups: [group],
      note: '',
      personId: `ctv-${village._id}`,
      channel: 'sms',
      channelMessageId: `m-${i}`,
      contentKey: `k-${i}`,
      createdAt: `${date}T03:00:00.000Z`,
      editedAt: null,
      cancelledAt: rnd() < 0.02 ? `${date}T04:00:00.000Z` : null,
    });
    if (batch.length === 10_000) yield batch.splice(0);
  }
  if (batch.length) yield batch;
}

/** Logs `from`…`to` into the store by its bulk load (the admin port); the rollups are recounted after it. */
export async function addLogs(storage: OpenStorage, villages: Place[], from: number, to: number): Promise<void> {
  await storage.admin.bulkLoad({ logs: logBatches(villages, from, to) });
}

export const provincePlan: Plan = {
  id: 'p-2026',
  name: 'Tỉnh 2026',
  place: 'p',
  period: { from: '2026-01', to: '2026-12' },
  targets: [
    { id: 'xa', kind: 'coverage', of: 'commune', percent: 70, regularly: 'quarter' },
    { id: 'bao', kind: 'frequency', form: 'bao', per: 'month', atLeast: 1 },
    { id: 'dv', kind: 'reach', group: 'dv', percent: 70, denominator: 50_000 },
    { id: 'th', kind: 'training', percent: 50, denominator: 2_000 },
  ],
};

async function time(label: string, runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await fn();
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / runs;
  console.log(`${label.padEnd(48)} ${ms.toFixed(0).padStart(6)} ms`);
  return ms;
}

/** `MONGODB_URI` set: the same run on that server (a fresh database, its indexes); else the embedded store in a loa.db file. */
export async function openBenchStore(): Promise<OpenStorage> {
  const uri = process.env.MONGODB_URI;
  if (!uri) return openEmbeddedStorage({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'loa-indicators-')) });
  const database = `loa_bench_${process.pid}`;
  return openMongoStorage(uri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/, (_m, host: string, query?: string) => `${host}/${database}${query ?? ''}`));
}

export async function main(): Promise<void> {
  const store = await openBenchStore();
  const { places, villages, communes } = buildPlaces();
  await store.admin.bulkLoad({ places });
  const engine = onStore(store).engine;
  const commune = communes[0]!;
  const communePlan: Plan = { ...provincePlan, id: 'c', place: commune._id, targets: [{ id: 'thon', kind: 'coverage', of: 'village', percent: 100, regularly: 'month' }] };
  console.log(`indicators on ${store.description}: ${villages.length} villages, ${communes.length} communes, 10 districts`);
  let have = 0;
  for (const target of [30_000, 100_000, 300_000]) {
    // The store's bulk load: the new logs, then every rollup recounted from all of them.
    await addLogs(store, villages, have, target);
    have = target;
    console.log(`-- ${target.toLocaleString('en')} logs`);
    await time('one commune (6 villages): snapshot + plan', 3, () => engine.report(commune._id, NOW, { period: 'month', plans: [communePlan], daily: false }));
    await time('province (1,800 villages): snapshot + 4 targets', 2, () => engine.report('p', NOW, { period: 'month', plans: [provincePlan], daily: false }));
    await time('province: Monday summary (last week)', 2, () => engine.report('p', NOW, { period: 'week', which: 'previous', plans: [] }));
  }
  await store.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
