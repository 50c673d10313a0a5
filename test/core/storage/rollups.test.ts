import fc from 'fast-check';
import { placeMonthsOf, type Fact } from '../../../core/domain/log-facts';
import type { AnchorMonthRow, RollupsRepo } from '../../../core/repos/rollups-repo';
import { scopeDaysOfFacts, scopeDaysOfRollups, type ScopeDays } from '../../../core/indicators/mix';
import { periodKeysOf } from '../../../core/periods';
import type { SessionLog } from '../../../core/domain/session-log';
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { insertLogRow, rawStores, type RawStore } from '../../adapters/store/raw-stores';

/**
 * Both stores through their repositories; a crash between a MongoDB log write
 * and its rollup refresh is faked with the driver itself (the mark the
 * repository writes first, then the log write, and nothing after).
 */
const STORES = rawStores('loa_rollups');

/** What MongoLogsRepo writes before a log write (adapters/mongo/repositories/rollups-repo.ts): the place-months it touches. */
async function markOnMongo(db: Db, touched: Pick<SessionLog, 'villageId' | 'periods'>[]): Promise<void> {
  const places = [...new Map(touched.map((l) => [`${l.villageId}|${l.periods.month}`, { place: l.villageId, month: l.periods.month }])).values()];
  await db.collection<{ _id: string; [k: string]: unknown }>('rollup_marks').insertOne({ _id: randomUUID(), touched: places, at: new Date().toISOString() });
}

const VILLAGES = ['v1', 'v2', 'v3'];
const DATES = ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'];
const FORMS: FormCode[] = ['hop', 'loa', 'bao'];
const GROUPS: GroupCode[][] = [['nd'], ['tn', 'hs'], ['hs']];

type Op =
  | { kind: 'log'; village: number; date: number; form: number; groups: number; participants: number; split: boolean }
  | { kind: 'cancel'; pick: number }
  | { kind: 'correct'; pick: number; date: number; participants: number; form: number }
  | { kind: 'retry'; pick: number }
  | { kind: 'burst'; village: number; date: number; count: number }
  | { kind: 'crash'; what: number; pick: number; village: number; date: number; participants: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('log' as const), village: fc.nat(2), date: fc.nat(3), form: fc.nat(2), groups: fc.nat(2), participants: fc.integer({ min: 1, max: 300 }), split: fc.boolean() }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('correct' as const), pick: fc.nat(), date: fc.nat(3), participants: fc.integer({ min: 1, max: 300 }), form: fc.nat(2) }),
  fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('burst' as const), village: fc.nat(2), date: fc.nat(3), count: fc.integer({ min: 2, max: 5 }) }),
  fc.record({ kind: fc.constant('crash' as const), what: fc.nat(2), pick: fc.nat(), village: fc.nat(2), date: fc.nat(3), participants: fc.integer({ min: 1, max: 300 }) }),
);

let serial = 0;
function newLog(village: string, date: string, form: FormCode, groups: GroupCode[], participants: number, split: boolean): SessionLog {
  serial++;
  return {
    _id: `log-${serial}`,
    code: `C${String(serial).padStart(4, '0')}`.slice(0, 6),
    villageId: village,
    placePath: ['p', 'c', village],
    date,
    periods: periodKeysOf(date),
    participants,
    form,
    groups,
    ...(split && groups.length > 1 ? { participantsByGroup: { [groups[0]!]: participants - 1, [groups[1]!]: 1 } } : {}),
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

/** The facts counted by hand from the live logs, the way the engine defines them. */
function recount(logs: SessionLog[], bucket: (l: SessionLog) => string): Fact[] {
  const sums = new Map<string, Fact>();
  const split: Fact[] = [];
  for (const l of [...logs].sort((a, b) => (a._id < b._id ? -1 : 1))) {
    if (l.cancelledAt) continue;
    if (l.participantsByGroup) {
      split.push({ place: l.villageId, bucket: bucket(l), form: l.form, groups: l.groups, sessions: 1, participants: l.participants, split: l.participantsByGroup });
      continue;
    }
    const key = `${l.villageId}\u0000${bucket(l)}\u0000${l.form}\u0000${l.groups.join(',')}`;
    const f = sums.get(key) ?? { place: l.villageId, bucket: bucket(l), form: l.form, groups: l.groups, sessions: 0, participants: 0 };
    f.sessions += 1;
    f.participants += l.participants;
    sums.set(key, f);
  }
  return [...[...sums.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, f]) => f), ...split];
}

