/**
 * Child process for the crash test: writes documents as fast as it can and
 * prints each id only after the store acknowledged it (durable). A fourth
 * argument `server` makes it take the folder's server lock, as `npm start` does.
 */
import { openEmbeddedStore } from '../../adapters/sqlite/embedded-store';

const dir = process.argv[2]!;
const prefix = process.argv[3] ?? 'w';
const store = openEmbeddedStore({ dataDir: dir, serverLock: process.argv[4] === 'server' });
const docs = store.collection('docs');
let n = 0;
async function writer(lane: number): Promise<void> {
  for (;;) {
    const id = `${prefix}-${lane}-${n++}`;
    await docs.insertOne({ _id: id, lane, payload: 'x'.repeat(200) });
    process.stdout.write(id + '\n');
  }
}
process.stdout.write('ready\n');
for (let lane = 0; lane < 8; lane++) void writer(lane);
