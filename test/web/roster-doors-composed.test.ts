import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parseConfig } from '../../app/config';
import { buildRuntime, type ServerRuntime as Loa } from '../../app/runtime';
import { silentLogger } from '../../core/logger';
import { WebSessions } from '../../web/sessions';

const UNREACHABLE = 'chưa liên lạc được (chưa bật kênh nào tới người này)';

/** Loa as `npm start` builds it on the demo roster (phones only), with the given doors' settings; never started, so no door goes online. */
async function roster(env: Record<string, string>): Promise<{ doors: Set<string>; loa: Loa; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-doors-'));
  const loa = await buildRuntime(parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env }), 'test', { logger: silentLogger });
  const { token } = await new WebSessions(loa.storage.doors.webSessions, loa.core.repos.people, 3_600_000).create('cb-ke-sat', loa.core.clock.now());
  const page = await request(loa.app).get('/web/place/ke-sat/roster').set('Cookie', `loa_session=${token}`).expect(200);
  const doors = new Set([...page.text.matchAll(/<td data-label="Liên lạc qua">([^<]*)<\/td>/g)].map((m) => m[1]!));
  return { doors, loa, dataDir };
}

async function done(run: { loa: Loa; dataDir: string }): Promise<void> {
  await run.loa.close();
  fs.rmSync(run.dataDir, { recursive: true, force: true });
}

describe('the roster page told by the composition root which doors send', () => {
  it('marks the demo roster\'s phone-only people as not reachable while no SMS door sends (Telegram on)', async () => {
    const run = await roster({ TELEGRAM_BOT_TOKEN: '123456:test-token' });
    expect(run.doors).toEqual(new Set([UNREACHABLE]));
    await done(run);
  });

  it('says SMS for the same people once the Android gateway can send', async () => {
    const run = await roster({ ANDROID_GATEWAY_URL: 'http://127.0.0.1:9', ANDROID_GATEWAY_USERNAME: 'u', ANDROID_GATEWAY_PASSWORD: 'p' });
    expect(run.doors).toEqual(new Set(['SMS']));
    await done(run);
  });
});
