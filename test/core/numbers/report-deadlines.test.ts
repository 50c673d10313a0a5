/** Plan report deadlines: officers are reminded a set number of days before, once, with the XUAT that exports the period. */
import { FakeClock } from '../../../core/clock';
import { onStore } from '../../support/on-store';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createParser } from '../../../core/language/parser';
import { loadVocabularies } from '../../../core/language/vocabulary';
import { createScheduler } from '../../../core/scheduling/scheduler';
import { cronerSchedule } from '../../../scheduling/croner-schedule';
import { exportCommandFor } from '../../../core/scheduling/deadlines';
import type { DocumentStore } from '../../../storage/document-store';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { loadPreset, STORES } from './stores';

const i18n = createI18n();

describe.each(STORES)('report deadlines, on %s', (_name, openStore) => {
  let store: DocumentStore;
  beforeEach(async () => {
    store = await openStore();
    const f = new Fixture('dl');
    const district = f.place('ba-to', 'district', null, 'Huyện Ba Tơ');
    const [x1, x2] = [1, 2].map((i) => f.place(`ba-to.x${i}`, 'commune', district, `Xã ${i}`));
    f.person('cb-x1', 'officer', x1!, { phone: '+84905000601' });
    f.person('cb-x2', 'officer', x2!, { phone: '+84905000602', telegramId: 602 });
    f.person('admin-ba-to', 'admin', district, { phone: '+84905000603' });
    await f.insert(store);
    await loadPreset(store, 'ba-to-2021-2025.yaml', 'ba-to', vn('2026-01-01'), (p) => ({ ...p, period: { from: '2026-01', to: '2026-12' } }));
  });
  afterEach(async () => {
    await store.close();
  });

  const deadlineSends = (o: RecordingOutbound) => o.sent.filter((r) => r.idempotencyKey.startsWith('deadline:'));

  it('reminds the communes and the district 7 days before 25/06, once, naming the period and its XUAT', async () => {
    const outbound = new RecordingOutbound();
    const run = (day: string) =>
      createScheduler({ cron: cronerSchedule, ...onStore(store), outbound, clock: new FakeClock(vn(day, 9)), i18n, owner: 't', reportReminderDays: 7 }).runDue(vn(day, 9));
    await run('2026-06-17'); // 8 days before: not yet
    expect(deadlineSends(outbound)).toEqual([]);
    await run('2026-06-18'); // 7 days before
    expect(deadlineSends(outbound).map((r) => r.person._id).sort()).toEqual(['admin-ba-to', 'cb-x1', 'cb-x2']);
    const message = deadlineSends(outbound).find((r) => r.person._id === 'cb-x1')!.reply;
    expect(renderReply(i18n, message, 'vi', 'full')).toBe(
      'Nhắc báo cáo: hạn 25/06 nộp báo cáo 6 tháng đầu năm 2026 (01/01–30/06) của Huyện Ba Tơ. Lấy tệp số liệu: nhắn XUAT H1/2026 cho Loa trên Telegram.',
    );
    expect(renderReply(i18n, message, 'vi', 'sms')).toBe('Han 25/06: bao cao 6 thang dau nam 2026 (01/01-30/06). Nhan XUAT H1/2026 tren Telegram de lay tep so lieu.');
    await run('2026-06-20');
    expect(deadlineSends(outbound)).toHaveLength(3);
    // The year-end report: reminded from 24/12.
    await run('2026-12-24');
    expect(deadlineSends(outbound).filter((r) => r.idempotencyKey.includes('bao-cao-cuoi-nam'))).toHaveLength(3);
  });

  it('names an XUAT the parser reads as exactly that period', () => {
    const parser = createParser(loadVocabularies());
    const ctx = { receivedAt: vn('2027-01-10'), timeZone: 'Asia/Ho_Chi_Minh', maxAgeDays: 30 };
    for (const [key, kind] of [['2026-H1', 'half'], ['2026', 'year'], ['2026-Q3', 'quarter'], ['2026-11', 'month']] as const) {
      const r = parser.parse(exportCommandFor(key), ctx);
      expect(r.ok && r.command.kind === 'export' && r.command.period).toEqual({ kind, key });
    }
  });
});
