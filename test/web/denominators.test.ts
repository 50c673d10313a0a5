import { repositoriesOn } from '../../adapters/store/open-storage';
import type { Place } from '../../core/domain/places';
import { Fixture } from '../core/indicators/fixtures';
import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness, type WebHarness } from './harness';

/** The targets table's rows as [label, value, goal, gap, status]. */
const targetRows = (html: string): string[][] =>
  [...html.matchAll(/<tr data-testid="target"><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td[^>]*>([^<]*)/g)].map((m) => m.slice(1, 6));

/**
 * Commune Y with a plan "50% of young people reached" and no denominator yet.
 * Thanh niên in 2026 by hand: a meeting of 25 thanh niên (10 Aug) and a split
 * meeting with 12 of its 20 people thanh niên (11 Aug) = 37.
 */
async function communeY(): Promise<WebHarness> {
  const h = await webHarness();
  const ya = (await h.core.repos.places.get('y.a')) as Place;
  const f = new Fixture('den');
  f.log(ya, '2026-08-10', { form: 'hop', groups: ['tn'], participants: 25 });
  f.log(ya, '2026-08-11', { form: 'hop', groups: ['tn', 'pn'], participants: 20, participantsByGroup: { tn: 12, pn: 8 } });
  await f.insert(h.store);
  const saved = await h.store.repos.plans.save(
    { id: 'y-2026', name: 'Kế hoạch xã Y 2026', place: 'y', period: { from: '2026-01', to: '2026-12' }, targets: [{ id: 'thanh-nien', kind: 'reach', group: 'tn', percent: 50, readAs: 'attendances', readAsQuote: 'lượt thanh niên được tuyên truyền' }] },
    SCENARIO.now,
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
  return h;
}

const send = (agent: Awaited<ReturnType<typeof signedIn>>, html: string, value: string, place = 'y') =>
  agent.post(`/web/place/${place}/denominator`).type('form').send({ _csrf: csrfOf(html), planId: 'y-2026', targetId: 'thanh-nien', value, p: 'month:2026-08' });

describe('web: entering a reach target\'s denominator', () => {
  it('turns "no denominator yet" into a goal and a gap, and the goal follows a new denominator', async () => {
    const h = await communeY();
    const agent = await signedIn(h, SCENARIO.otherOfficer);
    const before = await agent.get('/web/place/y').expect(200);
    expect(targetRows(before.text)).toEqual([['thanh niên được tuyên truyền', '37', '–', '–', 'chưa nhập mẫu số']]);
    expect(before.text).toContain('Chưa nhập mẫu số.');

    const done = await send(agent, before.text, '120').expect(303);
    expect(String(done.headers.location)).toBe('/web/place/y?p=month%3A2026-08&notice=denominator_saved&plan=y-2026&target=thanh-nien#denominators-section');
    const shown = await agent.get(String(done.headers.location).replace(/#.*/, '')).expect(200);
    expect(shown.text).toContain('<p class="notice" role="status">Đã lưu mẫu số 120 cho chỉ tiêu &quot;thanh niên được tuyên truyền&quot;.</p>');
    const after = await agent.get('/web/place/y').expect(200);
    // 50% of 120 = 60; 60 − 37 = 23.
    expect(targetRows(after.text)).toEqual([['thanh niên được tuyên truyền', '37', '60', '23', 'còn thiếu 23']]);
    expect(after.text).toContain('Mẫu số hiện tại: 120.');

    await send(agent, after.text, '73').expect(303);
    // 50% of 73 = 36.5, rounded up to 37 people; 37 reached: met, no gap.
    expect(targetRows((await agent.get('/web/place/y').expect(200)).text)).toEqual([['thanh niên được tuyên truyền', '37', '37', '0', 'đạt']]);
    expect((await h.store.repos.plans.get('y-2026'))?.targets[0]).toMatchObject({ denominator: 73 });
  });

  it('lets the province admin set it, and refuses it to another commune\'s officer', async () => {
    const h = await communeY();
    const officerX = await signedIn(h, SCENARIO.officer);
    const own = await officerX.get('/web/place/x').expect(200);
    await send(officerX, own.text, '500', 'x').expect(403);
    expect((await h.store.repos.plans.get('y-2026'))?.targets[0]).not.toHaveProperty('denominator');
    const admin = await signedIn(h, SCENARIO.admin);
    const page = await admin.get('/web/place/y').expect(200);
    await send(admin, page.text, '200').expect(303);
    expect((await h.store.repos.plans.get('y-2026'))?.targets[0]).toMatchObject({ denominator: 200 });
  });

  it('shows a refused value in the page and keeps the plan as it was; refuses the form without its CSRF token', async () => {
    const h = await communeY();
    const agent = await signedIn(h, SCENARIO.otherOfficer);
    const page = await agent.get('/web/place/y').expect(200);
    for (const value of ['0', '-5', '1.200', 'abc']) {
      const refused = await send(agent, page.text, value).expect(303);
      const shown = await agent.get(String(refused.headers.location).replace(/#.*/, '')).expect(200);
      expect(/data-testid="problem">([^<]*)</.exec(shown.text)?.[1]).toBe('Mẫu số phải là số nguyên dương, chỉ gồm chữ số.');
    }
    // The page shows only its own sentences: a link carrying some other text shows nothing.
    expect((await agent.get('/web/place/y?problem=G%E1%BB%8Di%20s%E1%BB%91%200909').expect(200)).text).not.toContain('data-testid="problem"');
    await agent.post('/web/place/y/denominator').type('form').send({ planId: 'y-2026', targetId: 'thanh-nien', value: '100' }).expect(403);
    expect((await h.store.repos.plans.get('y-2026'))?.targets[0]).not.toHaveProperty('denominator');
  });
});
