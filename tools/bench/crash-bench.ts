import { formatFigures, runCrashScenario, type StoredLog } from '../harness/crash-run';
import { randomTestDatabase, startTestMongo, uriWithDatabase } from '../harness/mongo-server';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../../adapters/store/open-storage';

/**
 * `npm run bench -- crash`: Loa as `npm start` runs it, `kill -9`ed at random
 * moments under concurrent signed SMS traffic and restarted on the same data
 * (test/hardening/support/crash-run.ts), at least 10 kills and 5,000
 * acknowledged logs per store. Prints lost / doubled counts, and whether the
 * rollups, after the start-up repair, equal a recount of the stored logs.
 *
 *   CRASH_BENCH_ACKS=5000 CRASH_BENCH_KILLS=10 CRASH_BENCH_STORES=sqlite,mongodb npm run bench -- crash
 *
 * On the FerretDB test server Loa logs ~10 SMS/s (one command at a time,
 * no index use), so 5,000 there takes ~10 minutes.
 */
const ACKS = Number(process.env.CRASH_BENCH_ACKS ?? 5_000);
const KILLS = Number(process.env.CRASH_BENCH_KILLS ?? 10);
const STORES = (process.env.CRASH_BENCH_STORES ?? 'sqlite,mongodb').split(',');

/**
 * Runs the start-up repair, then `loa check`'s comparison of the stored month
 * totals of every root with a recount of the live logs (the admin port).
 */
async function rollupsMatch(storage: OpenStorage): Promise<string> {
  const repaired = await storage.repos.rollups.repair();
  const differ = (await storage.admin.check()).problems.filter((p) => p.startsWith('rollup '));
  const same = differ.length === 0;
  return `rollups after the start-up repair (${repaired.recounted} place-months left marked): ${same ? 'equal to a recount of the logs' : `DIFFER from a recount of the logs (${differ.length} place-month(s), e.g. ${differ[0]})`}`;
}

/**
 * Reads a crashed run's logs from the store `open` gives, after checking its
 * rollups; `check` receives the rollup line to print.
 */
function logsAfterCheck(open: () => Promise<OpenStorage>, check: (line: string) => void): () => Promise<StoredLog[]> {
  return async () => {
    const store = await open();
    try {
      check(await rollupsMatch(store));
      return await store.admin.allLogs();
    } finally {
      await store.close();
    }
  };
}

export async function main(): Promise<void> {
  if (STORES.includes('sqlite')) {
    let check = '';
    const figures = await runCrashScenario({
      store: 'SQLite',
      env: {},
      minKills: KILLS,
      minAcknowledged: ACKS,
      budgetMs: 150_000,
      readLogs: (dataDir) => logsAfterCheck(() => openEmbeddedStorage({ dataDir }), (line) => (check = line))(),
    });
    console.log(formatFigures(figures));
    console.log(`  ${check}`);
  }
  if (STORES.includes('mongodb')) {
    const server = await startTestMongo({ log: () => undefined });
    const uri = uriWithDatabase(server.uri, randomTestDatabase('loa_crash'));
    let check = '';
    try {
      const figures = await runCrashScenario({
        store: `MongoDB (${server.name})`,
        env: { MONGODB_URI: uri },
        minKills: KILLS,
        minAcknowledged: ACKS,
        lifeMs: [5_000, 12_000],
        budgetMs: 900_000,
        readLogs: logsAfterCheck(() => openMongoStorage(uri), (line) => (check = line)),
      });
      console.log(formatFigures(figures));
      console.log(`  ${check}`);
    } finally {
      await server.stop();
    }
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
