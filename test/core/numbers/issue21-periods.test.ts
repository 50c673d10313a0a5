/**
 * Issue 21, observations 4, 5 and 10: a period means its own data only, and
 * watching for silence starts when the commune's data begins. Figures by hand.
 */
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import type { Person } from '../../../core/domain/people';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { asStaff } from '../../support/test-core';
import type { Reply } from '../../../core/reply';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { STORES } from './stores';

const i18n: I18n = createI18n();
const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'G', 'H', 'K', 'L', 'M'];

function ask(store: OpenStorage, command: OfficerCommand, person: Person, at: Date): Promise<Reply> {
  return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() }).handle(command, asStaff(person), { channel: 'telegram', now: at });
}

/** Xã Kẻ Sắt with ten villages (Thôn A … Thôn M) and its officer. */
function keSat(f: Fixture, createdAt?: string) {
  const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng', createdAt);
  const commune = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt', createdAt);
  const villages = LETTERS.map((l) => f.place(`ke-sat.${l.toLowerCase()}`, 'village', commune, `Thôn ${l}`, createdAt));
  const officer = f.person('cb-ke-sat', 'officer', commune, { name: 'Cán bộ Kẻ Sắt', phone: '+84905000201' });
  return { commune, villages, officer };
}

describe.each(STORES)('a period means its own data, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('observation 4: past-period summaries carry current figures', () => {
    it('keeps November 2026 out of TONGHOP THANG 10 and TONGHOP NAM 2025 asked on 06/12', async () => {
      const f = new Fixture('p4');
      const { villages, officer } = keSat(f, '2024-12-01T00:00:00.000Z');
      villages.slice(0, 2).forEach((v) => f.log(v, '2026-10-10'));
      villages.slice(2, 7).forEach((v) => f.log(v, '2026-11-10'));
      f.log(villages[0]!, '2025-05-10');
      await f.insert(store);
      const october = full(await ask(store, { kind: 'summary', period: { kind: 'month', key: '2026-10' } }, officer, vn('2026-12-06')));
      expect(october).not.toContain('Tháng 11');
      // October: A and B of 10.
      expect(october).toContain('Thôn có buổi trong tháng 10: 2/10');
      const year2025 = full(await ask(store, { kind: 'summary', period: { kind: 'year', key: '2025' } }, officer, vn('2026-12-06')));
      expect(year2025).not.toContain('Tháng 11 (cả tháng)');
      expect(year2025).not.toMatch(/2026/);
    });

    it('counts silence as of the period’s last day: asked on 05/01/2027, October’s silent villages exclude those with October sessions', async () => {
      const f = new Fixture('p4b');
      const { villages, officer } = keSat(f, '2025-12-01T00:00:00.000Z');
      // A on 20/10, B on 25/10; the other eight nothing since August. As of 31/10 (30 days: 02/10–31/10) eight are silent.
      f.log(villages[0]!, '2026-10-20');
      f.log(villages[1]!, '2026-10-25');
      villages.slice(2).forEach((v) => f.log(v, '2026-08-05'));
      await f.insert(store);
      const october = full(await ask(store, { kind: 'summary', period: { kind: 'month', key: '2026-10' } }, officer, vn('2027-01-05')));
      expect(october).toContain('Thôn im lặng từ 30 ngày trở lên (8): Thôn C, Thôn D, Thôn E, Thôn G, Thôn H, Thôn K, Thôn L, Thôn M');
    });
  });

  describe('observation 5: quarter, half-year and year summaries show only their last month', () => {
    it('gives Q3 the quarter’s coverage, each month’s, and the villages with no session in the quarter', async () => {
      const f = new Fixture('p5');
      const { villages, officer } = keSat(f);
      // July: A, B; August: B, C; September: nobody. Quarter: A, B, C = 3/10.
      f.log(villages[0]!, '2026-07-03');
      f.log(villages[1]!, '2026-07-04');
      f.log(villages[1]!, '2026-08-04');
      f.log(villages[2]!, '2026-08-05');
      await f.insert(store);
      const q3 = full(await ask(store, { kind: 'summary', period: { kind: 'quarter', key: '2026-Q3' } }, officer, vn('2026-12-06')));
      expect(q3).toContain('Thôn có buổi trong quý 3/2026: 3/10');
      expect(q3).toContain('Theo tháng: tháng 7: 2/10, tháng 8: 2/10, tháng 9: 0/10');
      expect(q3).toContain('Thôn chưa có buổi trong quý 3/2026 (7): Thôn D, Thôn E, Thôn G, Thôn H, Thôn K, Thôn L, Thôn M');
      expect(q3).not.toContain('tháng này');
      expect(q3).not.toContain('tháng 9: 0/10 thôn');
    });

    it('gives a district’s H1/2025 the half-year’s coverage per commune, not June’s', async () => {
      const f = new Fixture('p5b');
      const district = f.place('ba-to', 'district', null, 'Huyện Ba Tơ', '2024-12-01T00:00:00.000Z');
      const communes = ['Ba Dinh', 'Ba Tô', 'Ba Vì', 'Ba Xa'].map((n, i) => f.place(`ba-to.x${i}`, 'commune', district, `Xã ${n}`, '2024-12-01T00:00:00.000Z'));
      const [v1, v2] = [1, 2].map((i) => f.place(`ba-to.x0.t${i}`, 'village', communes[0]!, `Thôn ${i}`, '2024-12-01T00:00:00.000Z'));
      communes.slice(1).forEach((c) => f.place(`${c._id}.t`, 'village', c, `Thôn của ${c.name}`, '2024-12-01T00:00:00.000Z'));
      const admin = f.person('admin-bt', 'admin', district, { phone: '+84905000801' });
      f.log(v1!, '2025-03-10');
      f.log(v2!, '2025-04-10');
      await f.insert(store);
      const h1 = full(await ask(store, { kind: 'summary', period: { kind: 'half', key: '2025-H1' } }, admin, vn('2026-12-06')));
      // Ba Dinh: both villages held a session in the half (2/2), 2 sessions; the other three communes none.
      expect(h1).toContain('Xã có buổi trong 6 tháng đầu năm 2025: 1/4');
      expect(h1).toContain('Xã Ba Dinh: 2/2 thôn có buổi (100%), 2 buổi');
      expect(h1).not.toContain('tháng 6');
    });
  });

  describe('observation 10: quiet villages counted from the import date', () => {
    it('counts silence from when the commune’s data begins (its earliest back-dated log), not the roster import', async () => {
      const f = new Fixture('p10');
      // Roster imported 02/12/2026; A–H logged back-dated in January; K… nothing all year.
      const { villages, officer } = keSat(f, '2026-12-02T02:00:00.000Z');
      villages.slice(0, 8).forEach((v) => f.log(v, '2026-01-15'));
      await f.insert(store);
      const text = full(await ask(store, { kind: 'summary', period: { kind: 'month' } }, officer, vn('2026-12-06')));
      // Watching since 15/01: all ten have had no session in the 30 days to 06/12.
      expect(text).toContain('Thôn im lặng từ 30 ngày trở lên (10)');
    });
  });
});
