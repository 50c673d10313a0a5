import type { SessionLog } from '../../core/domain/session-log';
import { COLLECTIONS } from '../../adapters/store/collections';
import type { DocumentStore } from '../../adapters/store/document-store';
import { createMongoStore } from '../../adapters/mongo';
import { openEmbeddedStore } from '../../adapters/sqlite/embedded-store';
import { formatFigures, runCrashScenario, type StoredLog } from '../harness/crash-run';
import { randomTestDatabase, startTestMongo, uriWithDatabase } from '../harness/mongo-server';
import { documentsOf, rollupsOf } from '../../adapters/store/repositories/rollups-repo';
import { monthFactsOf } from '../../adapters/store/repositories/rollup-facts';
import { repositoriesOn } from '../../adapters/store/open-storage';

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

/** Runs the start-up repair, then compares the stored month totals with a recount of the live logs. */
async function rollupsMatch(store: DocumentStore): Promise<string> {
  const { rollups } = repositoriesOn(store);
  const repaired = await rollups.repair();
  const logs = (await store.collection(COLLECTIONS.logs).find({ cancelledAt: null })) as unknown as SessionLog[];
  // Month facts under each top place, as reports read them, against the same facts counted from the live logs.
  const roots = [...new Set(logs.map((l) => l.placePath[0]!))].sort();
  const expected = roots.map((root) => monthFactsOf(documentsOf(rollupsOf(logs.filter((l) => l.placePath[0] === root))).years, '0000-01', '9999-12'));
  const stored = await Promise.all(roots.map((root) => rollups.monthFacts(root, '0000-01', '9999-12')));
  const same = JSON.stringify(stored) === JSON.stringify(expected);
  return `rollups after the start-up repair (${repaired.recounted} place-months left marked): ${same ? 'equal to a recount of the logs' : 'DIFFER from a recount of the logs'}`;
}

/**
 * Reads a crashed run's logs from the store `open` gives, after checking its
 * rollups; `check` receives the rollup line to print.
 */
function logsAfterCheck(open: () => DocumentStore | Promise<DocumentStore>, check: (line: string) => void): () => Promise<StoredLog[]> {
  return async () => {
    const store = await open();
    try {
      check(await rollupsMatch(store));
      return (await store.collection('logs').find({})) as unknown as StoredLog[];
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
      readLogs: (dataDir) => logsAfterCheck(() => openEmbeddedStore({ dataDir }), (line) => (check = line))(),
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
        readLogs: logsAfterCheck(() => createMongoStore(uri), (line) => (check = line)),
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
