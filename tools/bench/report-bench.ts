import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createI18n } from '../../core/i18n/i18n';
import { draftReport } from '../../core/report/draft-report';
import { writeReportDocx } from '../../adapters/office/docx-report-writer';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import { onStore } from '../harness/on-store';
import { provincePlan } from './indicators-bench';
import { median, seedProvince } from './scale-bench';

/**
 * BAOCAO for a province of 300 communes (1,800 villages) at 300,000 logs on
 * the embedded store, bulk-seeded as the scale bench does. Printed next to
 * its baseline in the same run: the engine's report for the same period (what
 * CHITIEU computes), which the draft asks twice (this year and last) before
 * writing the Word file. Goal: under 2 s. Median of 5 runs after a warm-up.
 *
 *   npm run bench -- report
 *   REPORT_BENCH_LOGS=30000 npm run bench -- report
 */
const NOW = new Date('2026-11-20T03:00:00Z');
const LOGS = Number(process.env.REPORT_BENCH_LOGS ?? 300_000);
const GOAL_MS = 2000;

export async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-report-bench-'));
  // Seeded in bulk under the repositories (the scale bench's loader), then read through them.
  const store = await openEmbeddedStorage({ dataDir: dir });
  try {
    const seeded = Date.now();
    await seedProvince(store, LOGS);
    const saved = await store.repos.plans.save(provincePlan, NOW);
    if (!saved.ok) throw new Error('the bench plan was refused');
    console.log(`1,800 villages, 300 communes, 10 districts; ${LOGS.toLocaleString('en')} logs bulk-seeded in ${((Date.now() - seeded) / 1000).toFixed(0)} s (SQLite)`);
    const { repos, engine } = onStore(store);
    const i18n = createI18n();
    const period = { kind: 'year' as const, key: '2026' };
    let bytes = 0;
    const baseline = await median(() => engine.report('p', NOW, { period: 'year', key: '2026', daily: false }));
    const draft = await median(async () => {
      const result = await draftReport({ engine, i18n, writer: writeReportDocx, places: repos.places }, { placeId: 'p', period, now: NOW });
      if (!result.ok) throw new Error('no draft');
      bytes = result.buffer.length;
    });
    const lastYear = await median(() => engine.report('p', new Date('2025-12-31T05:00:00Z'), { period: 'year', key: '2025', daily: false, plans: [] }));
    const once = await draftReport({ engine, i18n, writer: writeReportDocx, places: repos.places }, { placeId: 'p', period, now: NOW });
    if (!once.ok) throw new Error('no draft');
    const write = await median(() => writeReportDocx(once.document));
    console.log(`engine report, year 2026 (CHITIEU's computation, baseline): ${baseline.toFixed(0)} ms`);
    console.log(`  parts of the draft: last year's column ${lastYear.toFixed(0)} ms, writing the .docx ${write.toFixed(0)} ms`);
    console.log(`BAOCAO NAM 2026 province draft (.docx, ${(bytes / 1024).toFixed(0)} KiB): ${draft.toFixed(0)} ms, goal < ${GOAL_MS} ms: ${draft < GOAL_MS ? 'met' : 'NOT met'}`);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
