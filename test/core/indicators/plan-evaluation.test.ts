import type { Plan } from '../../../core/plans/plan-schema';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from './fixtures';
import { buildHandChecked, handCheckedPlan } from './hand-checked';
import { onStore } from '../../../tools/harness/on-store';

async function handChecked(): Promise<{ store: OpenStorage; plan: (regularly: 'month' | 'quarter') => Plan }> {
  const store = await openEmbeddedStorage();
  await buildHandChecked(store);
  return { store, plan: handCheckedPlan };
}

describe('coverage and "maintained regularly"', () => {
  it('counts a village regular only when every completed month has a session, forgiving the running month', async () => {
    const { store, plan } = await handChecked();
    const engine = onStore(store).engine;
    const report = await engine.report('x', vn('2026-08-20'), { period: 'month', plans: [plan('month')] });
    const [result] = report!.plans[0]!.targets;
    expect(result!.coverage).toMatchObject({ places: 5, covered: 4, regular: 2, behind: ['x.b', 'x.c', 'x.e'] });
    expect(result).toMatchObject({ value: 2, goal: 5, gap: 3, status: 'behind', percent: 40 });
  });

  it('reads "maintained regularly" per quarter when the plan says so', async () => {
    const { store, plan } = await handChecked();
    const report = await onStore(store).engine.report('x', vn('2026-08-20'), { period: 'month', plans: [plan('quarter')] });
    expect(report!.plans[0]!.targets[0]).toMatchObject({ value: 4, goal: 5, gap: 1, coverage: { regular: 4, behind: ['x.e'] } });
  });

  it('ignores a cancelled log: a month whose only session was cancelled has no session', async () => {
    const { store, plan } = await handChecked();
    const engine = onStore(store).engine;
    const march = await engine.report('x', vn('2026-03-31'), { period: 'month', plans: [plan('month')] });
    // On 31 March only A and B have a March session; C's March log is cancelled.
    expect(march!.snapshot.quiet.map((v) => v.place._id)).toEqual(['x.c']);
    expect(march!.snapshot.period.sessions).toBe(2);
  });

  it('does not count a village before the date the roster says it was created', async () => {
    const { store, plan } = await handChecked();
    const report = await onStore(store).engine.report('x', vn('2026-05-20'), { period: 'month', plans: [plan('month')] });
    // D and E do not exist yet; A regular, B missed April, C missed March.
    expect(report!.plans[0]!.targets[0]!.coverage).toMatchObject({ places: 3, covered: 3, regular: 1, behind: ['x.b', 'x.c'] });
    expect(report!.snapshot.villages.map((v) => v.place._id)).toEqual(['x.a', 'x.b', 'x.c']);
  });

  it('in the first month of a plan, regular means the month has started with a session', async () => {
    const { store, plan } = await handChecked();
    const report = await onStore(store).engine.report('x', vn('2026-01-20'), { period: 'month', plans: [plan('month')] });
    expect(report!.plans[0]!.targets[0]).toMatchObject({ value: 3, goal: 3, gap: 0, status: 'met' });
  });

  it('judges a finished plan on all of its months', async () => {
    const { store, plan } = await handChecked();
    const report = await onStore(store).engine.report('x', vn('2027-02-01'), { period: 'month', plans: [plan('month')] });
    const evaluation = report!.plans[0]!;
    expect(evaluation.phase).toBe('ended');
    expect(evaluation.asOf).toBe('2026-12-31');
    // Nobody held sessions Aug–Dec except A in August: nobody is regular.
    expect(evaluation.targets[0]).toMatchObject({ value: 0, goal: 5, coverage: { covered: 4, regular: 0 } });
  });

  it('reports targets as not started before the plan period', async () => {
    const { store, plan } = await handChecked();
    const report = await onStore(store).engine.report('x', vn('2025-12-20'), { period: 'month', plans: [plan('month')] });
    expect(report!.plans[0]).toMatchObject({ phase: 'not_started', targets: [{ status: 'not_started', goal: null }] });
  });
});

