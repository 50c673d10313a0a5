import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { onStore } from '../../../tools/harness/on-store';
import { provincePlan } from '../../../tools/bench/indicators-bench';
import { seedProvince } from '../../../tools/bench/scale-bench';

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
});
