import { repositoriesOn } from '../../adapters/store/open-storage';
import { bothStores } from '../support/core-entry';
import { storedLogs } from '../support/stored';
import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness, type WebHarness } from './harness';

const formIdOf = (html: string): string => /name="formId" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The web's writes (a new log, a denominator) on each store the service runs on. */
describe.each(bothStores('loa_web'))('the web pages\' writes, on %s', (_name, openStore) => {
  let h: WebHarness;
  beforeEach(async () => {
    h = await webHarness({ store: await openStore() });
  });
  afterEach(async () => {
    await h.store.close();
  });

  it('stores a session logged from the logs page once, in the officer\'s name, and the grid counts it', async () => {
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/logs').expect(200);
    const form = { _csrf: csrfOf(page.text), formId: formIdOf(page.text), back: '/web/place/x/logs', village: 'x.d', date: '2026-08-17', participants: '18', form: 'hop', n_tn: '10', n_nd: '8' };
    await agent.post('/web/place/x/logs').type('form').send(form).expect(303);
    await agent.post('/web/place/x/logs').type('form').send(form).expect(303);
    const logs = await storedLogs(h.store, (l) => l.villageId === 'x.d' && l.date === '2026-08-17');
    expect(logs).toEqual([expect.objectContaining({ personId: SCENARIO.officer.id, channel: 'web', participants: 18, participantsByGroup: { tn: 10, nd: 8 } })]);
    // D held sessions in June and July only; now one in August.
    const grid = await agent.get('/web/place/x').expect(200);
    expect(grid.text).toMatch(/<tr data-place="x.d">[\s\S]*?data-month="2026-08">1</);
  });

  it('saves a reach target\'s denominator and the goal follows', async () => {
    const saved = await h.store.repos.plans.save(
      { id: 'y-2026', name: 'Kế hoạch xã Y 2026', place: 'y', period: { from: '2026-01', to: '2026-12' }, targets: [{ id: 'tn', kind: 'reach', group: 'tn', percent: 25, readAs: 'attendances', readAsQuote: 'lượt thanh niên được tuyên truyền' }] },
      SCENARIO.now,
    );
    expect(saved.ok).toBe(true);
    const agent = await signedIn(h, SCENARIO.otherOfficer);
    const page = await agent.get('/web/place/y').expect(200);
    await agent.post('/web/place/y/denominator').type('form').send({ _csrf: csrfOf(page.text), planId: 'y-2026', targetId: 'tn', value: '90' }).expect(303);
    expect((await h.store.repos.plans.get('y-2026'))?.targets[0]).toMatchObject({ denominator: 90 });
    // 25% of 90 = 22.5, rounded up to 23; Y's logs reach no thanh niên, so the gap is 23.
    const after = await agent.get('/web/place/y').expect(200);
    expect(after.text).toMatch(/<tr data-testid="target"><th scope="row">[^<]*<\/th><td>0<\/td><td>23<\/td><td>23<\/td>/);
  });
});
