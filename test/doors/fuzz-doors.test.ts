import fc from 'fast-check';
import { DOORS, fuzzCase, startDoorsWorld, type DoorsWorld } from '../../tools/harness/door-fuzz';

/**
 * Issue 20, "done when": 0 5xx through every door, Zalo and Telegram
 * included, whatever the text, the sender, the platform's date or the number
 * of copies. Bounded here (`LOA_FUZZ_RUNS`, default 200 cases); the ≥ 40,000
 * run is `npx tsx bench/fuzz-doors-bench.ts`.
 */
jest.setTimeout(180_000);

let world: DoorsWorld;
const statuses = new Map<string, number>();
beforeAll(async () => {
  world = await startDoorsWorld();
});
afterAll(async () => {
  await world?.close();
  process.stdout.write(`door fuzz: ${[...statuses].sort().map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
});

describe('fuzzed deliveries through every door with valid credentials', () => {
  it('never answer 5xx, on any door', async () => {
    const runs = Number(process.env.LOA_FUZZ_RUNS ?? 200);
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        for (const status of await world.send(c)) {
          const key = `${c.door} ${status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (status >= 500) throw new Error(`${c.door} answered ${status} to ${JSON.stringify(c)}`);
        }
      }),
      { numRuns: runs },
    );
    // Every door was reached, and answered something other than a refusal of the credentials.
    for (const door of DOORS) expect([...statuses.keys()].some((k) => k.startsWith(`${door} 2`))).toBe(true);
  });
});
