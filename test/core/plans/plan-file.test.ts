import { repositoriesOn } from '../../../adapters/store/open-storage';
import { parsePlanText, validatePlan } from '../../../core/plans/plan-file';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { checkPlanPlace } from '../../../core/plans/plans-repo';
import { Fixture } from '../indicators/fixtures';

const VALID = {
  id: 'x-2026',
  name: 'Kế hoạch xã X',
  place: 'x',
  period: { from: '2026-01', to: '2026-12' },
  targets: [
    { id: 'thon', kind: 'coverage', of: 'village', percent: 100, regularly: 'month' },
    { id: 'bao', kind: 'frequency', form: 'bao', per: 'quarter' },
    { id: 'hs', kind: 'reach', group: 'hs', percent: 80, denominator: 1240 },
  ],
};

function problems(data: unknown): string[] {
  const result = validatePlan(data);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('plan files', () => {
  it('accept YAML and JSON alike, filling defaults', () => {
    const yaml = parsePlanText(`
id: x-2026
name: Kế hoạch xã X
place: x
period: { from: "2026-01", to: "2026-12" }
targets:
  - { id: bao, kind: frequency, form: bao, per: month }
`);
    expect(yaml).toMatchObject({ ok: true, plan: { targets: [{ kind: 'frequency', atLeast: 1 }] } });
    expect(parsePlanText(JSON.stringify(VALID))).toMatchObject({ ok: true, plan: { id: 'x-2026' } });
  });

  it('name the path of a bad field', () => {
    const bad = structuredClone(VALID) as typeof VALID & { targets: Record<string, unknown>[] };
    bad.targets[2]!.denominator = -5;
    expect(problems(bad)).toEqual(['targets[2].denominator: expected a positive number']);
  });

  it('explain every problem at once, in words an admin can act on', () => {
    const bad = structuredClone(VALID) as unknown as Record<string, unknown> & { targets: Record<string, unknown>[] };
    bad.period = { from: '2026-12', to: '2026-01' };
    bad.targets[0]!.percent = 120;
    bad.targets[1]!.per = 'week';
    bad.targets.push({ id: 'thon', kind: 'training', percent: 50 });
    bad.targets.push({ id: 'khac', kind: 'inspections' });
    expect(problems(bad)).toEqual([
      'targets[0].percent: expected a percentage between 0 and 100',
      'targets[1].per: expected month or quarter',
      'targets[4].kind: expected kind to be coverage, reach, frequency or training',
    ]);
    // Cross-field checks run once the fields themselves are valid.
    const crossed = structuredClone(VALID) as unknown as Record<string, unknown> & { targets: Record<string, unknown>[] };
    crossed.period = { from: '2026-12', to: '2026-01' };
    crossed.targets.push({ id: 'thon', kind: 'training', percent: 50 });
    expect(problems(crossed)).toEqual(['period.to: expected a month not before 2026-12', 'targets[3].id: duplicate target id thon']);
  });

  it('report a YAML syntax error without a stack trace', () => {
    const result = parsePlanText('id: [unclosed');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]!.path).toBe('(file)');
  });
});

describe('storing plans', () => {
  it('refuses a place that is missing, a village, or a level the targets cannot count', async () => {
    const f = new Fixture();
    const x = f.place('x', 'commune', null, 'Xã X');
    const v = f.place('x.v', 'village', x, 'Thôn V');
    const plan = validatePlan(VALID);
    if (!plan.ok) throw new Error('fixture plan invalid');
    expect(checkPlanPlace(plan.plan, null)[0]!.message).toContain('--place');
    expect(checkPlanPlace({ ...plan.plan, place: v._id }, v)[0]!.path).toBe('place');
    expect(checkPlanPlace({ ...plan.plan, targets: [{ id: 'xa', kind: 'coverage', of: 'commune', percent: 50 }] }, x)).toEqual([
      { path: 'targets[0].of', message: 'x is a commune; count its villages (of: village)' },
    ]);
  });

  it('replaces a plan by id and keeps the denominators an officer enters', async () => {
    const store = await openEmbeddedStorage();
    const f = new Fixture();
    f.place('x', 'commune', null, 'Xã X');
    await f.insert(store);
    const plans = store.repos.plans;
    const now = new Date('2026-03-01T00:00:00Z');
    expect(await plans.save(VALID, now)).toMatchObject({ ok: true, replaced: false });
    expect(await plans.save(VALID, now)).toMatchObject({ ok: true, replaced: true });
    expect(await plans.setDenominator('x-2026', 'hs', 1500, now)).toMatchObject({ ok: true });
    expect(await plans.setDenominator('x-2026', 'thon', 10, now)).toEqual({ ok: false, reason: 'no_denominator' });
    expect(await plans.setDenominator('x-2026', 'hs', 0, now)).toEqual({ ok: false, reason: 'bad_value' });
    expect((await plans.get('x-2026'))!.targets[2]).toMatchObject({ denominator: 1500 });
    expect((await plans.list('x')).map((p) => p._id)).toEqual(['x-2026']);
    expect(await plans.list('elsewhere')).toEqual([]);
  });
});
