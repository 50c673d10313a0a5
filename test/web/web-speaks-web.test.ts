import request from 'supertest';
import { storedLogs } from '../support/stored';
import { createLogger } from '../../adapters/log/pino-logger';
import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness, type WebHarness } from './harness';

/** The new-log form's one-time id in a logs page. */
const formIdOf = (html: string): string => /name="formId" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Logs a split session (Thôn B, 18/08: 20 thanh niên + 10 phụ nữ) through the page and returns the stored log's id. */
async function splitLog(h: WebHarness, agent: Awaited<ReturnType<typeof signedIn>>): Promise<string> {
  const page = await agent.get('/web/place/x/logs').expect(200);
  await agent
    .post('/web/place/x/logs')
    .type('form')
    .send({ _csrf: csrfOf(page.text), formId: formIdOf(page.text), back: '/web/place/x/logs', village: 'x.b', date: '2026-08-18', participants: '30', form: 'hop', n_tn: '20', n_pn: '10' })
    .expect(303);
  const [log] = await storedLogs(h.store, (l) => l.villageId === 'x.b' && l.date === '2026-08-18');
  return String(log!._id);
}

describe('the web pages speak web', () => {
  it('shows a refused correction of a split log as an error beside the split, in the page\'s words, and logs a refusal rather than a repair', async () => {
    const lines: string[] = [];
    const h = await webHarness({ logger: createLogger('info', { write: (line: string) => void lines.push(line) }) });
    const agent = await signedIn(h, SCENARIO.officer);
    const id = await splitLog(h, agent);
    const back = '/web/place/x/logs?village=x.b';
    const page = await agent.get(`${back}&edit=${id}`).expect(200);
    // A new total alone would leave the split wrong: refused.
    const refused = await agent.post(`/web/logs/${id}/correct`).type('form').send({ _csrf: csrfOf(page.text), back, participants: '40' }).expect(400);
    expect(refused.text).toContain('data-testid="repair-problem">Buổi này đã chia số người theo nhóm: hãy sửa số người của từng nhóm ở các ô bên dưới, tổng số người sẽ tự tính lại.</p>');
    expect(refused.text).not.toContain('class="notice"');
    expect(refused.text).not.toMatch(/VD: SUA|SUA \w+ \d/);
    expect((await h.core.repos.logs.byId(id))?.participants).toBe(30);
    expect(lines.filter((l) => l.includes('web: log repaired'))).toEqual([]);
    expect(lines.filter((l) => l.includes('web: log repair refused') && l.includes('correct.split_needed'))).toHaveLength(1);
  });

  it('edits a split log\'s people and groups through its own fields: the total and the groups follow the split', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const id = await splitLog(h, agent);
    const back = '/web/place/x/logs?village=x.b';
    const page = await agent.get(`${back}&edit=${id}`).expect(200);
    expect(page.text).toContain(`name="s_tn" type="number" min="0" max="10000" value="20"`);
    // 20 tn + 10 pn becomes 15 tn + 12 nd (pn emptied): by hand 27 people, groups tn and nd.
    const done = await agent.post(`/web/logs/${id}/correct`).type('form').send({ _csrf: csrfOf(page.text), back, s_tn: '15', s_pn: '', s_nd: '12' }).expect(303);
    expect(String(done.headers.location)).toBe(`${back}&notice=log_corrected&log=${id}`);
    const log = (await h.core.repos.logs.byId(id))!;
    expect({ participants: log.participants, groups: [...log.groups].sort(), split: log.participantsByGroup }).toEqual({ participants: 27, groups: ['nd', 'tn'], split: { tn: 15, nd: 12 } });
    const shown = await agent.get(String(done.headers.location)).expect(200);
    expect(shown.text).toContain('<p class="notice" role="status">Đã sửa buổi #');
    expect(shown.text).toContain('nay là 27 người, họp thôn, nhân dân 12, thanh niên 15, Thôn B, 18/08/2026.</p>');
  });

  it('shows a malformed correction beside its field in red words, not on an error page', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const back = '/web/place/x/logs?village=x.a';
    const page = await agent.get(`${back}&edit=log-8`).expect(200);
    const refused = await agent.post('/web/logs/log-8/correct').type('form').send({ _csrf: csrfOf(page.text), back, participants: '0' }).expect(400);
    expect(refused.text).toMatch(/name="participants"[^>]*aria-invalid="true" aria-describedby="e-log-8">\s*<p class="field-error" id="e-log-8" role="alert" data-testid="repair-problem">Số người phải là số nguyên từ 1 đến 10.000.<\/p>/);
  });

  it('shows only notices from its fixed list, worded from the store: free text, unknown keys and other communes\' logs show nothing', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const free = await agent.get('/web/place/x/logs?notice=Tài khoản bị khóa, gọi 0900000000').expect(200);
    expect(free.text).not.toContain('class="notice"');
    expect(free.text).not.toContain('0900000000');
    const unknown = await agent.get('/web/place/x?notice=hacked').expect(200);
    expect(unknown.text).not.toContain('class="notice"');
    // Y's log is outside X: a link naming it announces nothing on X's page.
    const [yLog] = await storedLogs(h.store, (l) => l.villageId === 'y.a');
    const other = await agent.get(`/web/place/x/logs?notice=log_cancelled&log=${String(yLog!._id)}`).expect(200);
    expect(other.text).not.toContain('class="notice"');
    const own = await agent.get('/web/place/x/logs?notice=log_unchanged&log=log-8').expect(200);
    expect(own.text).toMatch(/<p class="notice" role="status">Buổi #\w+ không có gì thay đổi.<\/p>/);
  });

  it('answers an unknown address with a Vietnamese page and a way back', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const missing = await agent.get('/web/khong-co-trang-nay').expect(404);
    expect(missing.text).toContain('<html lang="vi">');
    expect(missing.text).toContain('Không tìm thấy trang này.');
    expect(missing.text).toContain('<a href="/web">');
    expect(missing.text).not.toContain('Not found');
  });

  it('writes dates as dd/mm/yyyy and lists villages in Vietnamese order', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const logs = await agent.get('/web/place/x/logs?village=x.a').expect(200);
    const table = /<table class="logs stacked"[\s\S]*?<\/table>/.exec(logs.text)![0];
    expect(table).toContain('>12/08/2026</td>');
    expect(table).not.toMatch(/>\d{4}-\d{2}-\d{2}</);
    const place = await agent.get('/web/place/x').expect(200);
    expect(place.text).toContain('số liệu đến ngày 20/08/2026');
    expect(place.text).toContain('Thời gian: 01/2026 đến 12/2026');
  });
});

