import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { parseConfig } from '../../app/config';
import { buildRuntime, type ServerRuntime as Loa } from '../../app/runtime';
import { FakeClock } from '../../core/clock';
import { silentLogger } from '../../core/logger';
import { vn } from '../core/indicators/fixtures';
import { OUTPUT_DIR, axeViolations, describeInBrowser, launchChromium, openPage, screenshot, signInWith, type Problems } from './browser-kit';

/** The demo officer of Kẻ Sắt (demo/roster-ke-sat.csv); she has no door, so in development her code is printed. */
const OFFICER = { name: 'Phan Thị Oanh', phone: '0905000201' };
const WIDTH = 375;
const overflow = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

describeInBrowser('a phone at 375 px on the demo data of a first start in development', () => {
  let browser: Browser;
  let server: http.Server;
  let base: string;
  let loa: Loa;
  let dataDir: string;
  const printed: string[] = [];
  const problems: Problems = { console: [] };

  beforeAll(async () => {
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-demo-web-'));
    // `npm start` in development on an empty store: the demo roster, the Kẻ Sắt plan and a year of demo logs (to Friday 20 Nov 2026).
    const config = parseConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOA_DEMO_DATA: 'true', LOA_DEMO_LOGS: 'true' });
    loa = await buildRuntime(config, 'test', { logger: silentLogger, clock: new FakeClock(vn('2026-11-20')) });
    expect(await loa.core.repos.logs.table('hai-phong', {}, 1000)).not.toHaveLength(0);
    server = http.createServer(loa.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    // The sign-in code the development door prints on the terminal, read as a person would read it.
    const write = process.stdout.write.bind(process.stdout);
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).startsWith('Mã đăng nhập cho ')) return printed.push(String(chunk)) > 0;
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    });
  }, 120_000);

  /** The newest code the development door printed for the demo officer. */
  const codeFor = () => new RegExp(`^Mã đăng nhập cho ${OFFICER.name}: (\\d{6})`).exec(printed.at(-1) ?? '')?.[1] ?? '';

  afterAll(async () => {
    jest.restoreAllMocks();
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await loa?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the commune page with no sideways scroll, this month in view, the villages to call above the grid and true states only', async () => {
    const page = await openPage(browser, problems);
    await page.setViewport({ width: WIDTH, height: 800 });
    await signInWith(page, base, OFFICER.phone, codeFor);
    expect(new URL(page.url()).pathname).toBe('/web/place/ke-sat');
    expect(await page.evaluate(overflow)).toBe(0);
    // This month (November 2026) is the first column and inside the screen on load.
    const november = await page.$eval('table.grid thead th[data-month="2026-11"]', (n) => {
      const r = n.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    expect(november.left).toBeGreaterThanOrEqual(0);
    expect(november.right).toBeLessThanOrEqual(WIDTH);
    const top = (selector: string) => page.$eval(selector, (n) => n.getBoundingClientRect().top);
    expect(await top('[data-testid="quiet"]')).toBeLessThan(await top('[data-testid="grid"]'));
    // The demo story by hand (core/roster/demo-logs.ts): seven regular villages, Cầu broke in October,
    // Ngọc never held one, Mới misses every third month (January the first in the plan's year).
    const states = await page.$$eval('table.grid tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-place'), r.querySelector('[data-testid="state"]')?.textContent ?? '']));
    // In Vietnamese order (B, C, Đ, H, M, N, Ng, T before Th before Tr).
    expect(states).toEqual([
      ['ke-sat.bac', 'đang duy trì'],
      ['ke-sat.cau', 'gián đoạn từ T10'],
      ['ke-sat.dong', 'đang duy trì'],
      ['ke-sat.ha', 'đang duy trì'],
      ['ke-sat.moi', 'gián đoạn từ T1'],
      ['ke-sat.nam', 'đang duy trì'],
      ['ke-sat.ngoc', 'chưa có buổi nào'],
      ['ke-sat.tay', 'đang duy trì'],
      ['ke-sat.thuong', 'đang duy trì'],
      ['ke-sat.trung', 'đang duy trì'],
    ]);
    // Seven of ten villages kept a session every month since the plan began.
    expect(await page.$eval('[data-testid="headline-rule"]', (n) => n.textContent)).toBe('7/10 thôn có buổi mỗi tháng từ 01/2026');
    expect(await page.$eval('[data-testid="quiet"]', (n) => n.textContent)).toContain('Thôn Ngọc');
    expect(await axeViolations(page)).toEqual([]);
    // What the phone shows on load, before any scroll (the full pages follow).
    fs.writeFileSync(path.join(OUTPUT_DIR, 'demo-commune-375-on-load.png'), await page.screenshot({ fullPage: false, type: 'png' }));
    await screenshot(page, 'demo-commune', WIDTH);
    await screenshot(page, 'demo-commune', 1280);
    await page.close();
  }, 120_000);

  it('shows the demo\'s logs and roster as cards, with no sideways scroll', async () => {
    const page = await openPage(browser, problems);
    await page.setViewport({ width: WIDTH, height: 800 });
    await signInWith(page, base, OFFICER.phone, codeFor);
    for (const [name, address] of [['demo-logs', '/web/place/ke-sat/logs'], ['demo-roster', '/web/place/ke-sat/roster']] as const) {
      await page.goto(`${base}${address}`);
      expect(new URL(page.url()).pathname).toBe(address);
      expect({ address, overflow: await page.evaluate(overflow) }).toEqual({ address, overflow: 0 });
      expect(await page.$eval('table.stacked', (t) => t.getBoundingClientRect().right)).toBeLessThanOrEqual(WIDTH);
      expect(await axeViolations(page)).toEqual([]);
      fs.writeFileSync(path.join(OUTPUT_DIR, `${name}-375-on-load.png`), await page.screenshot({ fullPage: false, type: 'png' }));
      await screenshot(page, name, WIDTH);
    }
    // The roster's places in Vietnamese order too (Đ after D, Tây before Thượng before Trung).
    const places = await page.$$eval('section[aria-labelledby="places"] li', (items) => items.map((li) => li.textContent));
    expect(places).toEqual(['Thôn Bắc', 'Thôn Cầu', 'Thôn Đông', 'Thôn Hạ', 'Thôn Mới', 'Thôn Nam', 'Thôn Ngọc', 'Thôn Tây', 'Thôn Thượng', 'Thôn Trung']);
    await page.close();
  }, 120_000);

  it('logs no error in the browser console', () => {
    expect(problems.console).toEqual([]);
  });
});
