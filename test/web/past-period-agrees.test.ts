import { loadDashboard } from '../../core/usecases/dashboard';
import { SCENARIO } from './scenario';
import { webHarness } from './harness';

/**
 * The web page and CHITIEU/BAOCAO read a named past period the same way: as it
 * closed, through the engine with the period's key. The page used to ask the
 * engine "as of noon on the last day" without the key, so the period's last month
 * counted as still running and a village that missed it could count as maintained
 * on the page while CHITIEU said not (issue 21, one answer per question).
 */
describe('a past period on the web page', () => {
  it.each([
    // C's only March log was cancelled: March, Q1 and the first half end with a month C missed.
    ['month', '2026-03'],
    ['quarter', '2026-Q1'],
    ['month', '2026-07'],
    ['quarter', '2026-Q2'],
    ['half', '2026-H1'],
  ] as const)('shows the same target figures as CHITIEU for %s %s', async (kind, key) => {
    const h = await webHarness();
    const officer = (await h.core.repos.people.get(SCENARIO.officer.id))!;
    const page = await loadDashboard({ repos: h.core.repos, engine: h.engine }, { viewer: officer, placeId: SCENARIO.commune, period: { kind, key }, now: SCENARIO.now });
    if (!page.ok) throw new Error(`no page: ${page.reason}`);
    const chitieu = (await h.engine.report(SCENARIO.commune, SCENARIO.now, { period: kind, key, daily: false }))!;
    const figures = (plans: typeof chitieu.plans) => plans.flatMap((p) => p.targets.map((t) => ({ label: t.target.label ?? t.target.kind, value: t.value, goal: t.goal, status: t.status })));
    expect(figures(page.report.plans)).toEqual(figures(chitieu.plans));
    expect(page.report.snapshot.period).toEqual(chitieu.snapshot.period);
  });
});
