import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/**
 * Issue 23's "Done when", measured one after another (never in parallel:
 * each bench has the machine to itself) and printed as one table: each
 * figure, its target, met or missed. Each bench runs in its own process, as
 * `npm run bench -- NAME` would, and its printed lines are read back; a bench
 * that fails or prints nothing readable is a miss with the reason.
 *
 *   npx tsx tools/bench/targets.ts               everything (~10 min on 2 quiet cores)
 *   npx tsx tools/bench/targets.ts sms rss       only some rows (names below)
 *   npx tsx tools/bench/targets.ts --national-scale 0.1
 */
const ROOT = path.resolve(__dirname, '../..');

export interface Row {
  what: string;
  value: string;
  target: string;
  met: boolean | null;
}

interface Measurement {
  name: string;
  /** The command, run from the repository's root. */
  command: string[];
  env?: Record<string, string>;
  /** Reads the rows from the bench's output; throws when a line it needs is missing. */
  read(output: string): Row[];
}

/** The first group of `pattern` in `output`, as a number (commas dropped). */
export function numberIn(output: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(output);
  if (!match?.[1]) throw new Error(`no figure for ${what} in the output`);
  return Number(match[1].replace(/,/g, ''));
}

const tsx = (file: string, ...args: string[]): string[] => [process.execPath, '-r', 'tsx/cjs', file, ...args];

function nationalScale(): string {
  const at = process.argv.indexOf('--national-scale');
  return at >= 0 ? process.argv[at + 1]! : '1';
}

export const MEASUREMENTS: Measurement[] = [
  {
    name: 'sms',
    command: tsx('tools/bench/sms-bench.ts'),
    read: (out) => {
      const ratio = numberIn(out, /ratio Loa \(fsync\)\/bare: throughput ([\d.]+)/, 'the SMS ratio');
      return [{ what: 'POST /sms: Loa (fsync) / bare Express + signature', value: ratio.toFixed(2), target: '≥ 0.30', met: ratio >= 0.3 }];
    },
  },
  {
    name: 'core',
    command: tsx('tools/bench/core-bench.ts'),
    env: { CORE_BENCH_ONLY: 'realistic', CORE_BENCH_SENDERS: '16' },
    read: (out) => {
      const rate = numberIn(out, /realistic spread[^\n]*16 sender\(s\) at once: (\d+) logs\/s/, 'durable logs/s');
      return [{ what: 'durable logs/s, 16 senders, realistic spread', value: String(rate), target: '≥ 3,000', met: rate >= 3000 }];
    },
  },
  {
    name: 'statements',
    command: [process.execPath, path.join(ROOT, 'node_modules/jest/bin/jest.js'), 'test/adapters/store/statements-per-message.test.ts', '--verbose=false'],
    read: (out) => {
      const data = numberIn(out, /statements for one TT 45 hop thon: (\d+) data/, 'statements per TT');
      return [{ what: 'statements per TT (data, counted by the test)', value: String(data), target: '≤ 6', met: data <= 6 }];
    },
  },
  {
    name: 'scale',
    command: tsx('tools/bench/scale-bench.ts'),
    env: { SCALE_BENCH_STORES: 'sqlite', SCALE_BENCH_SIZES: '30000,300000' },
    read: (out) => {
      const at = (logs: string, which: 'province report' | 'province Monday summary'): number =>
        numberIn(out, new RegExp(`SQLite\\s+${logs} logs[^\\n]*${which} (\\d+) ms`), `${which} at ${logs}`);
      const rows: Row[] = [];
      for (const which of ['province report', 'province Monday summary'] as const) {
        const [small, large] = [at('30,000', which), at('300,000', which)];
        rows.push({ what: `${which}, 30,000 logs`, value: `${small} ms`, target: '(baseline)', met: null });
        rows.push({ what: `${which}, 300,000 logs`, value: `${large} ms`, target: '< 100 ms', met: large < 100 });
        rows.push({ what: `${which}, growth 30k → 300k`, value: `×${(large / small).toFixed(1)}`, target: '≤ ×2', met: large / small <= 2 });
      }
      return rows;
    },
  },
  {
    name: 'rss',
    command: tsx('tools/bench/load-bench.ts'),
    read: (out) => {
      const end = numberIn(out, /RSS of Loa: \d+ MB after warm-up, (\d+) MB at end/, 'RSS at the end of the load bench');
      return [{ what: 'RSS of Loa after the load bench', value: `${end} MB`, target: '< 150 MB', met: end < 150 }];
    },
  },
  {
    name: 'national',
    command: tsx('tools/bench/national-bench.ts', '--scale', nationalScale(), '--no-baseline'),
    read: (out) => {
      const minutes = numberIn(out, /whole run ([\d.]+) min/, 'the national run');
      const national = numberIn(out, /^national: .*$\n(?:.*\n)*?\s+national report[^:]*: ([\d,]+) ms/m, 'the national report');
      const monday = numberIn(out, /^national: .*$\n(?:.*\n)*?\s+Monday run[^:]*: ([\d,]+) ms/m, 'the Monday run');
      const scale = nationalScale() === '1' ? '' : ` (scale ${nationalScale()})`;
      return [
        { what: `national report, 34 provinces${scale}`, value: `${national.toLocaleString('en')} ms`, target: '(printed)', met: null },
        { what: `national Monday run${scale}`, value: `${monday.toLocaleString('en')} ms`, target: '(printed)', met: null },
        { what: `national simulation, whole run${scale}`, value: `${minutes.toFixed(1)} min`, target: '< 5 min', met: minutes < 5 },
      ];
    },
  },
];

/** Runs one command to its end, its output echoed (indented) and kept. */
function run(m: Measurement): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(m.command[0]!, m.command.slice(1), { cwd: ROOT, env: { ...process.env, ...m.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      process.stdout.write(text.replace(/^(?=.)/gm, '    '));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export function formatTable(rows: Row[]): string {
  const width = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.value.length)), Math.max(...rows.map((r) => r.target.length))];
  const verdict = (met: boolean | null): string => (met === null ? '' : met ? 'met' : 'MISSED');
  return rows.map((r) => `${r.what.padEnd(width[0]!)}  ${r.value.padStart(width[1]!)}  ${r.target.padEnd(width[2]!)}  ${verdict(r.met)}`).join('\n');
}

export async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--national-scale');
  const rows: Row[] = [];
  const started = Date.now();
  for (const m of MEASUREMENTS.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
    console.log(`\n## ${m.name}: ${m.command.slice(m.command[1] === '-r' ? 3 : 1).join(' ')}`);
    const { code, output } = await run(m);
    try {
      rows.push(...m.read(output));
      if (code !== 0) rows.push({ what: `${m.name}: exit code`, value: String(code), target: '0', met: false });
    } catch (error) {
      rows.push({ what: `${m.name}`, value: `exit ${code}`, target: (error as Error).message, met: false });
    }
  }
  console.log(`\n# issue 23 targets (${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)} at the end, ${((Date.now() - started) / 60_000).toFixed(1)} min)\n`);
  console.log(formatTable(rows));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
