import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FailureMode = 'reset' | 'timeout' | '4xx' | '5xx';
export const FAILURE_MODES: FailureMode[] = ['reset', 'timeout', '4xx', '5xx'];

/**
 * A provider API on loopback that fails in the chosen way. The 4xx and 5xx
 * answers echo the whole request (headers, URL, body), as a careless provider
 * or proxy might: whatever a sender logs of them must still be clean.
 * `getMe` always answers, so a Telegram bot can start.
 */
export async function startFailingProvider(): Promise<{ url: string; mode: FailureMode; requests: number; close(): Promise<void> }> {
  const state = { url: '', mode: 'reset' as FailureMode, requests: 0, close: async () => {} };
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      if ((req.url ?? '').endsWith('/getMe')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: { id: 1, is_bot: true, first_name: 'Loa', username: 'loa_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } }));
        return;
      }
      if (state.mode === 'reset') return void req.socket.destroy();
      if (state.mode === 'timeout') return void hanging.add(res);
      const status = state.mode === '4xx' ? 400 : 500;
      const echo = `bad request ${req.url} ${JSON.stringify(req.headers)} ${body}`;
      res.writeHead(status, { 'content-type': 'application/json', 'twilio-request-id': 'RQ0123', 'x-request-id': 'req-42' });
      res.end(JSON.stringify({ ok: false, error_code: status, description: echo, code: 21211, message: echo, status, more_info: `https://example.org/err?to=${encodeURIComponent(body)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
