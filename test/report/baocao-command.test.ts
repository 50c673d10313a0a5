import { createI18n } from '../../core/i18n/i18n';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import { renderReply } from '../../core/i18n/render';
import { smsSegments } from '../../core/i18n/gsm7';
import { createParser } from '../../app/commands';
import { loadVocabularies } from '../../core/language/vocabulary';
import { createOfficerCommands } from '../../core/commands/officer-commands';
import { DOCX_MIME } from '../../core/report/report-document';
import type { OpenStorage } from '../../adapters/store/open-storage';
import { writeReportDocx } from '../../adapters/office/docx-report-writer';
import { vn } from '../core/indicators/fixtures';
import { RecordingOutbound } from '../core/officer/world';
import { onStore } from '../../tools/harness/on-store';
import { asStaff } from '../support/test-core';
import { openDocx } from './docx-reader';
import { ASKED, seedScenario } from './scenario';

const i18n = createI18n();
const parser = createParser(loadVocabularies());
const ctx = { receivedAt: vn('2026-12-02'), timeZone: 'Asia/Ho_Chi_Minh', maxAgeDays: 30 };

describe('BAOCAO takes the same period words as CHITIEU and XUAT (read on 02/12/2026)', () => {
  it.each([
    ['BAOCAO H1/2026', { kind: 'half', key: '2026-H1' }],
    ['BAOCAO NAM 2026', { kind: 'year', key: '2026' }],
    ['BAOCAO QUY 3', { kind: 'quarter', key: '2026-Q3' }],
    ['BAOCAO THANG 11', { kind: 'month', key: '2026-11' }],
    ['báo cáo 6 tháng', { kind: 'half' }],
    ['BAOCAO', { kind: 'month' }],
  ])('%s asks for the report of %j', (text, period) => {
    expect(parser.parse(text, ctx)).toEqual({ ok: true, command: { kind: 'report', period } });
  });

  it('keeps XUAT BAO CAO the spreadsheet export', () => {
    expect(parser.parse('XUAT BAO CAO', ctx)).toEqual({ ok: true, command: { kind: 'export', period: { kind: 'month' } } });
  });

  it('refuses a period it cannot read rather than drafting another one', () => {
    expect(parser.parse('BAOCAO THANG 13', ctx)).toMatchObject({ ok: false, error: { code: 'bad_period' } });
  });
});

describe('BAOCAO at the doors', () => {
  let store: OpenStorage;
  beforeAll(async () => {
    store = await openEmbeddedStorage();
    await seedScenario(store);
  });
  afterAll(async () => {
    await store.close();
  });

  function commands() {
    const { repos, engine } = onStore(store);
    return createOfficerCommands({ repos, i18n, outbound: new RecordingOutbound(), engine, report: { writer: writeReportDocx, places: repos.places } });
  }

  it('sends a chat officer the Word draft with the period figures in the message', async () => {
    const officer = asStaff((await onStore(store).repos.people.byIds(['cb-ke-sat']))[0]);
    const answer = await commands().handle({ kind: 'report', period: { kind: 'half', key: '2026-H1' } }, officer, { channel: 'telegram', now: ASKED });
    expect(renderReply(i18n, answer, 'vi', 'full')).toBe(
      'Bản thảo báo cáo 6 tháng đầu năm 2026 của Xã Kẻ Sắt: 17 buổi, 460 lượt người. Anh/chị viết phần III, IV rồi trình ký.',
    );
    expect(answer.attachment).toMatchObject({ filename: 'Báo cáo tuyên truyền Xã Kẻ Sắt 2026-H1.docx', mimeType: DOCX_MIME });
    const docx = await openDocx(answer.attachment!.content);
    expect(docx.paragraphs).toContain('Kết quả công tác tuyên truyền phòng, chống mại dâm 6 tháng đầu năm 2026');
  });

  it('answers an SMS in one GSM-7 segment that names the web page, with no file', async () => {
    const officer = asStaff((await onStore(store).repos.people.byIds(['cb-ke-sat']))[0]);
    const answer = await commands().handle({ kind: 'report', period: { kind: 'year', key: '2026' } }, officer, { channel: 'sms', now: ASKED });
    const text = renderReply(i18n, answer, 'vi', 'sms');
    expect(text).toBe('Bao cao nam 2026 la tep Word: mo trang web Loa, trang dia ban cua anh/chi, bam Tai ban thao bao cao.');
    expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(answer.attachment).toBeUndefined();
  });
});
