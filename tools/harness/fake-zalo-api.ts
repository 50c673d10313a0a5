import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Zalo Bot API on loopback, shaped like the platform's docs:
 * `POST /bot<TOKEN>/<method>` with a JSON body, answers `{ok, result}` or
 * `{ok:false, error_code, description}`; getUpdates hands out one update per
 * call and answers 408 when none came within its (shortened) wait.
 */
export interface FakeZaloCall {
  method: string;
  body: Record<string, unknown>;
  failed: boolean;
}

export interface FakeZaloFailure {
  error_code: number;
  description: string;
}

export interface FakeZaloApi {
  /** Base URL for `ZALO_API_ROOT`. */
  readonly root: string;
  readonly token: string;
  readonly calls: FakeZaloCall[];
  /** Updates getUpdates will hand out, one per call. */
  readonly pendingUpdates: unknown[];
  /** The next call of `method` (to `chatId`, if given) fails. */
  failNext(method: string, failure: FakeZaloFailure, chatId?: string): void;
  /** Texts sent with sendMessage, optionally to one chat. */
  texts(chatId?: string): string[];
  /** The webhook last registered with setWebhook. */
  webhook(): { url: string; secret_token: string } | null;
  close(): Promise<void>;
}

export const FAKE_ZALO_TOKEN = '1234567890:fake-zalo-token';

export async function startFakeZaloApi(options: { token?: string; pollWaitMs?: number } = {}): Promise<FakeZaloApi> {
  const token = options.token ?? FAKE_ZALO_TOKEN;
  const pollWaitMs = options.pollWaitMs ?? 50;
  const calls: FakeZaloCall[] = [];
  const pendingUpdates: unknown[] = [];
  const failures: Array<{ method: string; chatId?: string; failure: FakeZaloFailure }> = [];
  let webhook: { url: string; secret_token: string } | null = null;
  let nextId = 1;

  const answer = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
        if (match[1] !== token) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
        const method = match[2]!;
        let body: Record<string, unknown> = {};
        try {
          body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
        } catch {
          return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
        }
        const index = failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === body.chat_id));
        if (index >= 0) {
          const { failure } = failures.splice(index, 1)[0]!;
          calls.push({ method, body, failed: true });
          return answer(res, 200, { ok: false, ...failure });
        }
        calls.push({ method, body, failed: false });
        switch (method) {
          case 'getMe':
            return answer(res, 200, { ok: true, result: { id: '1459232241454765289', account_name: 'bot.LoaTest', account_type: 'BASIC', can_join_groups: false } });
          case 'getUpdates': {
            const deadline = Date.now() + pollWaitMs;
            while (pendingUpdates.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
            const update = pendingUpdates.shift();
            if (update === undefined) return answer(res, 200, { ok: false, error_code: 408, description: 'Request timeout' });
            return answer(res, 200, { ok: true, result: update });
          }
          case 'setWebhook':
            webhook = { url: String(body.url), secret_token: String(body.secret_token) };
            return answer(res, 200, { ok: true, result: { url: webhook.url, updated_at: Date.now() } });
          case 'deleteWebhook':
            webhook = null;
            return answer(res, 200, { ok: true, result: { url: '', updated_at: Date.now() } });
          case 'getWebhookInfo':
            return answer(res, 200, { ok: true, result: { url: webhook?.url ?? '', updated_at: Date.now() } });
          case 'sendMessage':
          case 'sendPhoto': {
            const text = String(body.text ?? body.caption ?? '');
            if (typeof body.chat_id !== 'string' || (method === 'sendMessage' && (text.length < 1 || text.length > 2000))) {
              calls[calls.length - 1]!.failed = true;
              return answer(res, 200, { ok: false, error_code: 400, description: 'Bad Request' });
            }
            return answer(res, 200, { ok: true, result: { message_id: `sent${nextId++}`, date: Date.now() } });
          }
          case 'sendChatAction':
            return answer(res, 200, { ok: true });
          default:
            return answer(res, 404, { ok: false, error_code: 404, description: `Unknown method ${method}` });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    root: `http://127.0.0.1:${port}`,
    token,
    calls,
    pendingUpdates,
    failNext(method, failure, chatId) {
      failures.push({ method, failure, ...(chatId === undefined ? {} : { chatId }) });
    },
    texts(chatId) {
      return calls.filter((c) => c.method === 'sendMessage' && !c.failed && (chatId === undefined || c.body.chat_id === chatId)).map((c) => String(c.body.text));
    },
    webhook: () => webhook,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let messageCounter = 0;

/** A text message update the way the platform posts it. */
export function zaloTextUpdate(userId: string, text: string, options: { messageId?: string; chatType?: 'PRIVATE' | 'GROUP'; chatId?: string; date?: number } = {}) {
  messageCounter += 1;
  return {
    event_name: 'message.text.received',
    message: {
      message_id: options.messageId ?? `m${process.pid}x${messageCounter}`,
      from: { id: userId, display_name: 'Người dùng Zalo', is_bot: false },
      chat: { id: options.chatId ?? userId, chat_type: options.chatType ?? 'PRIVATE' },
      date: options.date ?? Date.parse('2026-11-20T03:00:00Z'),
      text,
    },
  };
}
