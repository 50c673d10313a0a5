/**
 * Issue 11, observation 7: NHAC said "reminded" when nothing left, the admin's
 * NHAC then counted those villages as reminded this week, Friday skipped them,
 * and a village with no collaborator was never mentioned.
 */
import { FakeClock } from '../../../core/clock';
import { onStore } from '../../../tools/harness/on-store';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands } from '../../../core/commands/officer-commands';
import type { Outbound, OutboundRequest, OutboundResult } from '../../../core/outbound/port';
import { createScheduler } from '../../../core/scheduling/scheduler';
import { cronerSchedule } from '../../../adapters/cron/croner-schedule';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { buildWorld, RecordingOutbound } from '../officer/world';
import { STORES } from './stores';

const i18n = createI18n();
const NOON = vn('2026-11-20', 12); // Friday, before the 16:00 reminders

/** The outbox with no door configured. */
const noDoor: Outbound = { send: async (_r: OutboundRequest): Promise<OutboundResult> => ({ ok: false, reason: 'no_channel' }) };

describe.each(STORES)('NHAC and reminders tell the truth, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
    const world = await buildWorld(store);
    // Thôn Bắc has no collaborator at all.
    const f = new Fixture('bac');
    f.place('ke-sat.bac', 'village', world.keSat, 'Thôn Bắc').aliases.push('Bắc');
    await f.insert(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('with no door, says nobody was reminded and names each village, and does not use up the week', async () => {
    const world = { officer: (await store.repos.people.get('cb-ke-sat'))!, admin: (await store.repos.people.get('admin-hai-phong'))! };
    const officerNoDoor = createOfficerCommands({ ...onStore(store), i18n, outbound: noDoor });
    const answer = await officerNoDoor.handle({ kind: 'remind' }, world.officer as never, { channel: 'telegram', now: NOON });
    // Quiet in November: Bắc (nobody), Nam (Cường; Dung asked to stop). Nam's reminder had no door.
    expect(renderReply(i18n, answer, 'vi', 'full')).toBe(
      'Nhắc thôn chưa có buổi tuyên truyền tháng 11 (2 thôn):\n' +
        'Đã nhắc được 0 thôn (0 tin gửi đi): không có\n' +
        'Không gửi được (1): Thôn Nam\n' +
        'Không có cộng tác viên nhận nhắc (1): Thôn Bắc\n' +
        'Đã nhắc trước đó trong tuần: 0 thôn',
    );
    expect(renderReply(i18n, answer, 'vi', 'sms')).toBe('Nhac thang 11: da nhac 0/2 thon (0 tin), da nhac truoc trong tuan: 0 thon. Khong nhac duoc: Nam, Bac');

    // The admin's NHAC does not count them as reminded this week, and names the commune.
    const adminNoDoor = await officerNoDoor.handle({ kind: 'remind' }, world.admin as never, { channel: 'telegram', now: NOON });
    const adminText = renderReply(i18n, adminNoDoor, 'vi', 'full');
    expect(adminText).toContain('Đã nhắc trước đó trong tuần: 0 thôn');
    expect(adminText).toContain('Không gửi được (2): Thôn Một (Xã Thực Khang), Thôn Nam (Xã Kẻ Sắt)');
    expect(adminText).toContain('Không có cộng tác viên nhận nhắc (1): Thôn Bắc (Xã Kẻ Sắt)');

    // Friday 16:00 with doors: Nam and Một are reminded after all.
    const outbound = new RecordingOutbound();
    const friday = vn('2026-11-20', 16);
    await createScheduler({ cron: cronerSchedule, ...onStore(store), outbound, clock: new FakeClock(friday), i18n, owner: 't' }).runDue(friday);
    expect(outbound.sent.filter((r) => r.idempotencyKey.startsWith('reminder:')).map((r) => r.person._id).sort()).toEqual(['ctv-mot', 'ctv-nam']);
  });

  it('counts a village as reminded once a door accepted its reminder', async () => {
    const officer = (await store.repos.people.get('cb-ke-sat'))!;
    const outbound = new RecordingOutbound();
    const commands = createOfficerCommands({ ...onStore(store), i18n, outbound });
    const first = await commands.handle({ kind: 'remind' }, officer as never, { channel: 'sms', now: NOON });
    expect(renderReply(i18n, first, 'vi', 'sms')).toBe('Nhac thang 11: da nhac 1/2 thon (1 tin), da nhac truoc trong tuan: 0 thon. Khong nhac duoc: Bac');
    const second = await commands.handle({ kind: 'remind' }, officer as never, { channel: 'sms', now: NOON });
    expect(renderReply(i18n, second, 'vi', 'sms')).toBe('Nhac thang 11: da nhac 0/2 thon (0 tin), da nhac truoc trong tuan: 1 thon. Khong nhac duoc: Bac');
  });
});