describe('roll-up of communes', () => {
  it('counts a commune covered when any village or the commune itself held a session', async () => {
    const store = await openEmbeddedStorage();
    const f = new Fixture();
    const p = f.place('p', 'province', null, 'Tỉnh P');
    const [c1, c2, c3] = [f.place('p.c1', 'commune', p, 'Xã Một'), f.place('p.c2', 'commune', p, 'Xã Hai'), f.place('p.c3', 'commune', p, 'Xã Ba')];
    const v1 = f.place('p.c1.v', 'village', c1, 'Thôn Một');
    f.place('p.c2.v', 'village', c2, 'Thôn Hai');
    f.place('p.c3.v', 'village', c3, 'Thôn Ba');
    f.log(v1, '2026-11-03');
    f.log(c2, '2026-11-04', { form: 'hop', groups: ['nd'] }); // a session held by the commune itself (a press item would be no session)
    f.log(c3, '2026-11-05', { cancelled: true });
    await f.insert(store);
    const plan: Plan = {
      id: 'p-2026',
      name: 'P',
      place: 'p',
      period: { from: '2026-11', to: '2026-12' },
      targets: [{ id: 'xa', kind: 'coverage', of: 'commune', percent: 60 }],
    };
    const report = await onStore(store).engine.report('p', vn('2026-11-20'), { period: 'month', plans: [plan] });
    expect(report!.plans[0]!.targets[0]).toMatchObject({ value: 2, goal: 2, gap: 0, status: 'met', coverage: { places: 3, covered: 2, behind: ['p.c3'] } });
    // Village coverage is about villages: the commune-level session does not cover Thôn Hai.
    expect(report!.snapshot.quiet.map((v) => v.place._id)).toEqual(['p.c3.v', 'p.c2.v']);
  });
});

describe('reach, frequency and training', () => {
  it('adds participants of a group against the officer-entered denominator', async () => {
    const store = await openEmbeddedStorage();
    const f = new Fixture();
    const x = f.place('x', 'commune', null, 'Xã X');
    const v = f.place('x.v', 'village', x, 'Thôn V');
    f.log(v, '2026-03-02', { participants: 300, form: 'truong', groups: ['hs'] });
    f.log(v, '2026-04-02', { participants: 200, form: 'truong', groups: ['hs', 'tn'] });
    f.log(v, '2026-04-09', { participants: 500, form: 'truong', groups: ['hs'], cancelled: true });
    // Press items and trainings are the commune's own: logged by its officer at the commune.
    f.person('cb-x', 'officer', x);
    f.log(x, '2026-04-10', { participants: 40, form: 'taphuan', groups: ['cb'] });
    f.log(x, '2026-01-10', { form: 'bao' });
    f.log(x, '2026-03-10', { form: 'bao' });
    // A hamlet's press item and training feed neither (the targets are the commune's).
    f.log(v, '2026-02-10', { form: 'bao' });
    f.log(v, '2026-04-11', { participants: 25, form: 'taphuan', groups: ['cb'] });
    await f.insert(store);
    const plan: Plan = {
      id: 'x',
      name: 'X',
      place: 'x',
      period: { from: '2026-01', to: '2026-12' },
      targets: [
        { id: 'hs', kind: 'reach', group: 'hs', percent: 80, denominator: 1240, readAs: 'attendances', readAsQuote: 'lượt học sinh' },
        { id: 'hs-no-denominator', kind: 'reach', group: 'hs', percent: 80 },
        { id: 'bao', kind: 'frequency', form: 'bao', per: 'month', atLeast: 1 },
        { id: 'bao-q', kind: 'frequency', form: 'bao', per: 'quarter', atLeast: 1 },
        { id: 'cb', kind: 'training', percent: 50, denominator: 60, readAs: 'attendances', readAsQuote: 'lượt cán bộ' },
      ],
    };
    const report = await onStore(store).engine.report('x', vn('2026-05-15'), { period: 'year', plans: [plan] });
    const [reach, noDenominator, monthly, quarterly, training] = report!.plans[0]!.targets;
    // Read in attendances: 300 (the hs+tn log of 200 has no split, so it counts for neither group's target); 300/1240 = 24.2%.
    expect(reach).toMatchObject({ value: 300, goal: 992, gap: 692, status: 'behind', percent: 24.2, unsplit: 200 });
    expect(noDenominator).toMatchObject({ value: 300, goal: null, gap: null, status: 'needs_denominator' });
    // January to April are due; press items in January and March.
    expect(monthly).toMatchObject({ value: 2, goal: 4, gap: 2, frequency: { due: ['2026-01', '2026-02', '2026-03', '2026-04'], met: ['2026-01', '2026-03'] } });
    expect(quarterly).toMatchObject({ value: 1, goal: 1, status: 'met', frequency: { due: ['2026-Q1'], currentMet: false } });
    expect(training).toMatchObject({ value: 40, goal: 30, gap: 0, status: 'met' });
    // Press items reach no countable people: no nd attendances from them. The hs+tn log of 200 without a split
    // belongs to neither group, as CHITIEU counts it (issue 21): hs 300, cb 40 + 25 = 65, 200 apart.
    expect(report!.snapshot.period.byGroup).toEqual({ hs: 300, cb: 65 });
    expect(report!.snapshot.period.unsplit).toBe(200);
  });
});
