import { performance } from 'node:perf_hooks';
import type { ParseContext } from '../../core/language/commands';
import { type Parser } from '../../core/language/parser';
import { createParser } from '../../app/commands';
import { loadVocabularies } from '../../core/language/vocabulary';

/**
 * Parser cost: throughput over a realistic mix of collaborator and officer
 * texts, and per-message latency for 1,000- and 10,000-character pastes. The
 * whole text is read, so the long inputs show the cost grows linearly with the
 * length (10x the characters, about 10x the time), never faster.
 */

const CTX: ParseContext = {
  receivedAt: new Date('2026-11-20T03:00:00Z'),
  timeZone: 'Asia/Ho_Chi_Minh',
  maxAgeDays: 14,
};

/** What a commune's inbox looks like: mostly logs, some typos and errors, a few commands. */
const MIX = [
  'TT 45 hop thon',
  'tt 30 loa 20/11',
  'TT 120 truong hs hom qua',
  'Tuyên truyền 45 người họp thôn thanh niên',
  'tt 12 den ho gia dinh phu nu',
  'tt 200 to roi',
  'tt 300 san khau hoa thanh nien va phu nu',
  'tt 45 hop thon ve phong chong ma tuy o nha van hoa',
  'tuyen truyn 45 hop thonn',
  'tt 30 loa truyen thnah hom kia',
  'tt 45ng hopthon',
  '/tt@LoaBot 45 hop thon',
  'TT2 45 hop thon',
  'tt 45 50 hop thon',
  'tt hop thon',
  'tt 45 hop thon 31/02',
  'HUY',
  'HUY A7K2',
  'SUA A7K2 50 hop thon thanh nien',
  'XEM',
  'HD',
  'TONGHOP THANG',
  'CHUA',
  'LOG 45 meeting youth yesterday',
  'xin chao',
];

/** Words and noise to build long pastes from, so the long inputs are neither trivial nor uniform. */
const NOISE = ['hop', 'thon', 'thanh', 'nien', 'truyen', 'loa', '45', '19/11', 'nhà', 'văn', 'hóa', 'xyzw', '😀', '—', 'ма'];

function longText(length: number, seed: number): string {
  let text = seed % 2 === 0 ? 'TT 45 hop thon ' : 'tt ';
  let state = seed + 1;
  while (text.length < length) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    text += `${NOISE[state % NOISE.length] ?? ''}${state % 7 === 0 ? '' : ' '}`;
  }
  return text.slice(0, length);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function throughput(parser: Parser): void {
  for (let i = 0; i < 5_000; i += 1) parser.parse(MIX[i % MIX.length] ?? '', CTX); // warm the JIT
  const count = 200_000;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) parser.parse(MIX[i % MIX.length] ?? '', CTX);
  const seconds = (performance.now() - started) / 1000;
  console.log(`  realistic mix (${MIX.length} texts): ${Math.round(count / seconds).toLocaleString('en')} messages/s`);
}

function latency(parser: Parser, length: number): void {
  const inputs = Array.from({ length: 2_000 }, (_, i) => longText(length, i));
  for (const text of inputs.slice(0, 200)) parser.parse(text, CTX);
  const times = inputs.map((text) => {
    const started = performance.now();
    parser.parse(text, CTX);
    return (performance.now() - started) * 1000;
  });
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50).toFixed(1);
  const p99 = percentile(times, 99).toFixed(1);
  console.log(`  ${length.toLocaleString('en')}-character inputs: p50 ${p50} µs, p99 ${p99} µs`);
}

export async function main(): Promise<void> {
  const parser = createParser(loadVocabularies());
  throughput(parser);
  latency(parser, 1_000);
  latency(parser, 10_000);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
