/** Plan report deadlines: each level is reminded of its own reports, 7 days before, on the day and once overdue, with the XUAT and a door that reaches them; HAN lists them. */
import { FakeClock } from '../../../core/clock';
import { onStore } from '../../../tools/harness/on-store';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createParser } from '../../../app/commands';
import { loadVocabularies } from '../../../core/language/vocabulary';
import { createScheduler } from '../../../core/scheduling/scheduler';
import { cronerSchedule } from '../../../adapters/cron/croner-schedule';
import { exportCommandFor, recordExportTaken } from '../../../core/scheduling/deadlines';
import { listDeadlines } from '../../../core/usecases/deadlines-due';
import { DEFAULT_SETTINGS, type UseCaseContext } from '../../../core/usecases/context';
import { asStaff } from '../../support/test-core';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { loadPreset, STORES } from './stores';

const i18n = createI18n();

describe.each(STORES)('report deadlines, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
    const f = new Fixture('dl');
    const district = f.place('ba-to', 'district', null, 'Huyện Ba Tơ');
    const [x1, x2] = [1, 2].map((i) => f.place(`ba-to.x${i}`, 'commune', district, `Xã ${i}`));
    f.person('cb-x1', 'officer', x1!, { phone: '+84905000601' });
    f.person('cb-x2', 'officer', x2!, { phone: '+84905000602', accounts: [{ door: 'telegram', id: '602' }] });
    f.person('admin-ba-to', 'admin', district, { phone: '+84905000603' });
    await f.insert(store);
    await loadPreset(store, 'ba-to-2021-2025.yaml', 'ba-to', vn('2026-01-01'), (p) => ({ ...p, period: { from: '2026-01', to: '2026-12' } }));
  });
  afterEach(async () => {
    await store.close();
  });

  const deadlineSends = (o: RecordingOutbound) => o.sent.filter((r) => r.idempotencyKey.startsWith('deadline:'));

  const runner = (outbound: RecordingOutbound) => (day: string) =>
    createScheduler({ cron: cronerSchedule, ...onStore(store), outbound, clock: new FakeClock(vn(day, 9)), i18n, owner: 't', reportReminderDays: 7 }).runDue(vn(day, 9));
  const to = (o: RecordingOutbound, day: string) =>
    deadlineSends(o)
      .filter((r) => r.idempotencyKey.includes(day))
      .map((r) => r.person._id)
      .sort();

  it("reminds each commune's officers of the commune's own 25/06 report 7 days before, on the day and once overdue; the district admin never gets it (observation 12)", async () => {
    const outbound = new RecordingOutbound();
    const run = runner(outbound);
    await run('2026-06-17'); // 8 days before: not yet
    expect(deadlineSends(outbound)).toEqual([]);
    await run('2026-06-18'); // 7 days before
    expect(to(outbound, '2026-06-25')).toEqual(['cb-x1', 'cb-x2']);
    const message = deadlineSends(outbound).find((r) => r.person._id === 'cb-x1')!.reply;
    // cb-x1 has no chat linked: the door named is the web page, never Telegram.
    expect(renderReply(i18n, message, 'vi', 'full')).toBe(
      'Nhắc báo cáo: hạn 25/06 nộp báo cáo 6 tháng đầu năm 2026 (01/01–30/06) của Xã 1. Lấy tệp số liệu: tải ở trang web Loa, mục Xuất tệp. Bản thảo báo cáo (Word): nhắn BAOCAO H1/2026 hoặc tải trên trang web.',
    );
    expect(renderReply(i18n, message, 'vi', 'sms')).not.toMatch(/Telegram/);
    const linked = deadlineSends(outbound).find((r) => r.person._id === 'cb-x2')!.reply;
    expect(renderReply(i18n, linked, 'vi', 'sms')).toBe('Han 25/06: bao cao 6 thang dau nam 2026 (01/01-30/06) cua Xa 2. Tep: nhan XUAT H1/2026 cho Loa tren Telegram.');
    await run('2026-06-20');
    expect(deadlineSends(outbound)).toHaveLength(2);
    await run('2026-06-25'); // on the day
    expect(deadlineSends(outbound).filter((r) => r.idempotencyKey.includes(':day:')).map((r) => r.person._id).sort()).toEqual(['cb-x1', 'cb-x2']);
    // Xã 2 took its XUAT H1/2026: only Xã 1 hears of it once overdue, and only once.
    await recordExportTaken(onStore(store).repos.claims, 't', 'ba-to.x2', '2026-H1', vn('2026-06-25', 15));
    await run('2026-06-26');
    await run('2026-06-27');
    const overdue = deadlineSends(outbound).filter((r) => r.idempotencyKey.includes('bao-cao-xa-6-thang') && r.idempotencyKey.includes(':overdue:'));
    expect(overdue.map((r) => r.person._id)).toEqual(['cb-x1']);
    expect(renderReply(i18n, overdue[0]!.reply, 'vi', 'sms')).toMatch(/^Qua han 25\/06: bao cao 6 thang dau nam 2026/);
    expect(deadlineSends(outbound).filter((r) => r.person._id === 'admin-ba-to' && r.idempotencyKey.includes('bao-cao-xa'))).toEqual([]);
  });

  it("reminds the district admin of the district's own reports (30/06 and 31/12), never the commune officers", async () => {
    const outbound = new RecordingOutbound();
    const run = runner(outbound);
    await run('2026-06-23');
    expect(to(outbound, '2026-06-30')).toEqual(['admin-ba-to']);
    await run('2026-12-24');
    expect(to(outbound, '2026-12-31')).toEqual(['admin-ba-to']);
    expect(to(outbound, '2026-12-25')).toEqual(['cb-x1', 'cb-x2']);
  });

  it('HAN lists what is due for the sender: the commune its 25/06 and year reports, overdue first once the day has passed; the district its own', async () => {
    const repos = onStore(store).repos;
    const han = async (personId: string, day: string) => {
      const person = asStaff(await repos.people.get(personId));
      const ctx = { repos, clock: new FakeClock(vn(day, 9)), settings: DEFAULT_SETTINGS, i18n } as unknown as UseCaseContext;
      const answer = await listDeadlines(ctx, person);
      return { full: renderReply(i18n, answer, 'vi', 'full'), sms: renderReply(i18n, answer, 'vi', 'sms') };
    };
    expect((await han('cb-x1', '2026-06-20')).full).toBe(
      'Báo cáo Xã 1 phải nộp:\n- 25/06/2026: báo cáo 6 tháng đầu năm 2026 (01/01–30/06), lấy tệp: XUAT H1/2026, bản thảo: BAOCAO H1/2026\n- 25/12/2026: báo cáo năm 2026 (01/01–31/12), lấy tệp: XUAT NAM 2026, bản thảo: BAOCAO NAM 2026',
    );
    const late = await han('cb-x1', '2026-07-02');
    expect(late.sms).toBe('Bao cao phai nop: 25/06/2026 XUAT H1/2026 (qua han), 25/12/2026 XUAT NAM 2026');
    expect(late.sms.length).toBeLessThanOrEqual(160);
    expect((await han('admin-ba-to', '2026-06-20')).full).toContain('30/06/2026: báo cáo 6 tháng đầu năm 2026');
    expect((await han('admin-ba-to', '2026-06-20')).full).not.toContain('25/06');
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
