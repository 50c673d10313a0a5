/**
 * Issue 23 on MongoDB: the report rollups of SQLite's migration 6 (a
 * document per place-month, and per anchor-month the mix by depth, form and
 * groups) kept by `$inc` in the log write, read by the reports, repaired
 * after a crash, and built once for a store an older Loa made.
 */
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { createMongoStore, observeCommands } from '../../../adapters/mongo';
import { storageOn, type OpenStorage } from '../../../adapters/store/open-storage';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../../tools/harness/mongo-server';
import { onStore } from '../../../tools/harness/on-store';
import { provincePlan } from '../../../tools/bench/indicators-bench';
import { seedProvince } from '../../../tools/bench/scale-bench';
import { createIndicatorEngine } from '../../../core/indicators/engine';
import { periodKeysOf } from '../../../core/periods';
import type { SessionLog } from '../../../core/domain/session-log';
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { RollupsRepo } from '../../../core/repos/rollups-repo';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-20T03:00:00Z');

let serial = 0;
function newLog(village: string, date: string, form: FormCode, groups: GroupCode[], participants: number): SessionLog {
  serial++;
  return {
    _id: `log-${serial}`,
    code: `R${String(serial).padStart(4, '0')}`,
    villageId: village,
    placePath: ['p', 'c', village],
    date,
    periods: periodKeysOf(date),
    participants,
    form,
    groups,
    note: '',
    personId: 'person',
    channel: 'sms',
    channelMessageId: `m-${serial}`,
    contentKey: `k-${serial}`,
    createdAt: '2026-11-02T00:00:00.000Z',
    editedAt: null,
    cancelledAt: null,
  } as SessionLog;
}

async function openMongo(prefix: string): Promise<{ storage: OpenStorage; uri: string }> {
  const uri = uriWithDatabase(testMongoUri(), randomTestDatabase(prefix));
  return { storage: await storageOn(await createMongoStore(uri)), uri };
}

/** The driver itself (server commands), for what only an older Loa or a crash leaves behind. */
async function raw<R>(uri: string, fn: (db: ReturnType<MongoClient['db']>) => Promise<R>): Promise<R> {
  const client = await MongoClient.connect(uri);
  try {
    return await fn(client.db());
  } finally {
    await client.close();
  }
}

/** Three logs in two villages, one cancelled: what every case below expects from the compact rollups. */
async function threeLogs(storage: OpenStorage): Promise<void> {
  const { logs } = storage.repos;
  const a = newLog('v1', '2026-11-02', 'hop', ['nd'], 40);
  await logs.insert(a);
  await logs.insert(newLog('v1', '2026-11-03', 'bao', ['nd'], 1));
  await logs.insert(newLog('v2', '2026-11-04', 'hop', ['nd'], 25));
  const gone = newLog('v2', '2026-11-05', 'loa', ['tn'], 9);
  await logs.insert(gone);
  await logs.cancel(gone._id, '2026-11-06T00:00:00.000Z', { action: 'cancel', by: 'x', role: 'officer', at: '2026-11-06T00:00:00.000Z', before: gone });
}

async function expectThreeLogs(rollups: RollupsRepo): Promise<void> {
  expect(rollups.compactMonths).toBeDefined();
  const compact = await rollups.compactMonths!('p', ['p', 'c'], '2026-11', '2026-11');
  expect(compact.places).toEqual([
    { place: 'v1', bucket: '2026-11', sessions: 1, participants: 40, items: 1 },
    { place: 'v2', bucket: '2026-11', sessions: 1, participants: 25, items: 0 },
  ]);
  const byKey = (rows: object[]) => [...rows].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  expect(byKey(compact.mix)).toEqual(
    byKey(
      ['p', 'c'].flatMap((anchor) => [
        { anchor, depth: 3, bucket: '2026-11', form: 'bao', groups: ['nd'], sessions: 1, participants: 1 },
        { anchor, depth: 3, bucket: '2026-11', form: 'hop', groups: ['nd'], sessions: 2, participants: 65 },
      ]),
    ),
  );
  expect(compact.splits).toEqual([]);
}

/** A value with every array sorted (by each element's JSON), to compare lists whose order is not part of the answer. */
function unordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unordered).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unordered(v)]));
  return value;
}

