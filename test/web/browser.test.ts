import { repositoriesOn } from '../../adapters/store/open-storage';
import fs from 'node:fs';
import { storedLogs } from '../support/stored';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'puppeteer-core';
import { buildGrid } from '../../core/charts/grid-model';
import { SCENARIO } from './scenario';
import { webHarness, type WebHarness } from './harness';
import { OUTPUT_DIR, axeViolations, describeInBrowser, launchChromium, openPage, screenshot, signInWith, type Problems } from './browser-kit';

async function signIn(page: Page, h: WebHarness, base: string, person: { id: string; phone: string }): Promise<void> {
  await signInWith(page, base, person.phone, () => h.door.codeFor(person.id));
}

describeInBrowser('the web pages in a real browser (Debian chromium)', () => {
  let browser: Browser;
  let server: http.Server;
  let base: string;
  let h: WebHarness;
  const problems: Problems = { console: [] };

  beforeAll(async () => {
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    h = await webHarness();
    server = http.createServer(h.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('signs an officer in by the code from their door and shows the grid and the year\'s charts with the indicator engine\'s figures', async () => {
    const page = await openPage(browser, problems);
    await signIn(page, h, base, SCENARIO.officer);
    expect(new URL(page.url()).pathname).toBe('/web/place/x');

    const shown = await page.$$eval('table.grid tbody tr', (rows) =>
      rows.map((row) => ({ id: row.getAttribute('data-place'), cells: [...row.querySelectorAll('td')].map((td) => td.textContent ?? '') })),
    );
    const engine = buildGrid((await h.engine.report('x', SCENARIO.now))!);
    // Most recent month first, months to come left out (they are blank).
    const shownCells = (r: (typeof engine.rows)[number]) => r.cells.filter((c) => c.month <= '2026-08').reverse().map((c) => (c.status === 'future' ? '' : String(c.value)));
    expect(shown).toEqual(engine.rows.map((r) => ({ id: r.id, cells: shownCells(r) })));

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'commune', 360);
    await screenshot(page, 'commune', 1280);

    // The year's charts: sessions and attendances by form and group, from the engine's totals.
    await page.goto(`${base}/web/place/x?p=year:2026`);
    const bars = (key: string) =>
      page.$$eval(`table[data-testid="chart-${key}"] tr`, (rows) => rows.map((r) => [r.querySelector('th')?.textContent ?? '', Number(r.querySelector('.n')?.textContent)]));
    const period = (await h.engine.report('x', SCENARIO.now, { period: 'year' }))!.snapshot.period;
    // By hand, Jan–Aug in X, all "họp thôn" for nhân dân, 20 people: A 8 + B 6 + C 6 (March cancelled) + D 2 = 22 sessions, 440 people.
    expect(period.byForm).toEqual({ hop: { sessions: 22, participants: 440 } });
    expect(await bars('formSessions')).toEqual([['họp thôn', 22]]);
    expect(await bars('formAttendances')).toEqual([['họp thôn', 440]]);
    expect(await bars('groupAttendances')).toEqual([['nhân dân', period.byGroup.nd]]);
    expect(await page.$eval('#chart-formSessions', (n) => n.textContent)).toBe('Số buổi theo hình thức');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'commune-year', 360);
    await page.close();
  }, 60_000);

  it('shows a phone, at 375 px, the rule in words, then the villages to call, then the grid with this month in view, and no sideways scroll', async () => {
    const page = await openPage(browser, problems);
    h.clock.advance(61 * 60_000); // a fresh hour of sign-in codes (still 20 August in Vietnam)
    await page.setViewport({ width: 375, height: 800 });
    await signIn(page, h, base, SCENARIO.officer);
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    // Regular villages by hand (scenario.ts): A and D of A–E, counted from the plan's start in January.
    expect(await page.$eval('[data-testid="headline-rule"]', (n) => n.textContent)).toBe('2/5 thôn có buổi mỗi tháng từ 01/2026');
    // The villages to act on come before the grid, which shows August (this month) inside the screen on load.
    const top = (selector: string) => page.$eval(selector, (n) => n.getBoundingClientRect().top);
    expect(await top('[data-testid="quiet"]')).toBeLessThan(await top('[data-testid="grid"]'));
    const august = await page.$eval('table.grid thead th[data-month="2026-08"]', (n) => {
      const r = n.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    expect(august.left).toBeGreaterThanOrEqual(0);
    expect(august.right).toBeLessThanOrEqual(375);
    // Each village's state, by hand: A every month; B missed April; C's March log was cancelled; D since it joined in June; E never.
    const states = await page.$$eval('table.grid tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-place'), r.querySelector('[data-testid="state"]')?.textContent]));
    expect(states).toEqual([
      ['x.a', 'đang duy trì'],
      ['x.b', 'gián đoạn từ T4'],
      ['x.c', 'gián đoạn từ T3'],
      ['x.d', 'đang duy trì'],
      ['x.e', 'chưa có buổi nào'],
    ]);
    const labels = await page.$$eval('[data-testid="state"]', (nodes) => nodes.map((n) => n.textContent ?? ''));
    expect(labels.filter((l) => !/^(đang duy trì|chưa có buổi nào|gián đoạn từ T\d{1,2})$/.test(l))).toEqual([]);
    // E's collaborator can be called or texted from the list.
    const nga = await page.$$eval('[data-testid="quiet"] a', (links) => links.map((a) => a.getAttribute('href')));
    expect(nga).toEqual(expect.arrayContaining(['tel:+84905000105', 'sms:+84905000105']));
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'phone-commune', 375);
    await screenshot(page, 'phone-commune', 1280);
    await page.setViewport({ width: 375, height: 800 });
    for (const path of ['/web/place/x/logs', '/web/place/x/roster']) {
      await page.goto(`${base}${path}`);
      expect({ path, overflow: await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') }).toEqual({ path, overflow: 0 });
      // Rows are cards: the table is no wider than the screen, so nothing hides to its right.
      const width = await page.$eval('table.stacked', (t) => t.getBoundingClientRect().right);
      expect(width).toBeLessThanOrEqual(375);
    }
    await screenshot(page, 'phone-roster', 375);
    await page.close();
  }, 60_000);

  it('refuses another commune\'s page to an officer', async () => {
    const page = await openPage(browser, problems);
    await signIn(page, h, base, SCENARIO.officer);
    const response = await page.goto(`${base}/web/place/y`);
    expect(response?.status()).toBe(403);
    expect(await page.$eval('main', (m) => m.textContent)).toContain('nằm ngoài phạm vi của bạn');
    problems.console = problems.console.filter((m) => !m.includes('403')); // the refused page's own status
    await page.close();
  }, 60_000);

  it('lets an admin walk from the province to a commune through the links', async () => {
    const page = await openPage(browser, problems);
    await signIn(page, h, base, SCENARIO.admin);
    expect(new URL(page.url()).pathname).toBe('/web/place/tinh');
    const rows = await page.$$eval('table.grid tbody tr', (r) => r.map((row) => row.getAttribute('data-place')));
    expect(rows).toEqual(['x', 'y']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'province', 360);
    await screenshot(page, 'province', 1280);
    await Promise.all([page.waitForNavigation(), page.click('table.grid a[href="/web/place/x"]')]);
    expect(await page.$eval('.crumbs', (n) => n.textContent?.replace(/\s+/g, ' ').trim())).toBe('Tỉnh Thử Xã X');
    await page.close();
  }, 60_000);

  it('refuses a form sent without its CSRF token', async () => {
    const page = await openPage(browser, problems);
    await signIn(page, h, base, SCENARIO.officer);
    await page.$eval('form[action="/web/logout"] input[name=_csrf]', (input) => input.remove());
    const [response] = await Promise.all([page.waitForNavigation(), page.click('form[action="/web/logout"] button')]);
    expect(response?.status()).toBe(403);
    expect(await page.$eval('main', (m) => m.textContent)).toContain('Biểu mẫu đã hết hạn hoặc không hợp lệ');
    // Still signed in: the refused sign-out did nothing.
    expect((await page.goto(`${base}/web/place/x`))?.status()).toBe(200);
    problems.console = problems.console.filter((m) => !m.includes('403'));
    await page.close();
  }, 60_000);

  it('cancels a log from the logs table (the log, the grid and the audit column change) and corrects another through its own form', async () => {
    const page = await openPage(browser, problems);
    await signIn(page, h, base, SCENARIO.officer);
    // Village B's July log (B's logs are log-9 … log-14, January to July without April).
    const log = 'log-14';
    expect((await h.core.repos.logs.byId(log))?.date).toBe('2026-07-12');
    await page.goto(`${base}/web/place/x/logs?village=x.b`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'logs', 360);
    await Promise.all([page.waitForNavigation(), page.click(`tr[data-log="${log}"] form[action$="/cancel"] button`)]);
    expect(await page.$eval('.notice', (n) => n.textContent)).toContain('Đã hủy');
    expect(await page.$eval(`tr[data-log="${log}"]`, (row) => row.className)).toBe('cancelled');
    expect(await page.$eval(`tr[data-log="${log}"] td.history`, (cell) => cell.textContent)).toContain('Phan Thị Oanh hủy ngày 20/08/2026');
    expect((await h.core.repos.logs.byId(log))?.cancelledAt).not.toBeNull();
    // Correcting: the row's link opens its form in the page (no script), saving returns to the same filtered page.
    const june = 'log-13';
    await Promise.all([page.waitForNavigation(), page.click(`tr[data-log="${june}"] a`)]);
    expect(await page.$$eval('form[data-testid="correct"]', (forms) => forms.length)).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.$eval(`#p-${june}`, (input) => ((input as unknown as { value: string }).value = '25'));
    await Promise.all([page.waitForNavigation(), page.click('form[data-testid="correct"] button')]);
    expect(new URL(page.url()).search).toMatch(/^\?village=x\.b&notice=/);
    expect(await page.$eval(`tr[data-log="${june}"] td.history`, (cell) => cell.textContent)).toContain('Phan Thị Oanh sửa ngày 20/08/2026');
    expect((await h.core.repos.logs.byId(june))?.participants).toBe(25);
    await page.goto(`${base}/web/place/x`);
    expect(await page.$eval('tr[data-place="x.b"] td[data-month="2026-07"]', (cell) => cell.textContent)).toBe('0');
    await page.close();
  }, 60_000);

  it('logs a new session for a village from the logs page: a refusal shows in the page, then the log, the grid and the table change', async () => {
    const page = await openPage(browser, problems);
    h.clock.advance(61 * 60_000); // past the hour's five sign-in codes per person (still 20 August in Vietnam)
    await signIn(page, h, base, SCENARIO.officer);
    await page.goto(`${base}/web/place/x/logs`);
    await page.click('details.new-log summary');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'new-log', 360);
    // The date field's max stops a future day in the browser; the server refuses it too, so send it past the field.
    await page.$eval('#n-date', (input) => input.removeAttribute('max'));
    await page.select('#n-village', 'x.e');
    await page.$eval('#n-date', (input) => ((input as unknown as { value: string }).value = '2026-08-21'));
    await page.type('#n-participants', '15');
    await page.select('#n-form', 'loa');
    await Promise.all([page.waitForNavigation(), page.click('.new-log-form button[type=submit]')]);
    expect(await page.$eval('[data-testid="new-log-problem"]', (n) => n.textContent)).toBe('Ngày 21/08 chưa tới. Chỉ ghi buổi đã tổ chức.');
    expect(await page.$eval('#n-participants', (n) => (n as unknown as { value: string }).value)).toBe('15');
    problems.console = problems.console.filter((m) => !m.includes('400'));

    await page.$eval('#n-date', (input) => ((input as unknown as { value: string }).value = '2026-08-19'));
    await page.click('input[name=groups][value=tn]');
    await Promise.all([page.waitForNavigation(), page.click('.new-log-form button[type=submit]')]);
    expect(await page.$eval('.notice', (n) => n.textContent)).toMatch(/^Đã ghi buổi #\w+: 15 người, loa truyền thanh, thanh niên, Thôn E, 19\/08/);
    const [log] = await storedLogs(h.store, (l) => l.villageId === 'x.e');
    expect(log).toMatchObject({ personId: SCENARIO.officer.id, channel: 'web', participants: 15, form: 'loa', groups: ['tn'] });
    expect(await page.$eval(`tr[data-log="${log!._id}"]`, (row) => row.textContent)).toContain('Phan Thị Oanh');
    await page.goto(`${base}/web/place/x`);
    expect(await page.$eval('tr[data-place="x.e"] td[data-month="2026-08"]', (cell) => cell.textContent)).toBe('1');
    await page.close();
  }, 60_000);

  it('enters a reach target\'s denominator on the commune page, and the target gets its goal', async () => {
    const saved = await h.store.repos.plans.save(
      { id: 'y-2026', name: 'Kế hoạch xã Y 2026', place: 'y', period: { from: '2026-01', to: '2026-12' }, targets: [{ id: 'tn', kind: 'reach', group: 'tn', percent: 50, readAs: 'attendances', readAsQuote: 'lượt thanh niên được tuyên truyền' }] },
      SCENARIO.now,
    );
    expect(saved.ok).toBe(true);
    const page = await openPage(browser, problems);
    await signIn(page, h, base, SCENARIO.otherOfficer);
    const status = () => page.$eval('tr[data-testid="target"] td:last-child', (cell) => cell.textContent);
    expect(await status()).toBe('chưa nhập mẫu số');
    expect(await axeViolations(page)).toEqual([]);
    await page.type('#den-0', '40');
    await Promise.all([page.waitForNavigation(), page.click('li[data-testid="denominator"] button')]);
    expect(await page.$eval('.notice', (n) => n.textContent)).toBe('Đã lưu mẫu số 40 cho chỉ tiêu "thanh niên được tuyên truyền".');
    // Y's logs are for nhân dân only: 0 thanh niên of a goal of 50% × 40 = 20.
    expect(await page.$$eval('tr[data-testid="target"] td', (cells) => cells.map((c) => c.textContent))).toEqual(['0', '20', '20', 'còn thiếu 20']);
    await screenshot(page, 'denominator', 360);
    await page.close();
  }, 60_000);

  it('uploads a roster from the roster page: a file that is no roster is refused in the page, an .xlsx is imported', async () => {
    const page = await openPage(browser, problems);
    await signIn(page, h, base, SCENARIO.officer);
    await page.goto(`${base}/web/place/x/roster`);
    expect(await axeViolations(page)).toEqual([]);
    const upload = async (name: string, content: Buffer) => {
      const file = path.join(OUTPUT_DIR, name);
      fs.writeFileSync(file, content);
      await (await page.$('#file'))!.uploadFile(file);
      await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
    };
    await upload('danh-sach.pdf', Buffer.from('%PDF-1.7\n'));
    expect(await page.$eval('[data-testid="file-error"]', (n) => n.textContent)).toContain('chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'roster-refused', 360);
    problems.console = problems.console.filter((m) => !m.includes('400'));

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Danh sách');
    sheet.addRow(['kind', 'id', 'name', 'code', 'parent', 'aliases', 'phone', 'telegram_id', 'language']);
    sheet.addRow(['village', 'x.m', 'Thôn M', 'M', 'x']);
    await upload('danh-sach.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(await page.$eval('.notice', (n) => n.textContent)).toBe('Đã nhập danh sách: 1 địa bàn, 0 người.');
    expect((await h.core.repos.places.get('x.m'))?.name).toBe('Thôn M');
    await page.close();
  }, 60_000);

  it('logs no error in the browser console on any page', () => {
    expect(problems.console).toEqual([]);
  });
});
