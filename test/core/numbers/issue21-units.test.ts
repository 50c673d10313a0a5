/**
 * Issue 21, observations 1, 2 and 13 (press items): a target is decided in the
 * unit it is written in. Every figure below is worked out by hand in the comments.
 */
import { repositoriesOn } from '../../../adapters/store/open-storage';
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import type { Person } from '../../../core/domain/people';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { asStaff, createTestCore } from '../../support/test-core';
import type { Reply } from '../../../core/reply';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { loadPreset, STORES } from './stores';
import { PlanSchema } from '../../../core/plans/plan-schema';

const i18n: I18n = createI18n();
const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');

function ask(store: OpenStorage, command: OfficerCommand, person: Person, at: Date): Promise<Reply> {
  return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() }).handle(command, asStaff(person), { channel: 'telegram', now: at });
}

/** Tỉnh Thái Nguyên with one commune (Xã Đồng Tiến) and one hamlet; the province preset moved to 2026. */
async function thaiNguyen(store: OpenStorage, f: Fixture, readInAttendances = false) {
  const tn = f.place('thai-nguyen', 'province', null, 'Tỉnh Thái Nguyên');
  const commune = f.place('thai-nguyen.dong-tien', 'commune', tn, 'Xã Đồng Tiến');
  const hamlet = f.place('thai-nguyen.dong-tien.xom', 'village', commune, 'Xóm Đồng Tiến');
  const admin = f.person('admin-tn', 'admin', tn, { name: 'Quản trị Thái Nguyên', phone: '+84905000901' });
  f.person('ctv-xom', 'collaborator', hamlet, { phone: '+84905000903' });
  await f.insert(store);
  await loadPreset(store, 'thai-nguyen-2021-2025.yaml', 'thai-nguyen', vn('2026-01-01'), (p) => ({
    ...p,
    id: 'thai-nguyen-2026',
    period: { from: '2026-01', to: '2026-12' },
    targets: p.targets.map((t) => (readInAttendances && t.kind === 'reach' ? { ...t, readAs: 'attendances' as const, readAsQuote: 'số lượt người được tuyên truyền' } : t)),
  }));
  const plans = store.repos.plans;
  // Goals: services 70% of 100 = 70; industrial zones 60% of 200 = 120; students 70% of 150 = 105.
  for (const [target, n] of [['lao-dong-dich-vu', 100], ['lao-dong-kcn', 200], ['hoc-sinh', 150]] as const) {
    expect((await plans.setDenominator('thai-nguyen-2026', target, n, vn('2026-01-01'))).ok).toBe(true);
  }
  return { tn, commune, hamlet, admin };
}

