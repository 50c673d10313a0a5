import type { Place } from '../../../core/domain/places';
import type { Plan } from '../../../core/plans/plan-schema';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture } from './fixtures';

/**
 * The hand-checked example. Commune X, plan for 2026, evaluated on 20 Aug 2026
 * (Jan–Jul are complete, August is running):
 *   A: a session every month Jan–Aug              → covered, regular
 *   B: every month Jan–Jul except April            → covered, not regular
 *   C: every month Jan–Jul, but March's only log is cancelled → covered, not regular
 *   D: created 15 Jun (roster `since`), sessions in June and July → covered, regular (due: Jun, Jul)
 *   E: created 10 Aug (roster `since`), no session yet             → neither
 * Monthly: 4 covered, 2 regular of 5; goal 100% = 5, gap 3.
 * Quarterly (Q1, Q2 due): A, B (May/June), C (Jan/Feb), D (June) regular = 4.
 * `parent` puts commune X under a stored province (the web tests' scenario).
 */
export async function buildHandChecked(store: OpenStorage, parent: Place | null = null): Promise<void> {
  const f = new Fixture();
  const x = f.place('x', 'commune', parent, 'Xã X');
  const [a, b, c] = [f.place('x.a', 'village', x, 'Thôn A'), f.place('x.b', 'village', x, 'Thôn B'), f.place('x.c', 'village', x, 'Thôn C')];
  const d = f.place('x.d', 'village', x, 'Thôn D', '2026-06-15T02:00:00.000Z', '2026-06-15');
  f.place('x.e', 'village', x, 'Thôn E', '2026-08-10T02:00:00.000Z', '2026-08-10');
  const month = (m: number) => `2026-${String(m).padStart(2, '0')}-12`;
  for (let m = 1; m <= 8; m++) f.log(a, month(m));
  for (let m = 1; m <= 7; m++) if (m !== 4) f.log(b, month(m));
  for (let m = 1; m <= 7; m++) f.log(c, month(m), { cancelled: m === 3 });
  f.log(d, '2026-06-20');
  f.log(d, '2026-07-03');
  await f.insert(store);
}

export const handCheckedPlan = (regularly: 'month' | 'quarter'): Plan => ({
  id: 'x-2026',
  name: 'Kế hoạch xã X 2026',
  place: 'x',
  period: { from: '2026-01', to: '2026-12' },
  targets: [{ id: 'thon', kind: 'coverage', of: 'village', percent: 100, regularly }],
});

