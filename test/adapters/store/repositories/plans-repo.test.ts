import { Fixture } from '../../../core/indicators/fixtures';
import { describeOnBothStores } from './on-both-stores';

const NOW = new Date('2026-11-20T03:00:00.000Z');
const period = { from: '2026-01', to: '2026-12' };
const planOf = (id: string, place: string) => ({
  id, name: `Kế hoạch ${id}`, place, period,
  targets: [{ id: 'thon', kind: 'coverage', of: 'village', percent: 100 }, { id: 'hoc-sinh', kind: 'reach', group: 'tn', percent: 50, readAs: 'attendances', readAsQuote: 'lượt thanh niên được tuyên truyền' }],
});

describeOnBothStores('the plans repository', (storage) => {
  const f = new Fixture();
  const tinh = f.place('p', 'province', null, 'Tỉnh P');
  const xa1 = f.place('p.x1', 'commune', tinh, 'Xã 1');
  const xa2 = f.place('p.x2', 'commune', tinh, 'Xã 2');
  f.place('p.x1.a', 'village', xa1, 'Thôn A');
  f.place('other', 'province', null, 'Tỉnh khác');
  beforeAll(async () => {
    for (const place of f.places) await storage().repos.places.insert(place);
  });

  it('saves a plan at its place and lists it under every scope above that place, by id', async () => {
    const plans = storage().repos.plans;
    expect(await plans.save(planOf('x2-2026', 'p.x2'), NOW)).toMatchObject({ ok: true, replaced: false });
    expect(await plans.save(planOf('x1-2026', 'p.x1'), NOW)).toMatchObject({ ok: true, replaced: false });
    expect(await plans.save(planOf('p-2026', 'p'), NOW)).toMatchObject({ ok: true });
    expect((await plans.list('p')).map((s) => [s._id, s.placeId, s.placePath])).toEqual([['p-2026', 'p', ['p']], ['x1-2026', 'p.x1', ['p', 'p.x1']], ['x2-2026', 'p.x2', ['p', 'p.x2']]]);
    expect((await plans.list('p.x1')).map((s) => s._id)).toEqual(['x1-2026']);
    expect(await plans.list('other')).toEqual([]);
    expect((await plans.forPlace('p.x2')).map((p) => p.id)).toEqual(['x2-2026']);
    expect((await plans.get('x1-2026'))?.name).toBe('Kế hoạch x1-2026');
  });

  it('replaces a plan saved again under the same id, and refuses one whose place is a village or unknown', async () => {
    const plans = storage().repos.plans;
    expect(await plans.save({ ...planOf('x2-2026', 'p.x2'), name: 'Mới' }, NOW)).toMatchObject({ ok: true, replaced: true });
    expect((await plans.get('x2-2026'))?.name).toBe('Mới');
    expect(await plans.save(planOf('v', 'p.x1.a'), NOW)).toMatchObject({ ok: false });
    expect(await plans.save(planOf('n', 'nowhere'), NOW)).toMatchObject({ ok: false });
  });

  it('sets a denominator on a reach target only, and removes a plan', async () => {
    const plans = storage().repos.plans;
    expect(await plans.setDenominator('x1-2026', 'hoc-sinh', 120, NOW)).toMatchObject({ ok: true });
    expect((await plans.get('x1-2026'))?.targets[1]).toMatchObject({ denominator: 120 });
    expect(await plans.setDenominator('x1-2026', 'thon', 5, NOW)).toEqual({ ok: false, reason: 'no_denominator' });
    expect(await plans.setDenominator('x1-2026', 'nothing', 5, NOW)).toEqual({ ok: false, reason: 'no_target' });
    expect(await plans.setDenominator('none', 'thon', 5, NOW)).toEqual({ ok: false, reason: 'no_plan' });
    expect(await plans.remove('x1-2026')).toBe(true);
    expect(await plans.get('x1-2026')).toBeNull();
    expect(await plans.remove('x1-2026')).toBe(false);
  });
});
