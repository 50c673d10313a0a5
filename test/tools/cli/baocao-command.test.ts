import fs from 'node:fs';
import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../../core/clock';
import { createI18n } from '../../../core/i18n/i18n';
import { createParser } from '../../../app/commands';
import { loadVocabularies } from '../../../core/language/vocabulary';
import { writeReportDocx } from '../../../adapters/office/docx-report-writer';
import { runBaocaoCommand, type BaocaoCommandDeps } from '../../../tools/cli/baocao-command';
import { onStore } from '../../../tools/harness/on-store';
import { openDocx } from '../../report/docx-reader';
import { ASKED, seedScenario } from '../../report/scenario';

describe('npm run loa -- baocao', () => {
  let store: OpenStorage;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-baocao-'));
  const lines: string[] = [];
  let deps: BaocaoCommandDeps;
  beforeAll(async () => {
    store = await openEmbeddedStorage();
    await seedScenario(store);
    const { repos, engine } = onStore(store);
    deps = { parser: createParser(loadVocabularies()), engine, i18n: createI18n(), places: repos.places, clock: new FakeClock(ASKED), writer: writeReportDocx, out: (l) => lines.push(l), err: (l) => lines.push(l) };
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the draft of a named place and period words to the file', async () => {
    const file = path.join(dir, 'bc.docx');
    expect(await runBaocaoCommand(['thai-nguyen', 'NAM', '2026', file], deps)).toBe(0);
    const docx = await openDocx(fs.readFileSync(file));
    expect(docx.paragraphs).toContain('Kết quả công tác tuyên truyền phòng, chống mại dâm năm 2026');
    expect(lines.at(-1)).toMatch(/^Wrote .*bc\.docx \(\d+ bytes\)$/);
  });

  it('refuses period words it cannot read, and an unknown place, without writing a file', async () => {
    const file = path.join(dir, 'none.docx');
    expect(await runBaocaoCommand(['ke-sat', 'THANG', '13', file], deps)).toBe(2);
    expect(lines.at(-1)).toBe('Cannot read the report period: THANG 13');
    expect(await runBaocaoCommand(['nowhere', 'H1/2026', file], deps)).toBe(1);
    expect(lines.at(-1)).toBe('No place nowhere');
    expect(fs.existsSync(file)).toBe(false);
  });
});
