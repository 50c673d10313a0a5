import { SCENARIO } from './scenario';
import { storedLogs } from '../support/stored';
import { csrfOf, signedIn, webHarness, type WebHarness } from './harness';

/** The new-log form's one-time id in a logs page. */
const formIdOf = (html: string): string => /name="formId" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function logsPage(h: WebHarness, person: { id: string; phone: string }, place: string) {
  const agent = await signedIn(h, person);
  const page = await agent.get(`/web/place/${place}/logs`).expect(200);
  const form = (fields: Record<string, string | string[]>) => ({ _csrf: csrfOf(page.text), formId: formIdOf(page.text), back: `/web/place/${place}/logs`, ...fields });
  return { agent, form };
}

const liveLogs = async (h: WebHarness, villageId: string) => (await storedLogs(h.store, (l) => l.villageId === villageId && !l.cancelledAt)).length;

describe('web: logging a new session for a village (same use-case as TT @thon)', () => {
  it('logs a split session in the officer\'s name, and the grid and the logs table show it', async () => {
    const h = await webHarness();
    const { agent, form } = await logsPage(h, SCENARIO.officer, 'x');
    const before = await agent.get('/web/place/x').expect(200);
    // B held nothing in August (its April and August are empty in the scenario).
    expect(before.text).toMatch(/<tr data-place="x.b">[\s\S]*?data-month="2026-08">0</);
    const sent = { village: 'x.b', date: '2026-08-18', participants: '30', form: 'hop', groups: ['nd'], n_tn: '20', n_pn: '10' };
    const done = await agent.post('/web/place/x/logs').type('form').send(form(sent)).expect(303);
    expect(String(done.headers.location)).toMatch(/^\/web\/place\/x\/logs\?notice=log_saved&log=[\w-]+$/);
    const shown = await agent.get(String(done.headers.location)).expect(200);
    expect(shown.text).toMatch(/<p class="notice" role="status">Đã ghi buổi #[A-Z0-9]+: 30 người, họp thôn, thanh niên 20, phụ nữ 10, Thôn B, 18\/08\/2026.<\/p>/);

    const [log] = await storedLogs(h.store, (l) => l.villageId === 'x.b' && l.date === '2026-08-18');
    expect(log).toMatchObject({ personId: SCENARIO.officer.id, channel: 'web', participants: 30, form: 'hop', groups: ['tn', 'pn'], participantsByGroup: { tn: 20, pn: 10 }, placePath: ['tinh', 'x', 'x.b'] });

    const after = await agent.get('/web/place/x').expect(200);
    expect(after.text).toMatch(/<tr data-place="x.b">[\s\S]*?data-month="2026-08">1</);
    const table = await agent.get('/web/place/x/logs?village=x.b').expect(200);
    expect(table.text).toMatch(new RegExp(`<tr data-log="${log!._id}" class="live"[^>]*>\\s*<td[^>]*>18/08/2026</td><td[^>]*>Thôn B</td><td[^>]*>30</td><td[^>]*>họp thôn</td><td[^>]*>[^<]*</td>\\s*<td[^>]*>Phan Thị Oanh</td><td[^>]*>trang web</td>`));
  });

  it('stores one log when the same form is sent twice', async () => {
    const h = await webHarness();
    const { agent, form } = await logsPage(h, SCENARIO.officer, 'x');
    const sent = form({ village: 'x.e', date: '2026-08-19', participants: '12', form: 'loa' });
    await agent.post('/web/place/x/logs').type('form').send(sent).expect(303);
    await agent.post('/web/place/x/logs').type('form').send(sent).expect(303);
    expect(await liveLogs(h, 'x.e')).toBe(1);
  });

  it('asks before storing the same content twice within a day, and stores it when the officer ticks "another session"', async () => {
    const h = await webHarness();
    const { agent, form } = await logsPage(h, SCENARIO.officer, 'x');
    const fields = { village: 'x.e', date: '2026-08-19', participants: '12', form: 'loa' };
    await agent.post('/web/place/x/logs').type('form').send(form(fields)).expect(303);
    const second = await agent.post('/web/place/x/logs').type('form').send({ ...form(fields), formId: 'another-form-id-0001' }).expect(400);
    expect(/data-testid="new-log-problem">([^<]*)</.exec(second.text)?.[1]).toMatch(/^Buổi này đã được ghi rồi \(#\w+, Thôn E, 19\/08\)\. Nếu là buổi khác, đánh dấu ô &quot;Đây là một buổi khác&quot; rồi gửi lại\.$/);
    expect(await liveLogs(h, 'x.e')).toBe(1);
    await agent.post('/web/place/x/logs').type('form').send({ ...form(fields), formId: 'another-form-id-0002', again: 'on' }).expect(303);
    expect(await liveLogs(h, 'x.e')).toBe(2);
  });

  it('shows the refusals in Vietnamese in the page and writes nothing: a future date, a date too old, a village outside the commune, a split that does not add up', async () => {
    const h = await webHarness();
    const { agent, form } = await logsPage(h, SCENARIO.officer, 'x');
    const refused = async (fields: Record<string, string>, text: string) => {
      const res = await agent.post('/web/place/x/logs').type('form').send(form({ participants: '25', form: 'hop', ...fields })).expect(400);
      const problem = /data-testid="new-log-problem">([^<]*)</.exec(res.text)?.[1];
      expect(problem).toContain(text);
      expect(res.text).toContain('<details class="card new-log" open>');
    };
    // Today is 20/08/2026 in Vietnam; an officer reaches back 366 days (to 19/08/2025).
    await refused({ village: 'x.a', date: '2026-08-21' }, 'Ngày 21/08 chưa tới. Chỉ ghi buổi đã tổ chức.');
    await refused({ village: 'x.a', date: '2025-08-18' }, 'Ngày 18/08/2025 đã quá 366 ngày, không ghi được.');
    await refused({ village: 'y.a', date: '2026-08-19' }, 'Không có thôn &quot;y.a&quot; trong Xã X.');
    await refused({ village: 'x.a', date: '2026-08-19', n_tn: '20', n_pn: '10' }, 'Tổng 25 người nhưng các nhóm cộng lại 30.');
    await refused({ village: 'x.a', date: 'hôm qua' }, 'Biểu mẫu chưa đủ hoặc sai');
    // A's eight logs (one a month) and nothing in Y.
    expect(await liveLogs(h, 'x.a')).toBe(8);
    expect(await liveLogs(h, 'y.a')).toBe(3);
  });

  it('keeps the oldest date an officer may enter: 366 days back is accepted', async () => {
    const h = await webHarness();
    const { agent, form } = await logsPage(h, SCENARIO.officer, 'x');
    await agent.post('/web/place/x/logs').type('form').send(form({ village: 'x.a', date: '2025-08-19', participants: '25', form: 'hop' })).expect(303);
    expect((await storedLogs(h.store, (l) => l.villageId === 'x.a' && l.date === '2025-08-19')).length).toBe(1);
  });

  it('lets an admin log for a village anywhere under their province, from that commune\'s page', async () => {
    const h = await webHarness();
    const { agent, form } = await logsPage(h, SCENARIO.admin, 'y');
    // The province's own logs page lists thousands of villages at scale: it points to a commune's page instead of a form.
    const province = await agent.get('/web/place/tinh/logs').expect(200);
    expect(province.text).not.toContain('name="formId"');
    expect(province.text).toContain('mở trang nhật ký của xã có thôn đó');
    await agent.post('/web/place/y/logs').type('form').send(form({ village: 'y.a', date: '2026-08-19', participants: '7', form: 'ho' })).expect(303);
    const [log] = await storedLogs(h.store, (l) => l.villageId === 'y.a' && l.date === '2026-08-19');
    expect(log).toMatchObject({ personId: SCENARIO.admin.id, channel: 'web', participants: 7, form: 'ho', groups: ['nd'] });
  });

  it('logs a training for the officer\'s own commune, as TT 1 taphuan does, and nothing else there', async () => {
    const h = await webHarness();
    const { agent, form } = await logsPage(h, SCENARIO.officer, 'x');
    const page = await agent.get('/web/place/x/logs').expect(200);
    expect(page.text).toContain('<option value="x">Xã X (báo, đài hoặc tập huấn của cả xã)</option>');
    await agent.post('/web/place/x/logs').type('form').send(form({ village: 'x', date: '2026-08-14', participants: '30', form: 'taphuan' })).expect(303);
    const [log] = await storedLogs(h.store, (l) => l.villageId === 'x');
    // A training reaches staff (cb) when no group is named, as in the chat.
    expect(log).toMatchObject({ placePath: ['tinh', 'x'], personId: SCENARIO.officer.id, channel: 'web', form: 'taphuan', participants: 30, groups: ['cb'] });
    const refused = await agent.post('/web/place/x/logs').type('form').send(form({ village: 'x', date: '2026-08-14', participants: '30', form: 'hop' })).expect(400);
    expect(/data-testid="new-log-problem">([^<]*)</.exec(refused.text)?.[1]).toBe('Cho cả Xã X chỉ ghi được báo, đài hoặc tập huấn. Buổi khác hãy chọn thôn đã tổ chức, VD: Thôn A.');
    // An admin's own place is the province: a commune is not theirs to log at, only its villages.
    const admin = await logsPage(h, SCENARIO.admin, 'y');
    expect((await admin.agent.get('/web/place/y/logs').expect(200)).text).not.toContain('<option value="y">');
    await admin.agent.post('/web/place/y/logs').type('form').send(admin.form({ village: 'y', date: '2026-08-14', participants: '5', form: 'bao' })).expect(400);
    expect(await storedLogs(h.store, (l) => ['x', 'y'].includes(l.villageId))).toHaveLength(1);
  });

  it('refuses the form without its CSRF token', async () => {
    const h = await webHarness();
    const { agent, form } = await logsPage(h, SCENARIO.officer, 'x');
    const { _csrf: _dropped, ...without } = form({ village: 'x.e', date: '2026-08-19', participants: '12', form: 'loa' });
    await agent.post('/web/place/x/logs').type('form').send(without).expect(403);
    expect(await liveLogs(h, 'x.e')).toBe(0);
  });
});
