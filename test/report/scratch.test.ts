import fs from 'node:fs';
import { openEmbeddedStore } from '../../storage/sqlite/embedded-store';
import { onStore } from '../support/on-store';
import { createI18n } from '../../core/i18n/i18n';
import { draftReport } from '../../core/report/draft-report';
import { writeReportDocx } from '../../office/docx-report-writer';
import { seedScenario, ASKED } from './scenario';

it('scratch', async () => {
  const store = await openEmbeddedStore();
  await seedScenario(store);
  const { repos, engine } = onStore(store);
  for (const [place, period] of [['ke-sat', { kind: 'half', key: '2026-H1' }], ['thai-nguyen', { kind: 'year', key: '2026' }], ['thai-nguyen.dai-tu', { kind: 'year', key: '2026' }]] as const) {
    const r = await draftReport({ engine, i18n: createI18n(), writer: writeReportDocx, places: repos.places }, { placeId: place, period, now: ASKED });
    if (!r.ok) throw new Error('no');
    fs.writeFileSync(`/tmp/rp-${place}.docx`, r.buffer);
    fs.writeFileSync(`/tmp/rp-${place}.json`, JSON.stringify(r.document, null, 1));
  }
  await store.close();
});
