import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { decodePng, inkOf } from '../support/png';

// What the browser tests share: Debian's chromium, axe in the page, screenshots for a person to look at.

/** Debian's chromium (installed by .ci/run with apt-get); no browser is downloaded. */
export const CHROMIUM = process.env.LOA_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots land here for a person to look at. */
export const OUTPUT_DIR = path.join(__dirname, '..', '..', 'test-output', 'web');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const haveBrowser = fs.existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
export const describeInBrowser = haveBrowser ? describe : describe.skip;

export interface Problems {
  console: string[];
}

export async function openPage(browser: Browser, problems: Problems): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.console.push(String(error)));
  return page;
}

/** Signs in through the page's own form; `codeFor` reads the code the person's door got. */
export async function signInWith(page: Page, base: string, phone: string, codeFor: () => string): Promise<void> {
  await page.goto(`${base}/web/login`);
  await page.type('#phone', phone.replace('+84', '0'));
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:not(.link)')]);
  await page.type('#code', codeFor());
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:not(.link)')]);
}

/** Debian's chromium, headless, with the flags a container needs. */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'] });
}

/** axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays strict). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
    const run = await axe.run();
    return run.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  return result;
}

export async function screenshot(page: Page, name: string, width: number): Promise<void> {
  await page.setViewport({ width, height: 800 });
  const file = path.join(OUTPUT_DIR, `${name}-${width}.png`);
  const png = Buffer.from(await page.screenshot({ fullPage: true, type: 'png' }));
  fs.writeFileSync(file, png);
  const image = decodePng(png);
  expect(image.width).toBe(width);
  const { ink, colours } = inkOf(image);
  expect({ file, nonBlank: ink > 0.03 && colours > 20 }).toEqual({ file, nonBlank: true });
  // Nothing wider than the screen: the grid scrolls inside its own box.
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect({ file, overflow }).toEqual({ file, overflow: 0 });
}