/** The anchor rows counted by hand: each live unsplit log once for every place on its path. */
function anchorRecount(logs: SessionLog[], anchors: string[]): AnchorMonthRow[] {
  const sums = new Map<string, AnchorMonthRow>();
  for (const l of logs) {
    if (l.cancelledAt || l.participantsByGroup) continue;
    for (const anchor of l.placePath.filter((id) => anchors.includes(id))) {
      const key = `${anchor}|${l.periods.month}|${l.form}|${l.groups.join(',')}`;
      const row = sums.get(key) ?? { anchor, depth: l.placePath.length, bucket: l.periods.month, form: l.form, groups: l.groups, sessions: 0, participants: 0 };
      row.sessions += 1;
      row.participants += l.participants;
      sums.set(key, row);
    }
  }
  return [...sums.values()];
}

const byKey = <T>(rows: T[]): T[] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Both stores keep the compact month rollups (SQLite by triggers, MongoDB by `$inc`): they equal a recount of the logs too. */
async function expectCompactEqualsRecount(rollups: RollupsRepo, stored: SessionLog[]): Promise<void> {
  expect(rollups.compactMonths).toBeDefined();
  if (!rollups.compactMonths) return;
  const anchors = ['p', 'c', 'v2'];
  const compact = await rollups.compactMonths('p', anchors, '2026-10', '2026-11');
  expect(byKey(compact.places)).toEqual(byKey(placeMonthsOf(recount(stored, (l) => l.periods.month))));
  expect(byKey(compact.mix)).toEqual(byKey(anchorRecount(stored, anchors)));
  expect(compact.splits).toEqual(recount(stored, (l) => l.periods.month).filter((f) => f.split));
  if (!rollups.compactDays) return;
  const asked = { from: '2026-10-30', to: '2026-11-02', week: { from: '2026-10-31', to: '2026-11-01' }, silence: { from: '2026-11-01', to: '2026-11-02' } };
  const comparable = (d: ScopeDays) => ({
    ...d,
    week: d.week && { ...d.week, places: [...d.week.places].sort(), mix: byKey(d.week.mix.map(({ form, groups, sessions, participants, split }) => ({ form, groups, sessions, participants, split }))) },
    silence: d.silence && { ...d.silence, recent: [...d.silence.recent].sort() },
    firsts: [...d.firsts].sort(),
  });
  const byDay = recount(stored, (l) => l.date);
  // Unsplit logs of one week sum by form and groups: the recount's day facts summed the same way.
  const expected = scopeDaysOfFacts(byDay, asked);
  const summed = new Map<string, Fact>();
  for (const f of expected.week!.mix as Fact[]) {
    if (f.split) continue;
    const key = `${f.form}|${f.groups.join(',')}`;
    const row = summed.get(key) ?? { ...f, sessions: 0, participants: 0 };
    row.sessions += f.sessions;
    row.participants += f.participants;
    summed.set(key, row);
  }
  expected.week!.mix = [...summed.values(), ...(expected.week!.mix as Fact[]).filter((f) => f.split)];
  expect(comparable(scopeDaysOfRollups(await rollups.compactDays('p', asked), asked))).toEqual(comparable(expected));
}

/**
 * What a process that dies after its write is durable, before the rollup refresh, leaves behind: a mark and the write.
 * On SQLite the log and its rollup rows are one transaction: a crash keeps both or neither, so there it is a plain write.
 */
async function crashAfterWrite(store: RawStore, o: Extract<Op, { kind: 'crash' }>, made: SessionLog[]): Promise<void> {
  if (!store.mongo) return committedWhole(store, o, made);
  const db = store.mongo;
  const raw = db.collection<SessionLog>('logs');
  const target = made.length ? made[o.pick % made.length]! : undefined;
  const current = target ? (await store.storage.repos.logs.byId(target._id))! : undefined;
  if (o.what === 1 && current) {
    await markOnMongo(db, [current]);
    await raw.updateOne({ _id: current._id, cancelledAt: null }, { $set: { cancelledAt: '2026-11-02T01:00:00.000Z' } });
  } else if (o.what === 2 && current) {
    const date = DATES[o.date]!;
    await markOnMongo(db, [current, { villageId: current.villageId, periods: periodKeysOf(date) }]);
    await raw.updateOne({ _id: current._id }, { $set: { date, periods: periodKeysOf(date), participants: o.participants } });
  } else {
    const log = newLog(VILLAGES[o.village]!, DATES[o.date]!, 'hop', ['nd'], o.participants, false);
    await markOnMongo(db, [log]);
    await raw.insertOne({ ...log });
    made.push(log);
  }
}

