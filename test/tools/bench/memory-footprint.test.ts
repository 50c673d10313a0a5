import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * RSS after the load bench (issue 23: 166 MB, target < 150): a third of a
 * webhook-only Loa's code was the Twilio SDK's REST client (axios,
 * jsonwebtoken, every API's classes, ~16 MB), loaded by its index for a
 * signature check and a TwiML reply. Asked of a fresh Node process, since
 * jest keeps its own module registry.
 */
const ROOT = path.resolve(__dirname, '../../..');

function twilioModulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('/node_modules/twilio/')).map((k) => k.split('/node_modules/twilio/')[1])));`;
  return JSON.parse(execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
}

describe('what a webhook-only Loa holds in memory', () => {
  it('loads the Twilio webhook check and TwiML builder from the composition root, never the SDK index or its REST client', () => {
    const loaded = twilioModulesLoadedBy(path.join(ROOT, 'app/runtime.ts'));
    expect(loaded).toContain('lib/webhooks/webhooks.js');
    expect(loaded).not.toContain('lib/index.js');
    expect(loaded.filter((m) => m.startsWith('lib/base/') || m.startsWith('lib/rest/'))).toEqual([]);
  }, 60_000);

  it('loads no module a request of the load bench never uses: the pretty log printer (JSON logs), the upload parser, the office, chart and MongoDB libraries', () => {
    // What app/main.ts loads before it listens: the composition root and the log stream, asked for JSON lines as in a container.
    const script = `require(${JSON.stringify(path.join(ROOT, 'app/runtime.ts'))}); require(${JSON.stringify(path.join(ROOT, 'app/logger-stream.ts'))}).logStream({ isTTY: false }, undefined);
      const pkg = (file) => { const rest = file.split('/node_modules/')[1]; return rest === undefined ? null : rest.split('/').slice(0, rest.startsWith('@') ? 2 : 1).join('/'); };
      process.stdout.write(JSON.stringify([...new Set(Object.keys(require.cache).map((k) => pkg(k.split('/node_modules/').slice(-2).join('/node_modules/'))).filter(Boolean))]));`;
    const packages = JSON.parse(execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
    expect(packages).toContain('express');
    expect(packages.filter((p) => ['pino-pretty', 'multer', 'busboy', 'exceljs', 'docx', 'echarts', '@resvg/resvg-js', 'mongodb', 'puppeteer-core'].includes(p))).toEqual([]);
  }, 60_000);
});

