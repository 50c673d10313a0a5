import { repositoriesOn } from '../../adapters/store/open-storage';
import type { Place } from '../../core/domain/places';
import { Fixture } from '../core/indicators/fixtures';
import { SCENARIO } from './scenario';
import { signedIn, webHarness, type WebHarness } from './harness';

/** A chart table's rows as { label: number }, whatever their order. */
function chart(html: string, key: string): Record<string, number> {
  const table = new RegExp(`<table class="bars" data-testid="chart-${key}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  return Object.fromEntries([...table.matchAll(/<th scope="row">([^<]*)<\/th>[\s\S]*?<span class="n">(\d+)<\/span>/g)].map((m) => [m[1]!, Number(m[2])]));
}

/** The targets table's rows as [label, value, goal, gap, status]. */
function targetRows(html: string): string[][] {
  return [...html.matchAll(/<tr data-testid="target"><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td[^>]*>([\s\S]*?)<\/td><\/tr>/g)].map((m) => [
    m[1]!,
    m[2]!,
    m[3]!,
    m[4]!,
    m[5]!.replace(/<br><span class="muted">/, ' | ').replace(/<[^>]+>/g, ''),
  ]);
}

const QUOTE = 'b) 50% thanh niên trên địa bàn được tuyên truyền về phòng, chống mại dâm.';

/**
 * Commune Y in August 2026, on top of the scenario's two "họp thôn" logs of 3
 * people (nhân dân): a school session (40 học sinh), a village meeting split
 * 30 thanh niên + 20 phụ nữ, a meeting for nhân dân and thanh niên together
 * (10 people, no split: in no group) and a press item (a session, no people).
 * Y's plan: 50% of 100 thanh niên (reach) and a monthly training no one in Y can log.
 */
async function communeY(): Promise<WebHarness> {
  const h = await webHarness();
  const ya = (await h.store.repos.places.get('y.a')) as Place;
  const f = new Fixture('charts');
  f.log(ya, '2026-08-10', { form: 'truong', groups: ['hs'], participants: 40 });
  f.log(ya, '2026-08-11', { form: 'hop', groups: ['tn', 'pn'], participants: 50, participantsByGroup: { tn: 30, pn: 20 } });
  f.log(ya, '2026-08-12', { form: 'hop', groups: ['nd', 'tn'], participants: 10 });
  f.log(ya, '2026-08-13', { form: 'bao', groups: ['nd'], participants: 1 });
  await f.insert(h.store);
  const saved = await h.store.repos.plans.save(
    {
      id: 'y-2026',
      name: 'Kế hoạch xã Y 2026',
      place: 'y',
      period: { from: '2026-01', to: '2026-12' },
      source: { issuer: 'UBND xã Y' },
      targets: [
        { id: 'thanh-nien', kind: 'reach', group: 'tn', percent: 50, denominator: 100, quote: QUOTE, readAs: 'attendances', readAsQuote: 'lượt thanh niên được tuyên truyền' },
        { id: 'tap-huan', kind: 'frequency', form: 'taphuan', per: 'month', atLeast: 1, loggedAt: ['village'] },
      ],
    },
    SCENARIO.now,
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
  return h;
}

describe('web commune page: charts, targets and the plan\'s sources', () => {
  it('charts sessions and attendances by form and by group as the engine counted them, press items without people', async () => {
    const h = await communeY();
    const page = await (await signedIn(h, SCENARIO.otherOfficer)).get('/web/place/y?p=month:2026-08').expect(200);
    // By hand: họp thôn 2 + 1 + 1 = 4 sessions, 3 + 3 + 50 + 10 = 66 people; school 1 and 40; press 1 item: no session, no people.
    expect(chart(page.text, 'formSessions')).toEqual({ 'họp thôn': 4, 'tại trường học': 1 });
    expect(chart(page.text, 'formAttendances')).toEqual({ 'họp thôn': 66, 'tại trường học': 40 });
    // nhân dân 3 + 3, thanh niên 30, phụ nữ 20, học sinh 40; the 10 of nhân dân + thanh niên without a split in no
    // group, a bar of its own (issue 21, as CHITIEU counts it): 6 + 30 + 20 + 40 + 10 = 106, the attendances.
    expect(chart(page.text, 'groupAttendances')).toEqual({ 'nhân dân': 6, 'thanh niên': 30, 'phụ nữ': 20, 'học sinh, sinh viên': 40, 'buổi nhiều nhóm không chia': 10 });
    expect(page.text).toMatch(/data-testid="sessions">5</);
    expect(page.text).toMatch(/data-testid="attendances">106</);
    // The press item is said apart, as TONGHOP says it (issue 21): 1 item.
    expect(page.text).toMatch(/data-testid="items">1</);
  });

  it('shows an empty period without bars, and January with the scenario\'s single meeting', async () => {
    const h = await communeY();
    const agent = await signedIn(h, SCENARIO.otherOfficer);
    const march = await agent.get('/web/place/y?p=month:2026-03').expect(200);
    expect(march.text).not.toContain('class="bars"');
    expect(march.text).toContain('Chưa có buổi nào trong kỳ.');
    const january = await agent.get('/web/place/y?p=month:2026-01').expect(200);
    expect(chart(january.text, 'formSessions')).toEqual({ 'họp thôn': 1 });
    expect(chart(january.text, 'groupAttendances')).toEqual({ 'nhân dân': 3 });
  });

  it('shows each target with value, goal and gap, or the CHITIEU status and what would make it measurable', async () => {
    const h = await communeY();
    const page = await (await signedIn(h, SCENARIO.otherOfficer)).get('/web/place/y').expect(200);
    expect(targetRows(page.text)).toEqual([
      // 50% of 100 = 50; thanh niên Jan–Aug: the split's 30 (the nd+tn log of 10 has no split: counted for neither, issue 21); gap 20.
      ['thanh niên được tuyên truyền', '30', '50', '20', 'còn thiếu 20'],
      [expect.stringContaining('tập huấn') as unknown as string, '–', '–', '–', 'không đo được từ nhật ký | cần người cấp thôn trong danh sách để ghi TT 40 taphuan cb'],
    ]);
  });

  it('shows a target with nothing to count yet as "chưa có dữ liệu", never as 0 of a goal', async () => {
    const h = await webHarness();
    const tinh = (await h.store.repos.places.get('tinh')) as Place;
    const f = new Fixture('empty');
    f.place('z', 'commune', tinh, 'Xã Z'); // no village yet
    await f.insert(h.store);
    const saved = await h.store.repos.plans.save(
      { id: 'z-2026', name: 'Kế hoạch xã Z 2026', place: 'z', period: { from: '2026-01', to: '2026-12' }, targets: [{ id: 'thon', kind: 'coverage', of: 'village', percent: 100 }] },
      SCENARIO.now,
    );
    if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
    const page = await (await signedIn(h, SCENARIO.admin)).get('/web/place/z').expect(200);
    expect(targetRows(page.text)).toEqual([['Thôn có tuyên truyền', '–', '–', '–', 'chưa có dữ liệu']]);
    expect(page.text).not.toContain('data-testid="headline-value"');
  });

  it('lists the plan\'s targets with the source sentence each one quotes', async () => {
    const h = await communeY();
    const page = await (await signedIn(h, SCENARIO.otherOfficer)).get('/web/place/y').expect(200);
    const section = /<section aria-labelledby="sources">[\s\S]*?<\/section>/.exec(page.text)?.[0] ?? '';
    expect(section).toContain('Kế hoạch xã Y 2026');
    expect(section).toContain('UBND xã Y');
    expect(section).toContain(`<blockquote lang="vi">${QUOTE}</blockquote>`);
    expect(section.match(/<li>/g)).toHaveLength(2);
    expect(section.match(/kế hoạch không ghi câu nguồn/g)).toHaveLength(1);
  });

  it('offers half-years in the period picker and reports the first half with the engine\'s totals', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x').expect(200);
    expect(page.text).toMatch(/<option value="half:2026-H2">[^<]*<\/option>/);
    expect(page.text).toMatch(/<option value="half:2026-H1">[^<]*<\/option>/);
    const h1 = await agent.get('/web/place/x?p=half:2026-H1').expect(200);
    expect(h1.text).toMatch(/<option value="half:2026-H1" selected>/);
    // Jan–Jun in X, 20 people each: A 6, B 5 (no April), C 5 (March cancelled), D 1 (June) = 17 sessions.
    expect(h1.text).toMatch(/data-testid="sessions">17</);
    expect(h1.text).toMatch(/data-testid="attendances">340</);
    await agent.get('/web/place/x?p=half:2027-H1').expect(400);
  });
});