describe('the report rollups on MongoDB', () => {
  it('are moved by each log and cancel: one document per place-month and, per anchor-month, the mix by depth, form and groups', async () => {
    const { storage } = await openMongo('loa_rr_inc');
    try {
      await storage.repos.rollups.repair();
      await threeLogs(storage);
      await expectThreeLogs(storage.repos.rollups);
    } finally {
      await storage.close();
    }
  });

  it('are recounted at start where a crash left a mark, whatever part of the increments had landed', async () => {
    const { storage, uri } = await openMongo('loa_rr_crash');
    try {
      await storage.repos.rollups.repair();
      await threeLogs(storage);
      // A writer died after some of its increments: the place-month and the commune's month moved, the province's did not.
      await raw(uri, async (db) => {
        await db.command({ insert: 'rollup_marks', documents: [{ _id: 'crash', touched: [{ place: 'v2', month: '2026-11' }], at: '2026-11-04T00:00:00.000Z' }] });
        await db.command({ update: 'rollup_place_months', updates: [{ q: { _id: 'pm|2026-11|v2' }, u: { $inc: { sessions: 1, participants: 30 } } }] });
        await db.command({ update: 'rollup_anchor_months', updates: [{ q: { _id: 'am|2026-11|c' }, u: { $inc: { 'kinds.3|hop|nd.n': 1, 'kinds.3|hop|nd.s': 30 } } }] });
      });
      expect(await storage.repos.rollups.repair()).toEqual({ recounted: 1, rebuilt: null });
      await expectThreeLogs(storage.repos.rollups);
    } finally {
      await storage.close();
    }
  });

  it('are built at the first start of a store an older Loa made (rollups of format 1, no place-month or anchor documents)', async () => {
    const { storage, uri } = await openMongo('loa_rr_old');
    try {
      await storage.repos.rollups.repair();
      await threeLogs(storage);
      await raw(uri, async (db) => {
        await db.command({ drop: 'rollup_place_months' });
        await db.command({ drop: 'rollup_anchor_months' });
        await db.command({ update: 'rollup_month_counts', updates: [{ q: { _id: '~format' }, u: { $set: { version: 1 } } }] });
      });
      expect(await storage.repos.rollups.repair()).toEqual({ recounted: 0, rebuilt: 2 });
      await expectThreeLogs(storage.repos.rollups);
      // Built once: the next start finds them.
      expect(await storage.repos.rollups.repair()).toEqual({ recounted: 0, rebuilt: null });
    } finally {
      await storage.close();
    }
  });

  it('serve a province report: the place-month and anchor documents are read, never the per-year month counts, and the figures equal those derived from the month facts', async () => {
    // Commands are observed on stores opened after this.
    const seen: string[] = [];
    let recording = false;
    const stop = observeCommands((event: CommandStartedEvent, repository) => {
      if (recording && repository && event.commandName === 'find') seen.push(String(event.command['find']));
    });
    const store = await createMongoStore(uriWithDatabase(testMongoUri(), randomTestDatabase('loa_rr_report')));
    const storage = await storageOn(store);
    await seedProvince(storage, 1500);
    try {
      const { repos, engine } = onStore(storage);
      recording = true;
      const month = await engine.report('p', NOW, { period: 'month', plans: [provincePlan], daily: false });
      recording = false;
      expect(month!.snapshot.period.sessions).toBeGreaterThan(0);
      expect(seen.filter((c) => c === 'rollup_place_months' || c === 'rollup_anchor_months').length).toBeGreaterThan(0);
      expect(seen.filter((c) => c === 'rollup_month_counts')).toEqual([]);
      // The same report from the month facts (the path a store without these rollups takes).
      const rollups = repos.rollups;
      const factsOnly: RollupsRepo = {
        monthFacts: (scope, from, to) => rollups.monthFacts(scope, from, to),
        dayFacts: (scope, from, to) => rollups.dayFacts(scope, from, to),
        repair: () => rollups.repair(),
        rebuild: () => rollups.rebuild(),
      };
      const fromFacts = createIndicatorEngine({ repos: { ...repos, rollups: factsOnly } });
      // Same figures; lists the report keeps in no particular order (the mix) compared as sets.
      expect(unordered(await fromFacts.report('p', NOW, { period: 'month', plans: [provincePlan], daily: false }))).toEqual(unordered(month));
    } finally {
      stop();
      await storage.close();
    }
  });
});
