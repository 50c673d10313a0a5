import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';
import type { Channel } from '../../core/domain/session-log';

const HEADER = 'kind,id,name,code,parent,aliases,phone,telegram_id,language';

/** The roster table's rows as a reader sees them: name and the "Liên lạc qua" cell. */
const rowsOf = (html: string): Array<{ name: string; door: string }> =>
  [...(/<table data-testid="roster"[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => ({
    name: /<th scope="row">([^<]*)<\/th>/.exec(m[1]!)?.[1] ?? '',
    door: /<td data-label="Liên lạc qua"[^>]*>([^<]*)<\/td>/.exec(m[1]!)?.[1] ?? '',
  }));

/** Village X.A's people uploaded by the officer of X, in the order written here (not alphabetical). */
async function withPeople(doors: readonly Channel[]) {
  const h = await webHarness({ doors });
  const agent = await signedIn(h, SCENARIO.officer);
  const page = await agent.get('/web/place/x/roster').expect(200);
  const csv = [
    HEADER,
    'collaborator,,Ưng Thị Lan,,x.b,,0905 000 301,,vi',
    'collaborator,,Vũ Văn Tâm,,x.b,,,7301,vi',
    'collaborator,,Lê Thị Hạ,,x.c,,0905 000 303,,vi',
    'collaborator,,Đỗ Văn Bình,,x.c,,0905 000 304,7304,vi',
    'collaborator,,Lê Thị Há,,x.d,,0905 000 305,,vi',
    'collaborator,,Uông Văn Dũng,,x.d,,0905 000 306,,vi',
    'collaborator,,Lê Thị Hà,,x.d,,0905 000 307,,vi',
    'collaborator,,Dương Văn Cường,,x.d,,0905 000 308,,vi',
  ].join('\n');
  await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'roster.csv').expect(200);
  return { h, agent };
}

describe('the roster page\'s people', () => {
  it('lists people in Vietnamese order: D before Đ, U before Ư, tones ngang, huyền, hỏi, ngã, sắc, nặng', async () => {
    const { agent } = await withPeople(['sms', 'telegram']);
    const names = rowsOf((await agent.get('/web/place/x/roster').expect(200)).text).map((r) => r.name);
    // By hand, the Vietnamese alphabet (… D, Đ, … U, Ư, V …) and tone order (Hà before Há before Hạ).
    expect(names).toEqual([
      'Dương Văn Cường',
      'Đỗ Văn Bình',
      'Lê Thị Hà',
      'Lê Thị Há',
      'Lê Thị Hạ',
      'Ngô Thị Nga',
      'Nguyễn Văn An',
      'Phan Thị Oanh',
      'Uông Văn Dũng',
      'Ưng Thị Lan',
      'Vũ Văn Tâm',
    ]);
  });

  it('says "Liên lạc qua" only by the doors that are switched on, and marks who cannot be reached', async () => {
    const { agent } = await withPeople(['telegram']);
    const doors = Object.fromEntries(rowsOf((await agent.get('/web/place/x/roster').expect(200)).text).map((r) => [r.name, r.door]));
    // Telegram on, SMS off: a phone alone reaches nobody.
    expect(doors['Vũ Văn Tâm']).toBe('Telegram');
    expect(doors['Đỗ Văn Bình']).toBe('Telegram');
    expect(doors['Phan Thị Oanh']).toBe('Telegram');
    expect(doors['Ưng Thị Lan']).toBe('chưa liên lạc được (chưa bật kênh nào tới người này)');
    expect(doors['Nguyễn Văn An']).toBe('chưa liên lạc được (chưa bật kênh nào tới người này)');
  });

  it('names SMS when the Android gateway sends, and both doors for a person with a phone and a Telegram account', async () => {
    const { agent } = await withPeople(['android', 'telegram']);
    const doors = Object.fromEntries(rowsOf((await agent.get('/web/place/x/roster').expect(200)).text).map((r) => [r.name, r.door]));
    expect(doors['Ưng Thị Lan']).toBe('SMS');
    expect(doors['Đỗ Văn Bình']).toBe('SMS, Telegram');
    expect(doors['Vũ Văn Tâm']).toBe('Telegram');
  });

  it('marks everyone as not reachable when no door sends', async () => {
    const { agent } = await withPeople([]);
    const doors = rowsOf((await agent.get('/web/place/x/roster').expect(200)).text).map((r) => r.door);
    expect(new Set(doors)).toEqual(new Set(['chưa liên lạc được (chưa bật kênh nào tới người này)']));
  });
});
