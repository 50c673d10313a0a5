import { openEmbeddedStorage, storageOn } from '../../../adapters/store/open-storage';
import { onStore } from '../../../tools/harness/on-store';
import { provincePlan } from '../../../tools/bench/indicators-bench';
import { seedProvince } from '../../../tools/bench/scale-bench';
import { openEmbeddedStore, type EmbeddedStore } from '../../../adapters/sqlite/embedded-store';

const NOW = new Date('2026-11-20T03:00:00Z');

/**
 * Issue 23: a province report must not grow with the log count. The rows per
 * place, month, form and groups (`rollup_month_totals`) and per place, day,
 * form and groups (`rollup_day_totals`) grow with it (×5.4 and ×9 from 30,000
 * to 300,000 logs in the scale bench); the place-month and anchor rows do
 * not, and day rows summed or sought per place in SQL return a few rows a place.
 */
describe('a province report on SQLite', () => {
  it('reads the place-month and anchor rollups, never the per-form rows, and the day rows only summed or sought per place, for the month report and the Monday summary', async () => {
    const storage = await openEmbeddedStorage();
    try {
      await seedProvince(storage, 3000);
      const { engine } = onStore(storage);
      const seen: string[] = [];
      storage.admin.traceStatements((sql) => seen.push(sql));
      const month = await engine.report('p', NOW, { period: 'month', plans: [provincePlan], daily: false });
      const monday = await engine.report('p', NOW, { period: 'week', which: 'previous', plans: [] });
      storage.admin.traceStatements(null);
      expect(month!.snapshot.period.sessions).toBeGreaterThan(0);
      expect(monday!.snapshot.period.sessions).toBeGreaterThan(0);
      expect(seen.filter((sql) => /rollup_place_months|rollup_anchor_months/.test(sql)).length).toBeGreaterThan(0);
      expect(seen.filter((sql) => /\brollup_month_totals\b/.test(sql))).toEqual([]);
      // Day rows are only summed (per place, or per form and groups) or sought per place in SQL, never read out one by one.
      const dayReads = seen.filter((sql) => /\brollup_day_totals\b/.test(sql));
      expect(dayReads.length).toBeGreaterThan(0);
      expect(dayReads.filter((sql) => !/GROUP BY t\.(place|form)|EXISTS \(SELECT 1 FROM rollup_day_totals|min\(t\.date\)/.test(sql))).toEqual([]);
    } finally {
      await storage.close();
    }
  }, 60_000);

  /**
   * libsql's binding makes a JavaScript object per row (~5 µs for ten
   * columns): at 300,000 logs a province's 19,800 place-months, 2,100 places
   * and a row per village for the week, the silence and the first days were
   * half of each report's time. Those reads come out as one JSON text each.
   */
  it('takes a few dozen rows out of SQLite for a province of 1,800 villages and their collaborators, however many places and place-months it has', async () => {
    const store = openEmbeddedStore();
    try {
      const storage = await storageOn(store);
      const { villages } = await seedProvince(storage, 3000);
      const { engine, repos } = onStore(storage);
      for (const [i, v] of villages.entries()) {
        await repos.people.insert({ _id: `ctv-${i}`, name: `CTV ${i}`, role: { kind: 'collaborator', placeId: v._id }, placePath: v.path, lng: 'vi', remindersOff: false, createdAt: '2026-01-01T00:00:00.000Z' });
      }
      const rows = countRowsOut(store);
      const month = await engine.report('p', NOW, { period: 'month', plans: [provincePlan], daily: false });
      const monthRows = rows.taken();
      const monday = await engine.report('p', NOW, { period: 'week', which: 'previous', plans: [] });
      const mondayRows = rows.taken();
      rows.stop();
      expect(month!.data.tree.byId.size).toBe(2111);
      expect(month!.data.staffed.size).toBe(1800);
      expect(month!.data.months.length).toBeGreaterThan(1800);
      expect(monday!.data.days!.week!.places.size).toBeGreaterThan(50);
      expect(monday!.data.days!.week!.mix.length).toBeGreaterThan(20);
      expect(monthRows).toBeLessThanOrEqual(20);
      expect(mondayRows).toBeLessThanOrEqual(20);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('first days of a month on SQLite', () => {
  /** The seek per place and month for its first day with a log: what tells when a freshly imported place's data begins. */
  const FIRST_DAYS = /min\(t\.date\)/;

  it('are not sought for a Monday summary when every place was on the roster before the daily window, and are when a commune came on since', async () => {
    const store = openEmbeddedStore();
    try {
      const storage = await storageOn(store);
      const { places } = await seedProvince(storage, 3000);
      const { engine, repos } = onStore(storage);
      const seen: string[] = [];
      storage.admin.traceStatements((sql) => seen.push(sql));
      const settled = await engine.report('p', NOW, { period: 'week', which: 'previous', plans: [] });
      const settledSeeks = seen.filter((sql) => FIRST_DAYS.test(sql)).length;
      // A commune put on the roster on 15/11 (after the window's first day): its back-dated logs move its data's beginning back.
      const commune = places.find((p) => p.level === 'commune')!;
      await repos.places.upsert({ ...commune, createdAt: '2026-11-15T03:00:00.000Z' });
      seen.length = 0;
      const fresh = await engine.report('p', NOW, { period: 'week', which: 'previous', plans: [] });
      storage.admin.traceStatements(null);
      expect(settledSeeks).toBe(0);
      expect(seen.filter((sql) => FIRST_DAYS.test(sql)).length).toBeGreaterThan(0);
      expect(settled!.data.days!.firsts.size).toBe(0);
      expect(fresh!.data.days!.firsts.size).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});

/** Counts the rows every statement of `store` hands to JavaScript from now on (get: one; all: each). */
function countRowsOut(store: EmbeddedStore): { taken(): number; stop(): void } {
  let rows = 0;
  const original = store.statement.bind(store);
  const spy = jest.spyOn(store, 'statement').mockImplementation((sql: string) => {
    const statement = original(sql);
    return new Proxy(statement, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key === 'all') return (...params: unknown[]) => { const out = target.all(...params); rows += out.length; return out; };
        if (key === 'get') return (...params: unknown[]) => { const out = target.get(...params); if (out !== undefined) rows += 1; return out; };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  });
  return {
    taken() {
      const n = rows;
      rows = 0;
      return n;
    },
    stop: () => spy.mockRestore(),
  };
}

