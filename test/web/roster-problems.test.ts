import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';

const HEADER = 'kind,id,name,code,parent,aliases,phone,telegram_id,language';

/** The problem lines of a refused upload, as the browser shows them (entities decoded). */
const problemsOf = (html: string): string[] =>
  [...(/<ul data-testid="problems">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));

/** The officer of commune X (Xã X: Thôn A … Thôn E) uploads `rows`; the refused page's problem list. */
async function refused(rows: string[], as: { id: string; phone: string } = SCENARIO.officer): Promise<{ problems: string[]; html: string }> {
  const h = await webHarness();
  const agent = await signedIn(h, as);
  const page = await agent.get(`/web/place/${as === SCENARIO.officer ? 'x' : 'tinh'}/roster`).expect(200);
  const res = await agent.post(`/web/place/${as === SCENARIO.officer ? 'x' : 'tinh'}/roster`).field('_csrf', csrfOf(page.text)).attach('file', Buffer.from([HEADER, ...rows].join('\n')), 'roster.csv').expect(400);
  expect(await h.core.repos.places.get('x.m')).toBeNull();
  return { problems: problemsOf(res.text), html: res.text };
}

describe('a refused roster upload, said with names', () => {
  it('lists every row outside the officer\'s commune by its line and names, never a name from outside the commune', async () => {
    const { problems, html } = await refused([
      'village,x.m,Thôn Mít,M,nowhere,,,,',
      'village,y.b,Thôn Y Hai,YB,y,,,,',
      'collaborator,,Lê Văn Nam,,y.a,,0905 000 777,,vi',
      'officer,,Cán Bộ Mới,,x,,0905 000 778,,vi',
      'village,x.z,Thôn Z,Z,y.a,,,,',
      'collaborator,,Ai Đó,,y,,0905 000 782,,vi',
    ]);
    expect(problems).toEqual([
      'Dòng 2 – Thôn Mít: địa bàn cấp trên: mã "nowhere" không có trong danh sách.',
      'Dòng 3 – Thôn Y Hai: địa bàn cấp trên "y" nằm ngoài Xã X, địa bàn bạn quản lý.',
      'Dòng 4 – Lê Văn Nam: địa bàn "y.a" nằm ngoài Xã X, địa bàn bạn quản lý.',
      'Dòng 5 – Cán Bộ Mới, Xã X: chỉ quản trị viên mới thêm được cán bộ xã.',
      'Dòng 6 – Thôn Z: địa bàn cấp trên "y.a" nằm ngoài Xã X, địa bàn bạn quản lý.',
      'Dòng 7 – Ai Đó: cộng tác viên phụ trách thôn, còn "y" là xã.',
    ]);
    // Commune Y and its village are outside X: their stored names never show.
    expect(html).not.toContain('Xã Y');
    expect(html).not.toContain('Thôn Y Một');
  });

  it('lists every problem of the file itself at once, each worded for the web with the row\'s and the places\' names', async () => {
    const { problems } = await refused([
      'village,x.m,Thôn Mít,M,x,,,,',
      'village,x.m,Thôn Mít Hai,M2,x,,,,',
      'village,x.n,Thôn Na,A,x,,,,',
      'village,x.p,Thôn Phố,P,x.a,,,,',
      'collaborator,,Lê Văn Nam,,x.q,,0905 000 779,,vi',
      'collaborator,,Trần Thị Hoa,,x.m,,0905 000 101,,vi',
      'collaborator,,,,x.m,,0905 000 780,,vi',
      'collaborator,,Võ Văn Tư,,x.m,,0905 12,,vi',
      'collaborator,,Hồ Thị Lụa,,x,,0905 000 781,,vi',
    ]);
    // By hand: x.m twice; code A is Thôn A's under Xã X; a village under a village; x.q is nowhere;
    // 0905 000 101 is Nguyễn Văn An's (Thôn A, inside X); no name; a short number; a collaborator on a commune.
    expect(problems).toEqual([
      'Dòng 3 – Thôn Mít Hai: mã "x.m" đã dùng cho Thôn Mít ở dòng 2.',
      'Dòng 4 – Thôn Na: mã viết tắt A đã dùng cho Thôn A dưới Xã X.',
      'Dòng 5 – Thôn Phố: thôn không thể nằm dưới Thôn A (thôn).',
      'Dòng 6 – Lê Văn Nam: địa bàn phụ trách: mã "x.q" không có trong danh sách.',
      'Dòng 7 – Trần Thị Hoa, Thôn Mít: số +84905000101 đã thuộc về Nguyễn Văn An.',
      'Dòng 8: chưa có tên.',
      'Dòng 9 – Võ Văn Tư, Thôn Mít: "0905 12" không phải số điện thoại.',
      'Dòng 10 – Hồ Thị Lụa, Xã X: cộng tác viên phụ trách thôn, còn Xã X là xã.',
    ]);
  });

  it('says an unknown parent by its quoted code for an admin too, and a clash with a stored village by that village\'s name', async () => {
    const { problems } = await refused(['village,x.n,Thôn Na,B,x,,,,', 'village,x.r,Thôn Rẫy,R,x.zz,,,,'], SCENARIO.admin);
    expect(problems).toEqual(['Dòng 2 – Thôn Na: mã viết tắt B đã dùng cho Thôn B dưới Xã X.', 'Dòng 3 – Thôn Rẫy: địa bàn cấp trên: mã "x.zz" không có trong danh sách.']);
  });
});