describe.each(STORES)('units of a target, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('observation 1: one log meets three reach targets', () => {
    it('counts a four-group meeting without a split for no single-group reach target', async () => {
      const f = new Fixture('u1');
      const { hamlet, admin } = await thaiNguyen(store, f, true);
      // One meeting of 150, four groups, no split; one services-only meeting of 80.
      f.log(hamlet, '2026-09-10', { participants: 150, groups: ['tn', 'dv', 'kcn', 'hs'] });
      f.log(hamlet, '2026-09-12', { participants: 80, groups: ['dv'] });
      await f.insert(store);
      const text = full(await ask(store, { kind: 'targets', period: { kind: 'quarter', key: '2026-Q3' } }, admin, vn('2026-10-05')));
      // Services: only the 80 of the single-group log; 80 ≥ 70 → met. The 150 are named as not counted.
      expect(text).toMatch(/- lao động dịch vụ được tuyên truyền: 80 lượt người; chỉ tiêu 70% của 100 = 70 lượt người \(tính theo lượt người\); đạt; 150 lượt người ở buổi nhiều nhóm không chia không được tính/);
      // Industrial zones and students: nothing counted; 0 of 120 and 0 of 105.
      expect(text).toContain('- lao động KCN được tuyên truyền: 0 lượt người; chỉ tiêu 60% của 200 = 120 lượt người (tính theo lượt người); còn thiếu 120');
      expect(text).toContain('- học sinh, sinh viên được tuyên truyền: 0 lượt người; chỉ tiêu 70% của 150 = 105 lượt người (tính theo lượt người); còn thiếu 105');
    });
  });

  describe('observation 2: attendances decide a people target', () => {
    it('never marks a people target met from attendances: 300 students logged twice are 600 attendances, not 600 students', async () => {
      const f = new Fixture('u2');
      const district = f.place('ba-to', 'district', null, 'Huyện Ba Tơ');
      const commune = f.place('ba-to.ba-dinh', 'commune', district, 'Xã Ba Dinh');
      const village = f.place('ba-to.ba-dinh.a', 'village', commune, 'Thôn Làng Mạ');
      const admin = f.person('admin-bt', 'admin', district, { phone: '+84905000801' });
      f.person('ctv-bt', 'collaborator', village, { phone: '+84905000802' });
      f.log(village, '2026-03-10', { participants: 300, groups: ['hs'] });
      f.log(village, '2026-04-10', { participants: 300, groups: ['hs'] });
      await f.insert(store);
      await loadPreset(store, 'ba-to-2021-2025.yaml', 'ba-to', vn('2026-01-01'), (p) => ({ ...p, id: 'ba-to-2026', period: { from: '2026-01', to: '2026-12' } }));
      expect((await store.repos.plans.setDenominator('ba-to-2026', 'hoc-sinh', 500, vn('2026-01-01'))).ok).toBe(true);
      const text = full(await ask(store, { kind: 'targets' }, admin, vn('2026-06-15')));
      // 600 attendances shown as context; 80% of 500 = 400 people; the logs cannot tell how many students.
      const line = text.split('\n').find((l) => l.includes('học sinh, sinh viên được tuyên truyền'))!;
      expect(line).toContain('600 lượt người');
      expect(line).toContain('chỉ tiêu 80% của 500 = 400 người');
      expect(line).toContain('không đo được số người từ nhật ký');
      expect(line).not.toMatch(/; đạt/);
      const report = await onStore(store).engine.report('ba-to', vn('2026-06-15'));
      const result = report!.plans[0]!.targets.find((t) => t.target.id === 'hoc-sinh')!;
      expect([result.status, result.value, result.goal]).toEqual(['people_unmeasurable', 600, 400]);
    });

    it('accepts a plan file that reads a target in attendances only with the seed sentence quoted', () => {
      const plan = {
        id: 'x',
        name: 'x',
        place: 'ba-to',
        period: { from: '2026-01', to: '2026-12' },
        targets: [{ id: 'hs', kind: 'reach', group: 'hs', percent: 80, readAs: 'attendances' }],
      };
      expect(PlanSchema.safeParse(plan).success).toBe(false);
      const quoted = { ...plan, targets: [{ ...plan.targets[0], readAsQuote: 'lượt học sinh được tuyên truyền' }] };
      expect(PlanSchema.safeParse(quoted).success).toBe(true);
    });

    it('has a collaborator XEM call attendances lượt người', async () => {
      const f = new Fixture('u3');
      const district = f.place('ba-to', 'district', null, 'Huyện Ba Tơ');
      const commune = f.place('ba-to.ba-dinh', 'commune', district, 'Xã Ba Dinh');
      const village = f.place('ba-to.ba-dinh.a', 'village', commune, 'Thôn Làng Mạ');
      const ctv = f.person('ctv-bt', 'collaborator', village, { phone: '+84905000802' });
      f.log(village, '2026-11-10', { participants: 60, groups: ['hs'] });
      await f.insert(store);
      const t = await createTestCore({ storage: store, now: vn('2026-11-20', 10) });
      const outcome = await t.core.handleInbound({ channel: 'sms', channelMessageId: 'xem-1', sender: { kind: 'phone', phone: ctv.phone! }, text: 'XEM', receivedAt: t.clock.now() });
      const text = t.core.render(outcome.reply!, outcome.lng, 'sms');
      // November: one session of 60 attendances; the year the same.
      // An SMS door: the reply is unaccented.
      expect(text).toContain('1 buoi, 60 luot nguoi');
      expect(text).not.toMatch(/\d nguoi/);
    });
  });
});