/** A crash on SQLite that kept the transaction: the same writes through the repository. */
async function committedWhole(store: RawStore, o: Extract<Op, { kind: 'crash' }>, made: SessionLog[]): Promise<void> {
  const { logs } = store.storage.repos;
  const target = made.length ? made[o.pick % made.length]! : undefined;
  const current = target ? await logs.byId(target._id) : null;
  if (o.what === 1 && current) await logs.cancel(current._id, '2026-11-02T01:00:00.000Z', { action: 'cancel', by: 'person', role: 'collaborator', at: '2026-11-02T01:00:00.000Z', before: current });
  else if (o.what === 2 && current) {
    const date = DATES[o.date]!;
    await logs.replace({ ...current, date, periods: periodKeysOf(date), participants: o.participants });
  } else {
    const log = newLog(VILLAGES[o.village]!, DATES[o.date]!, 'hop', ['nd'], o.participants, false);
    await logs.insert(log);
    made.push(log);
  }
}

async function play(store: RawStore, ops: Op[]): Promise<void> {
  const { logs, rollups } = store.storage.repos;
  // The first start of a new store: nothing to recount; later starts only recount what a crash marked.
  expect(await rollups.repair()).toEqual({ recounted: 0, rebuilt: store.mongo ? 0 : null });
  const made: SessionLog[] = [];
  const pick = (n: number): SessionLog | undefined => (made.length ? made[n % made.length] : undefined);
  for (const o of ops) {
    if (o.kind === 'log') {
      const log = newLog(VILLAGES[o.village]!, DATES[o.date]!, FORMS[o.form]!, GROUPS[o.groups]!, o.participants, o.split);
      await logs.insert(log);
      made.push(log);
    } else if (o.kind === 'cancel') {
      const log = pick(o.pick);
      if (log) await logs.cancel(log._id, '2026-11-02T01:00:00.000Z', { action: 'cancel', by: 'person', role: 'collaborator', at: '2026-11-02T01:00:00.000Z', before: log });
    } else if (o.kind === 'correct') {
      const log = pick(o.pick);
      if (!log) continue;
      const current = (await logs.byId(log._id))!;
      const date = DATES[o.date]!;
      await logs.replace({ ...current, date, periods: periodKeysOf(date), participants: o.participants, form: FORMS[o.form]! });
    } else if (o.kind === 'retry') {
      const log = pick(o.pick);
      if (log) await logs.refreshRollups((await logs.byId(log._id))!);
    } else if (o.kind === 'burst') {
      // Senders of one village logging at the same moment: their recounts interleave.
      const burst = Array.from({ length: o.count }, (_, i) => newLog(VILLAGES[o.village]!, DATES[o.date]!, 'loa', ['nd'], 10 + i, false));
      await Promise.all(burst.map((log) => logs.insert(log)));
      made.push(...burst);
    } else {
      await crashAfterWrite(store, o, made);
    }
  }
  // What a start does: recount what the crashes left marked; without a crash it finds nothing.
  await rollups.repair();
  if (store.mongo) expect(await store.mongo.collection('rollup_marks').countDocuments({})).toBe(0);
  const stored = await store.storage.admin.allLogs();
  expect(await rollups.monthFacts('p', '2026-10', '2026-11')).toEqual(recount(stored, (l) => l.periods.month));
  expect(await rollups.dayFacts('c', '2026-10-31', '2026-11-01')).toEqual(recount(stored.filter((l) => l.date >= '2026-10-31' && l.date <= '2026-11-01'), (l) => l.date));
  expect(await rollups.monthFacts('v2', '2026-11', '2026-11')).toEqual(recount(stored.filter((l) => l.villageId === 'v2' && l.periods.month === '2026-11'), (l) => l.periods.month));
  await expectCompactEqualsRecount(rollups, stored);
  // The rebuild command's recount of the compact rollups agrees with the increments (triggers, `$inc`).
  await rollups.rebuild();
  await expectCompactEqualsRecount(rollups, stored);
}