describe('signing in, for a person trying the page', () => {
  it('says how many minutes a lockout lasts: until the hour\'s window of codes ends', async () => {
    const h = await webHarness();
    h.clock.advance(25 * 60_000); // 10:25 in Vietnam: the hour's window ends at 11:00, 35 minutes on
    const agent = request.agent(h.app);
    const form = await agent.get('/web/login');
    let last = form;
    for (let i = 0; i < 6; i += 1) last = await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: SCENARIO.officer.phone });
    expect(last.status).toBe(429);
    expect(last.text).toContain('Bạn đã yêu cầu quá nhiều lần. Hãy thử lại sau 35 phút.');
    expect(last.text).not.toContain('ít phút');
  });
});

describe('the roster template', () => {
  it('is offered on the roster page as CSV and Excel, and the CSV imports as it is (one village, one collaborator)', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    expect(page.text).toContain('href="/web/place/x/roster-template.xlsx"');
    expect(page.text).toContain('href="/web/place/x/roster-template.csv"');
    expect(page.text).not.toContain('demo/roster-ke-sat.csv');
    const csv = await agent.get('/web/place/x/roster-template.csv').expect(200).expect('content-type', /text\/csv/);
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('kind,id,name,code,parent,aliases,phone,telegram_id,language');
    const xlsx = await agent.get('/web/place/x/roster-template.xlsx').buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const imported = await agent
      .post('/web/place/x/roster')
      .field('_csrf', csrfOf(page.text))
      .attach('file', Buffer.from(csv.text.replace(/^\uFEFF/, '')), 'danh-sach-mau-x.csv')
      .expect(200);
    expect(imported.text).toContain('Đã nhập danh sách: 1 địa bàn, 1 người.');
    expect((await h.core.repos.places.get('x.vi-du'))?.name).toBe('Thôn Ví Dụ');
  });

  it('is refused for a place outside the viewer\'s scope', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    await agent.get('/web/place/y/roster-template.csv').expect(403);
  });
});
