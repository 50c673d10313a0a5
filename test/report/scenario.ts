import type { OpenStorage } from '../../adapters/store/open-storage';
import { Fixture, vn } from '../core/indicators/fixtures';
import { loadPreset } from '../core/numbers/stores';

/** The day every report of the scenario is asked on: 2026 is over, so H1/2026 and NAM 2026 are closed periods. */
export const ASKED = vn('2027-01-10', 9);

/**
 * A year of logs whose report figures are worked out by hand in the tests.
 *
 * Thành phố Hải Phòng > Xã Kẻ Sắt (preset ke-sat-2026: 100% of villages hold a session every month):
 *   Thôn A, B, C on the roster since 01/01/2025; Thôn D since 01/07/2026.
 *   A: `hop` 20 `nd` on the 2nd of every month of 2026; `truong` 120 `hs` on 20/05/2026; `hop` 30 `nd` on 02/03/2025 (last year).
 *   B: `hop` 20 `nd` on the 2nd of every month but June; `loa` 45 `tn` on 15/03/2026.
 *   C: `hop` 20 `nd` on 02/01, 02/02, 02/03/2026.   D: `hop` 20 `nd` on the 2nd, July to December.
 *   The commune's officer: `taphuan` 15 `cb` on 10/04/2026; one press item (`bao`) on 05/02/2026.
 *
 * Tỉnh Thái Nguyên (preset moved to 2026; denominators: provincial staff 100, district/commune staff 40):
 *   Huyện Đại Từ > Xã X1 > Xóm X1, Huyện Đại Từ > Xã X2 > Xóm X2, and Xã X3 > Xóm X3 straight under the province.
 *   The province admin: a press item on the 5th of every month but March; `taphuan` 50 `cb` on 12/05.
 *   Xóm X1: `hop` 20 `nd` on 10/02, 10/05, 10/08, 10/11; `taphuan` 30 `cb` on 20/09 (villagers: no staff target).
 *   Xóm X2: `hop` 20 `nd` on 10/02.   X1's officer: `taphuan` 20 `cb` on 15/09.
 *   Xóm X3: nothing in 2026; `hop` 40 `nd` on 10/06/2025 (last year).
 */
export async function seedScenario(store: OpenStorage): Promise<void> {
  const f = new Fixture('rp');
  const since = '2025-01-01T00:00:00.000Z';
  const hp = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng', since);
  const keSat = f.place('ke-sat', 'commune', hp, 'Xã Kẻ Sắt', since);
  const [a, b, c] = ['A', 'B', 'C'].map((l) => f.place(`ke-sat.${l.toLowerCase()}`, 'village', keSat, `Thôn ${l}`, since));
  const d = f.place('ke-sat.d', 'village', keSat, 'Thôn D', since, '2026-07-01');
  f.person('cb-ke-sat', 'officer', keSat, { name: 'Cán bộ Kẻ Sắt', phone: '+84905000201' });
  [a, b, c, d].forEach((v, i) => f.person(`ctv-${i}`, 'collaborator', v!, { phone: `+8490500010${i}` }));
  for (let m = 1; m <= 12; m++) {
    const day = `2026-${String(m).padStart(2, '0')}-02`;
    f.log(a!, day);
    if (m !== 6) f.log(b!, day);
    if (m <= 3) f.log(c!, day);
    if (m >= 7) f.log(d, day);
  }
  f.log(a!, '2026-05-20', { participants: 120, form: 'truong', groups: ['hs'] });
  f.log(a!, '2025-03-02', { participants: 30 });
  f.log(b!, '2026-03-15', { participants: 45, form: 'loa', groups: ['tn'] });
  f.log(keSat, '2026-04-10', { participants: 15, form: 'taphuan', groups: ['cb'], personId: 'cb-ke-sat' });
  f.log(keSat, '2026-02-05', { participants: 1, form: 'bao', personId: 'cb-ke-sat' });

  const tn = f.place('thai-nguyen', 'province', null, 'Tỉnh Thái Nguyên', since);
  const dt = f.place('thai-nguyen.dai-tu', 'district', tn, 'Huyện Đại Từ', since);
  const x1 = f.place('thai-nguyen.dai-tu.x1', 'commune', dt, 'Xã X1', since);
  const x2 = f.place('thai-nguyen.dai-tu.x2', 'commune', dt, 'Xã X2', since);
  const x3 = f.place('thai-nguyen.x3', 'commune', tn, 'Xã X3', since);
  const [h1, h2, h3] = [x1, x2, x3].map((x, i) => f.place(`${x._id}.h`, 'village', x, `Xóm X${i + 1}`, since));
  f.person('admin-tn', 'admin', tn, { name: 'Quản trị Thái Nguyên', phone: '+84905000901' });
  f.person('admin-dt', 'admin', dt, { name: 'Quản trị Đại Từ', phone: '+84905000905' });
  f.person('cb-x1', 'officer', x1, { phone: '+84905000902' });
  [h1, h2, h3].forEach((h, i) => f.person(`ctv-h${i + 1}`, 'collaborator', h!, { phone: `+8490500091${i}` }));
  for (let m = 1; m <= 12; m++) if (m !== 3) f.log(tn, `2026-${String(m).padStart(2, '0')}-05`, { participants: 1, form: 'bao', personId: 'admin-tn' });
  f.log(tn, '2026-05-12', { participants: 50, form: 'taphuan', groups: ['cb'], personId: 'admin-tn' });
  for (const day of ['2026-02-10', '2026-05-10', '2026-08-10', '2026-11-10']) f.log(h1!, day);
  f.log(h1!, '2026-09-20', { participants: 30, form: 'taphuan', groups: ['cb'] });
  f.log(h2!, '2026-02-10');
  f.log(x1, '2026-09-15', { participants: 20, form: 'taphuan', groups: ['cb'], personId: 'cb-x1' });
  f.log(h3!, '2025-06-10', { participants: 40 });
  await f.insert(store);

  await loadPreset(store, 'ke-sat-2026.yaml', 'ke-sat', vn('2026-01-01'));
  await loadPreset(store, 'thai-nguyen-2021-2025.yaml', 'thai-nguyen', vn('2026-01-01'), (p) => ({ ...p, id: 'thai-nguyen-2026', period: { from: '2026-01', to: '2026-12' } }));
  for (const [target, n] of [['tap-huan-tinh', 100], ['tap-huan-huyen-xa', 40]] as const) {
    const saved = await store.repos.plans.setDenominator('thai-nguyen-2026', target, n, vn('2026-01-01'));
    if (!saved.ok) throw new Error(`denominator ${target} refused`);
  }
}
