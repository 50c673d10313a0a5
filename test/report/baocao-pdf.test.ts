import { execFileSync, spawnSync } from 'node:child_process';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createI18n } from '../../core/i18n/i18n';
import { draftReport } from '../../core/report/draft-report';
import { writeReportDocx } from '../../adapters/office/docx-report-writer';
import { decodePng } from '../support/png';
import { onStore } from '../../tools/harness/on-store';
import { ASKED, seedScenario } from './scenario';

const haveSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
if (!haveSoffice && process.env.CI) throw new Error("soffice is missing: .ci/run installs Debian's libreoffice-writer-nogui and poppler-utils");
if (!haveSoffice) console.warn('SKIPPED test/report/baocao-pdf.test.ts: soffice (LibreOffice) is not installed here; CI installs it (.ci/run).');
const describeWithOffice = haveSoffice ? describe : describe.skip;

/** Kept after the run (not deleted): a person opens `page-1.png` to see the draft as printed. */
const ARTIFACTS = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-baocao-pdf-'));

describeWithOffice('the BAOCAO draft printed through LibreOffice', () => {
  let pdf: string;
  beforeAll(async () => {
    const store = await openEmbeddedStorage();
    await seedScenario(store);
    const { repos, engine } = onStore(store);
    const draft = await draftReport({ engine, i18n: createI18n(), writer: writeReportDocx, places: repos.places }, { placeId: 'ke-sat', period: { kind: 'half', key: '2026-H1' }, now: ASKED });
    await store.close();
    if (!draft.ok) throw new Error('no draft');
    const docx = path.join(ARTIFACTS, 'bao-cao.docx');
    fs.writeFileSync(docx, draft.buffer);
    // A profile of its own: a desktop LibreOffice (or a parallel test) holding the default one would block the conversion.
    const profile = `file://${path.join(ARTIFACTS, 'profile')}`;
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', ARTIFACTS, docx], { timeout: 120_000, stdio: 'ignore' });
    pdf = path.join(ARTIFACTS, 'bao-cao.pdf');
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(ARTIFACTS, 'page-1')]);
    console.log(`BAOCAO draft printed: ${pdf}, page 1 drawn at ${path.join(ARTIFACTS, 'page-1.png')}`);
  }, 180_000);

  it('prints on three A4 pages', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(/Pages:\s+(\d+)/.exec(info)?.[1]).toBe('3');
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('shows the header, the title and the headline figure on page 1, and no page number there', () => {
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' });
    const lines = page1.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean);
    expect(lines[0]).toBe('ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lines[1]).toBe('XÃ KẺ SẮT Độc lập - Tự do - Hạnh phúc');
    expect(lines[2]).toBe('Số: /BC-UBND Kẻ Sắt, ngày tháng năm 2027');
    expect(lines).toContain('BÁO CÁO');
    expect(page1.replace(/\s+/g, ' ')).toContain('Kết quả công tác tuyên truyền phòng, chống mại dâm 6 tháng đầu năm 2026');
    expect(lines).toContain('Thôn duy trì hằng tháng: 1/3 thôn, chỉ tiêu 3 thôn (100%), còn thiếu 2 thôn.');
    const page2 = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', pdf, '-'], { encoding: 'utf8' });
    expect(page2.trim().split('\n')[0]!.trim()).toBe('2');
  });

  it('draws page 1 as a PNG kept for a person to look at', () => {
    const png = decodePng(fs.readFileSync(path.join(ARTIFACTS, 'page-1.png')));
    // A4 at 80 dpi: 210 mm × 297 mm = 661.4 × 935.4 pixels, which pdftoppm rounds up.
    expect([png.width, png.height]).toEqual([Math.ceil((210 / 25.4) * 80), Math.ceil((297 / 25.4) * 80)]);
  });
});
