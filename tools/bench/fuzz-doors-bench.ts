import fc from 'fast-check';
import { DOORS, fuzzCase, startDoorsWorld, type FuzzCase } from '../harness/door-fuzz';

/**
 * Fuzzed texts through every door with valid credentials (signed `/sms`,
 * signed `/gateway/android`, `/zalo`, `/telegram`), in-process through the
 * whole Express app on the embedded store: the issue 20 probe's "0 5xx over
 * ≥ 40,000 fuzzed texts on every door". Prints the status tally per door, the
 * 5xx count, and as baseline the same tally for the first tenth of the run
 * (a difference would mean the store or a limit degrades as it fills).
 *   npx tsx bench/fuzz-doors-bench.ts        (FUZZ_BENCH_TEXTS=40000, FUZZ_BENCH_CONCURRENCY=4)
 */
const TEXTS = Number(process.env.FUZZ_BENCH_TEXTS ?? 40_000);
const CONCURRENCY = Number(process.env.FUZZ_BENCH_CONCURRENCY ?? 4);
const SEED = Number(process.env.FUZZ_BENCH_SEED ?? 20);

export async function main(): Promise<void> {
  const world = await startDoorsWorld();
  const cases: FuzzCase[] = fc.sample(fuzzCase, { numRuns: TEXTS, seed: SEED });
  const tally = new Map<string, number>();
  let baseline = '';
  let next = 0;
  let fiveXx = 0;
  let requests = 0;
  const firstFive: string[] = [];
  const started = Date.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i]!;
      // A client timeout (10 s) is no answer at all: counted apart, the run goes on.
      const statuses = await world.send(c).catch(() => [0]);
      for (const status of statuses) {
        requests++;
        const key = status === 0 ? `${c.door} no answer in 10 s` : `${c.door} ${Math.floor(status / 100)}xx`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        if (status >= 500) {
          fiveXx++;
          if (firstFive.length < 5) firstFive.push(`${status} ${JSON.stringify(c).slice(0, 200)}`);
        }
      }
      if (i === Math.floor(cases.length / 10)) baseline = format(tally);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await world.close();
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`door fuzz: ${cases.length} fuzzed texts (${requests} requests with redeliveries) through ${DOORS.join(', ')} in ${seconds.toFixed(0)} s (${(requests / seconds).toFixed(0)} req/s, ${CONCURRENCY} at once, seed ${SEED})`);
  console.log(`  baseline, first tenth: ${baseline}`);
  console.log(`  whole run:             ${format(tally)}`);
  console.log(`  5xx: ${fiveXx}${firstFive.length ? `\n    ${firstFive.join('\n    ')}` : ''}`);
  if (fiveXx > 0) process.exitCode = 1;
}

function format(tally: Map<string, number>): string {
  return [...tally].sort().map(([k, v]) => `${k} ${v}`).join(', ');
}

if (require.main === module) void main();