describe.each(STORES)('rollups on %s', (_label, open) => {
  it('after any sequence of logs, cancels, corrections, retries and crashes (then a start), the rollups give the facts a recount of the logs gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const store = await open();
        try {
          await play(store, ops);
        } finally {
          await store.close();
        }
      }),
      { numRuns: _label === 'MongoDB' ? 15 : 60 },
    );
  }, 120_000);

  it('a start recounts only the place-months a crash left marked, and the rebuild command recounts logs restored behind Loa\'s back', async () => {
    const store = await open();
    try {
      const { logs, rollups } = store.storage.repos;
      await rollups.repair();
      await logs.insert(newLog('v1', '2026-10-31', 'hop', ['nd'], 40, false));
      const lost = newLog('v2', '2026-11-01', 'hop', ['nd'], 25, false);
      if (!store.mongo) await logs.insert(lost);
      else {
        // Crash (MongoDB): v2's log is durable, its refresh never ran. (On SQLite both are one transaction.)
        await markOnMongo(store.mongo, [lost]);
        await store.mongo.collection<SessionLog>('logs').insertOne({ ...lost });
      }
      // Restored behind Loa's back: no mark. (On SQLite the rollup triggers count any write to the logs table at once.)
      const restored = newLog('v3', '2026-11-01', 'loa', ['tn', 'hs'], 7, false);
      if (store.mongo) await store.mongo.collection<SessionLog>('logs').insertOne({ ...restored });
      else store.sql!((db) => insertLogRow(db, restored));
      const sqlite = !store.mongo;
      expect(await rollups.repair()).toEqual({ recounted: sqlite ? 0 : 1, rebuilt: null });
      expect(await rollups.monthFacts('p', '2026-10', '2026-11')).toEqual([
        { place: 'v1', bucket: '2026-10', form: 'hop', groups: ['nd'], sessions: 1, participants: 40 },
        { place: 'v2', bucket: '2026-11', form: 'hop', groups: ['nd'], sessions: 1, participants: 25 },
        ...(sqlite ? [{ place: 'v3', bucket: '2026-11', form: 'loa', groups: ['tn', 'hs'], sessions: 1, participants: 7 }] : []),
      ]);
      expect(await rollups.rebuild()).toBe(3);
      expect(await rollups.monthFacts('p', '2026-10', '2026-11')).toEqual([
        { place: 'v1', bucket: '2026-10', form: 'hop', groups: ['nd'], sessions: 1, participants: 40 },
        { place: 'v2', bucket: '2026-11', form: 'hop', groups: ['nd'], sessions: 1, participants: 25 },
        { place: 'v3', bucket: '2026-11', form: 'loa', groups: ['tn', 'hs'], sessions: 1, participants: 7 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('a log, its correction into another month and its cancellation move the counts by hand-checked amounts', async () => {
    const store = await open();
    try {
      const { logs, rollups } = store.storage.repos;
      const a = newLog('v1', '2026-10-31', 'hop', ['nd'], 40, false);
      const b = newLog('v1', '2026-10-31', 'hop', ['nd'], 15, false);
      await logs.insert(a);
      await logs.insert(b);
      expect(await rollups.monthFacts('p', '2026-10', '2026-11')).toEqual([{ place: 'v1', bucket: '2026-10', form: 'hop', groups: ['nd'], sessions: 2, participants: 55 }]);
      await logs.replace({ ...b, date: '2026-11-01', periods: periodKeysOf('2026-11-01'), participants: 20 });
      expect(await rollups.monthFacts('p', '2026-10', '2026-11')).toEqual([
        { place: 'v1', bucket: '2026-10', form: 'hop', groups: ['nd'], sessions: 1, participants: 40 },
        { place: 'v1', bucket: '2026-11', form: 'hop', groups: ['nd'], sessions: 1, participants: 20 },
      ]);
      await logs.cancel(a._id, '2026-11-02T00:00:00.000Z', { action: 'cancel', by: 'x', role: 'officer', at: '2026-11-02T00:00:00.000Z', before: a });
      expect(await rollups.monthFacts('p', '2026-10', '2026-11')).toEqual([{ place: 'v1', bucket: '2026-11', form: 'hop', groups: ['nd'], sessions: 1, participants: 20 }]);
      // Only November is left, by month and by day.
      expect(await rollups.dayFacts('p', '2026-10-01', '2026-11-30')).toEqual([{ place: 'v1', bucket: '2026-11-01', form: 'hop', groups: ['nd'], sessions: 1, participants: 20 }]);
    } finally {
      await store.close();
    }
  });
});
