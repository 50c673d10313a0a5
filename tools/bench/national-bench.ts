import fs from 'node:fs';
import type { SessionLog } from '../../core/domain/session-log';
import { openEmbeddedStorage, type OpenStorage } from '../../adapters/store/open-storage';
import os from 'node:os';
import path from 'node:path';
import { createI18n } from '../../core/i18n/i18n';
import { renderReply } from '../../core/i18n/render';
import type { IndicatorEngine, ScopeReport } from '../../core/indicators/engine';
import type { Outbound } from '../../core/outbound/port';
import { currentPeriods } from '../../core/periods';
import { runWeeklySummaries, type SummaryRunReport } from '../../core/scheduling/weekly-summary';
import { onStore } from '../harness/on-store';
import { logsOfVillages, nationalPeople, nationalPlaces, NOW, provincePlanOf, shapeAt, type NationalShape } from './national-data';

/**
 * The national simulation (issue 23): 34 provinces, 3,300 communes, 100,000
 * villages, 3,000,000 logs over 2026 on SQLite, loaded in bulk through the
 * storage layer (logs by insertMany, then their rollups by the store's
 * rebuild, a GROUP BY in SQL; indexes built after), never through SMS parsing. Then timed: the national report
 * (every province's year report with its plan, as the top admin reads them:
 * Loa has no place above a province), one province's, one commune's, and the
 * whole Monday run (`runWeeklySummaries`: every officer's and admin's summary
 * built and rendered for SMS, sends faked). The baseline, in the same run:
 * the same at 1% of the logs on the same place tree.
 *
 *   npm run bench -- national                 full country + baseline
 *   npx tsx tools/bench/national-bench.ts --scale 0.1 [--no-baseline]
 */
export interface NationalRun {
  shape: NationalShape;
  loadSeconds: number;
  /** CPU seconds of the load and open (on a shared machine, the part of the wall time that is ours). */
  loadCpuSeconds: number;
  nationalCpuMs: number;
  mondayCpuMs: number;
  rssAfterLoadMb: number;
  nationalMs: number;
  provinceMs: number;
  communeMs: number;
  mondayMs: number;
  /** Sums over the 34 province reports of this year (the national figures). */
  national: { sessions: number; participants: number; villagesCoveredYear: number; villages: number };
  /** The Monday run: its report, and the previous week's sessions summed over the provinces' summaries. */
  monday: SummaryRunReport & { weekSessions: number; rendered: number };
  peakRssMb: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
/** CPU seconds of this process so far (user + system): on a shared machine, wall time alone says little. */
const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Says how long a step took, in wall and CPU seconds, and the RSS after it. */
function stepper(say: (line: string) => void): (label: string) => void {
  let [wall, cpu] = [Date.now(), cpuSeconds()];
  return (label) => {
    const [w, c] = [Date.now(), cpuSeconds()];
    say(`  ${label}: ${((w - wall) / 1000).toFixed(1)} s (CPU ${(c - cpu).toFixed(1)} s), RSS ${mb(process.memoryUsage().rss)} MB`);
    [wall, cpu] = [w, c];
  };
}
const VILLAGE_BATCH_LOGS = 20_000;

/** Places, people, logs and rollups in bulk into an empty store; then indexes and one plan per province. */
async function load(store: OpenStorage, shape: NationalShape, say: (line: string) => void): Promise<ReturnType<typeof nationalPlaces>> {
  const step = stepper(say);
  const places = nationalPlaces(shape);
  const people = nationalPeople(places);
  await store.admin.bulkLoad({ places: places.places, people: [...people.staff, ...people.collaborators] });
  step(`roster: ${places.places.length.toLocaleString('en')} places, ${(people.staff.length + people.collaborators.length).toLocaleString('en')} people`);
  const perBatch = Math.max(1, Math.floor(VILLAGE_BATCH_LOGS / Math.max(1, shape.logs / shape.villages)));
  function* batches(): Generator<SessionLog[]> {
    for (let v = 0; v < shape.villages; v += perBatch) yield [...logsOfVillages(shape, places.villages, v, Math.min(shape.villages, v + perBatch))];
  }
  const { repos } = onStore(store);
  // The store's bulk load: its indexes made after, then `rollups rebuild` (a GROUP BY in SQL), ~2× cheaper in CPU than counting per batch in JS.
  await store.admin.bulkLoad({ logs: batches() });
  step('logs (their indexes made after), rollups rebuilt from them');
  for (const province of places.provinces) {
    const saved = await repos.plans.save(provincePlanOf(province), NOW);
    if (!saved.ok) throw new Error(`the plan of ${province._id} was refused`);
  }
  step('plans');
  return places;
}

/** Wall ms and CPU ms of one call. */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const [started, cpu] = [process.hrtime.bigint(), cpuSeconds()];
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (cpuSeconds() - cpu) * 1000, value };
}

/** The fastest of `runs` calls after a warm-up (other helpers share the machine: the minimum is the least disturbed). */
async function best(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, (await timed(fn)).ms);
  return min;
}

