/**
 * Child process for the crash test: writes counters (one row each) as fast as
 * it can through the counters repository and prints each id only after the
 * store acknowledged it (durable). A fourth argument `server` makes it take
 * the folder's server lock, as `npm start` does.
 */
import { openEmbeddedStorage } from '../../adapters/store/open-storage';

const dir = process.argv[2]!;
const prefix = process.argv[3] ?? 'w';
const LATER = new Date('2030-01-01T00:00:00Z');

async function main(): Promise<void> {
  const storage = await openEmbeddedStorage({ dataDir: dir, serverLock: process.argv[4] === 'server' });
  let n = 0;
  const writer = async (lane: number): Promise<void> => {
    for (;;) {
      const id = `${prefix}-${lane}-${n++}`;
      await storage.repos.counters.increment(id, LATER);
      process.stdout.write(id + '\n');
    }
  };
  process.stdout.write('ready\n');
  for (let lane = 0; lane < 8; lane++) void writer(lane);
}

void main();
