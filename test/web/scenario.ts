import { repositoriesOn } from '../../adapters/store/open-storage';
import { FakeClock } from '../../core/clock';
import type { Place } from '../../core/domain/places';
import type { Plan } from '../../core/plans/plan-schema';
import type { OpenStorage } from '../../adapters/store/open-storage';
import { Fixture, vn } from '../core/indicators/fixtures';
import { buildHandChecked, handCheckedPlan } from '../core/indicators/hand-checked';

/**
 * A province with two communes, evaluated on Thursday 20 Aug 2026, 10:00 in
 * Vietnam. Commune X is the hand-checked example of the indicator tests
 * (`buildHandChecked`, its logs `log-1` … `log-23` in this order):
 *   A: a session every month Jan–Aug                        → regular
 *   B: every month Jan–Jul except April                      → streak broken
 *   C: every month Jan–Jul, March's only log cancelled       → streak broken
 *   D: joined 15 Jun, sessions in June and July              → regular
 *   E: joined 10 Aug, no session yet                         → not started
 * Regular villages 2 of 5 (goal 100% = 5). Commune Y has one village with
 * sessions in January and in August (3 people each time, twice in August).
 */
export const SCENARIO = {
  now: vn('2026-08-20'),
  province: 'tinh',
  commune: 'x',
  otherCommune: 'y',
  officer: { id: 'cb-x', phone: '+84905000201', telegramId: 7001 },
  otherOfficer: { id: 'cb-y', phone: '+84905000401' },
  admin: { id: 'qt-tinh', phone: '+84905000901' },
  collaborator: { id: 'ctv-a', phone: '+84905000101' },
  collaboratorE: { id: 'ctv-e', phone: '+84905000105' },
  villages: ['x.a', 'x.b', 'x.c', 'x.d', 'x.e'],
} as const;

/** Sessions per village and month (Jan–Aug) of commune X, counted by hand from the story above; null = before the village joined. */
export const EXPECTED_X: Record<string, Array<number | null>> = {
  'x.a': [1, 1, 1, 1, 1, 1, 1, 1],
  'x.b': [1, 1, 1, 0, 1, 1, 1, 0],
  'x.c': [1, 1, 0, 1, 1, 1, 1, 0],
  'x.d': [null, null, null, null, null, 1, 1, 0],
  'x.e': [null, null, null, null, null, null, null, 0],
};

export const PLAN_X: Plan = handCheckedPlan('month');

export async function seedScenario(store: OpenStorage): Promise<void> {
  const f = new Fixture('web');
  const tinh = f.place('tinh', 'province', null, 'Tỉnh Thử');
  await f.insert(store);
  await buildHandChecked(store, tinh);
  const places = store.repos.places;
  const [x, a, e] = (await Promise.all(['x', 'x.a', 'x.e'].map((id) => places.get(id)))) as [Place, Place, Place];
  const y = f.place('y', 'commune', tinh, 'Xã Y');
  const ya = f.place('y.a', 'village', y, 'Thôn Y Một');
  f.person(SCENARIO.officer.id, 'officer', x, { name: 'Phan Thị Oanh', phone: SCENARIO.officer.phone, accounts: [{ door: 'telegram', id: String(SCENARIO.officer.telegramId) }] });
  f.person(SCENARIO.otherOfficer.id, 'officer', y, { name: 'Lý Văn Phúc', phone: SCENARIO.otherOfficer.phone });
  f.person(SCENARIO.admin.id, 'admin', tinh, { name: 'Quản Trị Tỉnh', phone: SCENARIO.admin.phone });
  f.person(SCENARIO.collaborator.id, 'collaborator', a, { name: 'Nguyễn Văn An', phone: SCENARIO.collaborator.phone });
  f.person(SCENARIO.collaboratorE.id, 'collaborator', e, { name: 'Ngô Thị Nga', phone: SCENARIO.collaboratorE.phone });
  f.log(ya, '2026-01-05', { participants: 3 });
  f.log(ya, '2026-08-05', { participants: 3 });
  f.log(ya, '2026-08-06', { participants: 3 });
  await f.insert(store);
  const plans = store.repos.plans;
  const saved = await plans.save(PLAN_X, SCENARIO.now);
  if (!saved.ok) throw new Error(`scenario plan refused: ${JSON.stringify(saved.problems)}`);
}

export const scenarioClock = (): FakeClock => new FakeClock(SCENARIO.now);
