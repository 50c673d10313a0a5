import { createMongoStore } from '../../adapters/mongo';
import type { Doc } from '../../adapters/store/document-store';
import { randomTestDatabase, startTestMongo, uriWithDatabase } from '../harness/mongo-server';

const FORMS = ['hop_thon', 'loa', 'ho_gd', 'to_roi'];
const GROUPS = ['nd', 'tn', 'hs', 'nld', 'pn'];

/** A document shaped like a session log (same fields and indexes), numbered `i`. */
function sessionLog(i: number): Doc {
  const village = `v${i % 1800}`;
  return {
    _id: `bench-${i}`,
    code: (i % 1_679_616).toString(36).toUpperCase().padStart(4, '0'),
    villageId: village,
    placePath: ['p1', `d${i % 9}`, `c${i % 180}`, village],
    date: '2026-11-20',
    periods: { day: '2026-11-20', week: '2026-W47', month: '2026-11', quarter: '2026-Q4', year: '2026' },
    participants: 10 + (i % 90),
    form: FORMS[i % FORMS.length]!,
    groups: [GROUPS[i % GROUPS.length]!],
    note: '',
    personId: `person-${i % 5000}`,
    channel: 'sms',
    channelMessageId: `SM${i.toString(16).padStart(32, '0')}`,
    contentKey: `k${i}`,
    createdAt: new Date(1_795_000_000_000 + i * 1000).toISOString(),
    editedAt: null,
    cancelledAt: null,
  };
}

/**
 * Logs per second that the MongoDB adapter acknowledges durably (`w: majority`,
 * `j: true`; on FerretDB/SQLite a WAL commit with fsync) for plain `insertOne`,
 * against the test server the harness picks (FerretDB here, or MONGODB_URI).
 * Note FerretDB's test relay runs one command at a time, so concurrency adds
 * little there; a real MongoDB overlaps them.
 */
export async function main(): Promise<void> {
  const server = await startTestMongo({ log: () => undefined });
  console.log(`  server: ${server.name}`);
  try {
    for (const [concurrency, total] of [
      [1, 1000],
      [16, 3000],
    ] as const) {
      const database = randomTestDatabase('loa_bench');
      const store = await createMongoStore(uriWithDatabase(server.uri, database));
      await store.ensureIndexes('session_logs', [
        { name: 'session_logs_channel_message_unique', keys: { channel: 1, channelMessageId: 1 }, unique: true },
        { name: 'session_logs_place_month', keys: { placePath: 1, 'periods.month': 1 } },
      ]);
      const logs = store.collection('session_logs');
      const latencies: number[] = [];
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) {
            const doc = sessionLog(next++);
            const t0 = process.hrtime.bigint();
            await logs.insertOne(doc);
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
      const stored = await logs.countDocuments({});
      console.log(
        `  insertOne, durable ack, ${concurrency} in flight: ${(total / seconds).toFixed(0)} logs/s ` +
          `(${total} in ${seconds.toFixed(2)} s; p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; ${stored} stored)`,
      );
      await store.close();
    }
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
