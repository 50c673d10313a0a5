import net from 'node:net';
import express from 'express';
import { createLogger } from '../../adapters/log/pino-logger';
import { listenHttp, type RunningHttpServer } from '../../app/http/listen';
import { CapturedLog } from '../../tools/harness/loa-under-test';
import { parseConfig } from '../../app/config';

/**
 * Issue 20 item 7: ~15,000 open sockets from two clients slowed /healthz to
 * 2.5 s. One address may hold `LOA_MAX_CONNECTIONS_PER_ADDRESS` sockets; the
 * next is closed at once, and a socket closed frees a place.
 */
jest.setTimeout(30_000);

let running: RunningHttpServer;
const log = new CapturedLog();
const sockets: net.Socket[] = [];

beforeAll(async () => {
  const app = express();
  app.get('/healthz', (_req, res) => void res.send('ok'));
  running = await listenHttp(app, { port: 0, host: '127.0.0.1', logger: createLogger('info', log), maxConnectionsPerAddress: 5 });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await running.close(100);
});

/** Opens a socket and resolves whether the server kept it open for 150 ms. */
function openSocket(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(running.port, '127.0.0.1');
    sockets.push(socket);
    let closed = false;
    socket.on('close', () => (closed = true));
    socket.on('error', () => (closed = true));
    socket.on('connect', () => setTimeout(() => resolve(!closed), 150));
  });
}

async function healthz(): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${running.port}/healthz`).catch(() => null);
  return res?.status ?? 0;
}

describe('the per-address connection cap', () => {
  it('keeps 5 idle sockets of one address, closes the 6th and 7th, and logs it once', async () => {
    const kept: boolean[] = [];
    for (let i = 0; i < 7; i++) kept.push(await openSocket());
    expect(kept).toEqual([true, true, true, true, true, false, false]);
    expect(await healthz()).toBe(0);
    expect(log.text().match(/LOA_MAX_CONNECTIONS_PER_ADDRESS/g)).toHaveLength(1);
  });

  it('gives the place back when a socket closes: /healthz answers again', async () => {
    sockets[0]!.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(await healthz()).toBe(200);
  });

  it('is a setting, 256 by default and 0 for none', () => {
    expect(parseConfig({}).LOA_MAX_CONNECTIONS_PER_ADDRESS).toBe(256);
    expect(parseConfig({ LOA_MAX_CONNECTIONS_PER_ADDRESS: '0' }).LOA_MAX_CONNECTIONS_PER_ADDRESS).toBe(0);
  });
});
