import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../app/config';
import { buildRuntime } from '../../app/runtime';
import { createLogger } from '../../adapters/log/pino-logger';
import { HTTP_TIMEOUTS } from '../../app/http/listen';
import { CapturedLog } from '../../tools/harness/loa-under-test';

/** `npm start` as compose builds it: one HTTP server, on a fresh data folder. */
async function startLoa(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-start-'));
  const log = new CapturedLog();
  const loa = await buildRuntime(parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env }), 'test', { logger: createLogger('info', log) });
  await loa.start();
  return {
    loa,
    log,
    async stop() {
      await loa.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the server npm start runs', () => {
  it('has the request, header and keep-alive timeouts of app/http/listen.ts, not Node’s 300 s default', async () => {
    const run = await startLoa({});
    const server = run.loa.server!;
    expect([server.requestTimeout, server.headersTimeout, server.keepAliveTimeout]).toEqual([HTTP_TIMEOUTS.requestMs, HTTP_TIMEOUTS.headersMs, HTTP_TIMEOUTS.keepAliveMs]);
    await run.stop();
  });

  it('names the demo phone in its start-up hint only while the demo roster is in use', async () => {
    const demo = await startLoa({});
    expect(demo.log.text()).toContain('npm run chat -- --as 0905000101');
    await demo.stop();
    const real = await startLoa({ LOA_DEMO_DATA: 'false' });
    expect(real.log.text()).not.toContain('0905000101');
    expect(real.log.text()).toContain('npm run chat -- --as <a phone on your roster>');
    await real.stop();
  });

  it('warns at start that SMS_RATE_LIMIT_PER_MINUTE is deprecated, and still limits every door by it', async () => {
    const run = await startLoa({ SMS_RATE_LIMIT_PER_MINUTE: '4' });
    expect(run.log.text()).toContain('SMS_RATE_LIMIT_PER_MINUTE is deprecated');
    expect(run.loa.core.settings.messagesPerMinute).toBe(4);
    await run.stop();
    const current = await startLoa({ LOA_MESSAGES_PER_MINUTE: '4' });
    expect(current.log.text()).not.toContain('deprecated');
    await current.stop();
  });
});
