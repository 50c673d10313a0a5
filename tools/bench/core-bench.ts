import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../core/clock';
import type { Core } from '../../core/create-core';
import { benchRuntime, NO_SENDER_LIMIT } from './bench-runtime';
import { loadDemoIfEmpty } from '../../app/demo-roster';
import { importRoster } from '../../core/roster/import-roster';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import { benchProfile } from './bench-profile';

const DEMO_PHONES = ['+84905000101', '+84905000102', '+84905000103', '+84905000104', '+84905000105', '+84905000106', '+84905000107', '+84905000108'];
/** Villages of the realistic spread: 3,000 logs in one month is ~10 per village-month. */
const SPREAD_VILLAGES = 300;

const spreadPhone = (i: number): string => `+8490${String(7_000_000 + i).padStart(7, '0')}`;

/** A commune per 10 villages, one collaborator per village. */
function spreadRoster(): string {
  const lines = ['kind,id,name,code,parent,aliases,phone,telegram_id,language', 'province,p,Tỉnh Bench,PB,,,,,'];
  for (let c = 0; c < SPREAD_VILLAGES / 10; c++) lines.push(`commune,c${c},Xã ${c},XA${c},p,,,,`);
  for (let v = 0; v < SPREAD_VILLAGES; v++) {
    lines.push(`village,c${Math.floor(v / 10)}.v${v},Thôn ${v},T${v},c${Math.floor(v / 10)},,,,`);
    lines.push(`collaborator,ctv-${v},Cộng tác viên ${v},,c${Math.floor(v / 10)}.v${v},,${spreadPhone(v)},,vi`);
  }
  return lines.join('\n');
}

interface Workload {
  label: string;
  phones: string[];
  prepare(core: Core): Promise<void>;
}

const ALL_WORKLOADS: Workload[] = [
  {
    label: `realistic spread: ${SPREAD_VILLAGES} villages, ~10 logs per village-month`,
    phones: Array.from({ length: SPREAD_VILLAGES }, (_, v) => spreadPhone(v)),
    async prepare(core) {
      const imported = await importRoster(spreadRoster(), core.repos, core.clock.now());
      if (!imported.ok) throw new Error(`bench roster refused: ${JSON.stringify(imported.problems.slice(0, 3))}`);
    },
  },
  {
    label: 'pathological: 8 senders in the demo villages, one month (~375 logs per village-month)',
    phones: DEMO_PHONES,
    prepare: async (core) => void (await loadDemoIfEmpty(core)),
  },
];

/**
 * Core entry throughput on the embedded store with durable acknowledgement
 * (fsync before each reply resolves): N concurrent senders, each text a new
 * session, through the use-cases (parse, log, rollup mark and refresh).
 * Each log recounts its village-month, so the cost depends on how many logs
 * share one: the realistic spread and the old pathological case are both printed.
 *
 *   npm run bench -- core
 *   CORE_BENCH_ONLY=realistic CORE_BENCH_SENDERS=16 npm run bench -- core
 *
 * `BENCH_PROFILE=/tmp/core` writes a CPU profile of each measured run (not the set-up).
 *
 * Each workload and concurrency first runs `CORE_BENCH_WARMUP` times (2 by
 * default) unmeasured, each on a fresh store, then once measured: V8 keeps
 * compiling the message path for its first ~6,000 messages, which cost
 * ~1.6× the CPU of later ones (394 against 224–243 µs per log, one process,
 * load 3.5). The first warm-up is printed on its own line as the cold start;
 * the measured run is what a server that has handled a few thousand
 * messages does. `CORE_BENCH_WARMUP=0` measures the cold start alone, as this
 * bench did before.
 */
export async function main(): Promise<void> {
  const only = process.env.CORE_BENCH_ONLY;
  const warmUps = Number(process.env.CORE_BENCH_WARMUP ?? 2);
  for (const workload of ALL_WORKLOADS.filter((w) => !only || w.label.startsWith(only))) {
    for (const concurrency of (process.env.CORE_BENCH_SENDERS ?? '1,16').split(',').map(Number)) {
      const total = concurrency === 1 ? 500 : 3000;
      for (let w = 0; w < warmUps; w++) {
        const warm = await runOnce(workload, concurrency, total, false);
        // Not the measured line's wording, so tools/bench/targets.ts reads the measured one.
        if (w === 0) console.log(`cold start, the first ${total} messages after the process starts (${workload.label.split(':')[0]}), ${concurrency} sender(s): ${warm}`);
      }
      console.log(`durable logs/s, ${workload.label}: ${total} logs, ${concurrency} sender(s) at once: ${await runOnce(workload, concurrency, total, true)}`);
    }
  }
}

/** One run on a fresh store: `total` messages from `concurrency` senders; returns the figures' line. */
async function runOnce(workload: Workload, concurrency: number, total: number, profiled: boolean): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-core-'));
  const store = await openEmbeddedStorage({ dataDir: dir });
  try {
    const clock = new FakeClock(new Date('2026-11-20T03:00:00Z'));
    const { core } = await benchRuntime(store, { clock, settings: NO_SENDER_LIMIT });
    await workload.prepare(core);
    let next = 0;
    const latencies: number[] = [];
    const profile = profiled ? benchProfile() : benchProfile('');
    await profile.start();
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const i = next++;
          const t0 = process.hrtime.bigint();
          const outcome = await core.handleInbound({
            channel: 'sms',
            channelMessageId: randomUUID(),
            sender: { kind: 'phone', phone: workload.phones[i % workload.phones.length]! },
            // Distinct participants so no text is a re-send of another.
            text: `TT ${(i % 9000) + 1} hop thon`,
            receivedAt: clock.now(),
          });
          if (outcome.reply?.key !== 'log.saved' && outcome.reply?.key !== 'log.resent') throw new Error(`unexpected reply ${outcome.reply?.key}`);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // CPU per log (every thread of this process: the fsyncs and checkpoints too) depends far less than logs/s on who else runs.
    const cpu = process.cpuUsage(cpuBefore);
    await profile.stop(`-${workload.label.split(':')[0]!.replace(/\W+/g, '-')}-${concurrency}`);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(2);
    return `${(total / seconds).toFixed(0)} logs/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, CPU ${((cpu.user + cpu.system) / total).toFixed(0)} µs/log (system ${(cpu.system / total).toFixed(0)}) (load average ${os.loadavg()[0]!.toFixed(1)})`;
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