/** The Monday run as the scheduler makes it, its engine watched so the week's figures can be checked; sends faked. */
async function mondayRun(storage: OpenStorage, engine: IndicatorEngine): Promise<{ ms: number; cpuMs: number; value: NationalRun['monday'] }> {
  const i18n = createI18n();
  const reports = new Map<string, ScopeReport>();
  const watched: IndicatorEngine = {
    ...engine,
    report: async (scopeId, at, options) => {
      const r = await engine.report(scopeId, at, options);
      if (r) reports.set(scopeId, r);
      return r;
    },
  };
  let rendered = 0;
  const outbound: Outbound = {
    send: async (request) => {
      rendered += renderReply(i18n, request.reply, request.person.lng, 'sms').length > 0 ? 1 : 0;
      return { ok: true, status: 'sent', channel: 'sms' };
    },
  };
  const week = currentPeriods(NOW).week;
  const { ms, cpuMs, value } = await timed(() => runWeeklySummaries({ ...onStore(storage), engine: watched, outbound, i18n, owner: 'national-bench' }, week, NOW));
  const weekSessions = [...reports.values()].filter((r) => r.data.tree.root.level === 'province').reduce((n, r) => n + r.snapshot.period.sessions, 0);
  return { ms, cpuMs, value: { ...value, weekSessions, rendered } };
}

/** Loads a fresh store at `shape`, times every report, and deletes the store's folder. */
export async function runNational(shape: NationalShape, say: (line: string) => void = () => undefined): Promise<NationalRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-national-'));
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  let store: OpenStorage | null = null;
  try {
    // Loaded without an fsync per batch (as the load bench seeds), then opened as a server opens its folder.
    const loading = await timed(async () => {
      const bulk = await openEmbeddedStorage({ dataDir: dir, durable: false });
      try {
        return await load(bulk, shape, say);
      } finally {
        await bulk.close();
      }
    });
    const places = loading.value;
    const opening = await timed(() => openEmbeddedStorage({ dataDir: dir }));
    store = opening.value;
    say(`  the loaded folder opened as a server opens it (quick_check of the whole file): ${(opening.ms / 1000).toFixed(1)} s`);
    const rssAfterLoadMb = mb(process.memoryUsage().rss);
    const { engine } = onStore(store);
    const options = { period: 'year' as const };
    const national = await timed(async () => {
      const sums = { sessions: 0, participants: 0, villagesCoveredYear: 0, villages: 0 };
      for (const province of places.provinces) {
        const r = await engine.report(province._id, NOW, options);
        if (!r) throw new Error(`no report for ${province._id}`);
        sums.sessions += r.snapshot.period.sessions;
        sums.participants += r.snapshot.period.participants;
        sums.villagesCoveredYear += r.snapshot.coveredYear;
        sums.villages += r.snapshot.villages.length;
      }
      return sums;
    });
    const provinceMs = await best(3, () => engine.report(places.provinces[0]!._id, NOW, options));
    const communeMs = await best(3, () => engine.report(places.communes[0]!._id, NOW, options));
    const monday = await mondayRun(store, engine);
    const loadSeconds = (loading.ms + opening.ms) / 1000;
    return {
      shape, loadSeconds, loadCpuSeconds: (loading.cpuMs + opening.cpuMs) / 1000, nationalCpuMs: national.cpuMs, mondayCpuMs: monday.cpuMs, rssAfterLoadMb, nationalMs: national.ms, provinceMs, communeMs, mondayMs: monday.ms,
      national: national.value, monday: monday.value, peakRssMb: mb(peak),
    };
  } finally {
    clearInterval(sample);
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const n = (x: number): string => x.toLocaleString('en');

function print(label: string, r: NationalRun): void {
  console.log(`${label}: ${n(r.shape.provinces)} provinces, ${n(r.shape.communes)} communes, ${n(r.shape.villages)} villages, ${n(r.shape.logs)} logs`);
  console.log(`  loaded in ${r.loadSeconds.toFixed(1)} s, CPU ${r.loadCpuSeconds.toFixed(1)} s (the store's bulk load, not SMS parsing); RSS after load ${r.rssAfterLoadMb} MB, peak ${r.peakRssMb} MB`);
  console.log(`  national report (34 province year reports + plans, one pass): ${n(Math.round(r.nationalMs))} ms (CPU ${n(Math.round(r.nationalCpuMs))} ms) — ${n(r.national.sessions)} sessions, ${n(r.national.participants)} participants, ${n(r.national.villagesCoveredYear)}/${n(r.national.villages)} villages covered`);
  console.log(`  one province's year report: ${r.provinceMs.toFixed(0)} ms; one commune's: ${r.communeMs.toFixed(0)} ms (best of 3 after a warm-up)`);
  console.log(`  Monday run (${n(r.monday.recipients)} officers and admins, rendered for SMS, sends faked): ${n(Math.round(r.mondayMs))} ms (CPU ${n(Math.round(r.mondayCpuMs))} ms), ${n(r.monday.sent)} sent, last week ${n(r.monday.weekSessions)} sessions`);
}

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

export async function main(): Promise<void> {
  const started = Date.now();
  const scale = Number(argValue('--scale') ?? process.env.NATIONAL_BENCH_SCALE ?? 1);
  const shape = shapeAt(scale);
  const say = (line: string): void => console.log(line);
  if (!process.argv.includes('--no-baseline')) {
    const baseline = await runNational(shapeAt(scale, Math.round(shape.logs / 100)), say);
    print('baseline, 1% of the logs', baseline);
  }
  const run = await runNational(shape, say);
  print('national', run);
  const minutes = (Date.now() - started) / 60_000;
  console.log(`whole run ${minutes.toFixed(1)} min (target < 5 min: ${minutes < 5 ? 'met' : 'NOT met'}); RSS now ${mb(process.memoryUsage().rss)} MB`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
