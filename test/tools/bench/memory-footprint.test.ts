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
});
