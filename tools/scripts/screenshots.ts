/**
 * Refreshes the README's pictures (docs/commune-phone.png, docs/commune-laptop.png,
 * docs/chat-picture.png): starts `npm start` on an empty store in a temporary
 * directory (so it loads the demo roster, plan and year of logs), signs in as
 * the demo officer with the code the development server prints, and lets
 * Debian's Chromium photograph the commune page at 375 px and 1280 px.
 *
 *   npx tsx scripts/screenshots.ts        (LOA_CHROMIUM=/path/to/chromium to override)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const ROOT = path.join(__dirname, '../..');
const DOCS = path.join(ROOT, 'docs');
const CHROMIUM = process.env.LOA_CHROMIUM ?? '/usr/bin/chromium';
const PORT = Number(process.env.SCREENSHOT_PORT ?? 3917);
const OFFICER = { name: 'Phan Thị Oanh', phone: '0905000201' };

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-screens-'));
  const server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['app/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(PORT), NODE_ENV: 'development', LOG_FORMAT: 'json', LOA_DEMO_DATA: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  server.stdout.on('data', (chunk) => (output += String(chunk)));
  const base = `http://127.0.0.1:${PORT}`;
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=vi'] });
  try {
    await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true, 60_000);
    const page = await browser.newPage();
    await page.setViewport({ width: 375, height: 800 });
    await page.goto(`${base}/web/login`);
    await page.type('#phone', OFFICER.phone);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:not(.link)')]);
    const code = await waitFor(async () => new RegExp(`Mã đăng nhập cho ${OFFICER.name}: (\\d{6})`).exec(output)?.[1] ?? null, 10_000);
    await page.type('#code', code);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:not(.link)')]);
    fs.writeFileSync(path.join(DOCS, 'commune-phone.png'), await page.screenshot({ fullPage: false, type: 'png' }));
    await page.setViewport({ width: 1280, height: 900 });
    fs.writeFileSync(path.join(DOCS, 'commune-laptop.png'), await page.screenshot({ fullPage: false, type: 'png' }));
    const picture = await page.goto(`${base}${new URL(page.url()).pathname}/grid.png`);
    fs.writeFileSync(path.join(DOCS, 'chat-picture.png'), await picture!.buffer());
    console.log('wrote docs/commune-phone.png, docs/commune-laptop.png, docs/chat-picture.png');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Polls `check` until it gives a value (truthy), or fails after `ms`. */
async function waitFor<T>(check: () => Promise<T | null | false>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting for the server');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
