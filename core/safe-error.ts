/**
 * Errors from outside clients (the Twilio SDK's axios errors, fetch's, grammY's)
 * carry the whole request: `Authorization` headers, the form with the message
 * body and the number, URLs with a bot token in the path. Logging them as they
 * are leaks all of it, so every logged error is reduced to this shape first
 * (pino's `err` serializer does it for every log line).
 */
export interface SafeError {
  type: string;
  message: string;
  /** A network or provider error code (`ECONNRESET`, Twilio's 21211). */
  code?: string | number;
  /** The HTTP status the provider answered, when it answered. */
  status?: number;
  /** The provider's id of the failed request, for its support desk. */
  providerRequestId?: string;
  /** Our own frames, scrubbed like the message (it repeats it on its first line). */
  stack?: string;
  cause?: SafeError;
}

/** Phone-like digit runs: `+84905000201`, `84905000201`, `0905000201`, `0905 000 201`, URL-encoded `%2B84…`. */
const PHONE = /(?:%2B|\+)?(?<![\d])(?:84|0)(?:[\s.-]?\d){8,10}(?!\d)/gi;
/** A bot token in a URL path (`/bot123:ABC/`, Zalo's `/bot<token>/`). */
const BOT_PATH = /\/bot[^/\s?#]+/gi;
/** `?query` and `#fragment` of URLs: Twilio puts nothing there, but proxies and Telegram file URLs may. */
const QUERY = /(https?:\/\/[^\s?#"']*)[?#][^\s"']*/gi;
/** `user:password@` in URLs. */
const USERINFO = /(https?:\/\/)[^\s/@"']+@/gi;
const AUTH_VALUE = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/gi;
/** Six-digit runs standing alone: a one-time code quoted in a provider's echo of the body. */
const CODE_LIKE = /(?<![\d])\d{6}(?![\d])/g;

/** Masks what must never reach a log from a free text (an error message, a stack). */
export function scrubText(text: string, maxLength = 500): string {
  const scrubbed = text
    .replace(USERINFO, '$1[redacted]@')
    .replace(QUERY, '$1?[redacted]')
    .replace(BOT_PATH, '/bot[redacted]')
    .replace(AUTH_VALUE, '$1 [redacted]')
    .replace(PHONE, (match) => {
      const digits = match.replace(/\D/g, '');
      return `${digits.slice(0, 3)}****${digits.slice(-3)}`;
    })
    .replace(CODE_LIKE, '[digits]');
  return scrubbed.length > maxLength ? `${scrubbed.slice(0, maxLength)}…` : scrubbed;
}

function pick(object: Record<string, unknown>, ...paths: string[][]): unknown {
  for (const path of paths) {
    let value: unknown = object;
    for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function headerOf(object: Record<string, unknown>, name: string): unknown {
  const headers = pick(object, ['response', 'headers'], ['headers']);
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') return (get as (n: string) => unknown).call(headers, name);
  return (headers as Record<string, unknown>)[name];
}

/** Reduces anything thrown to {@link SafeError}; never throws. */
export function safeError(error: unknown, depth = 0): SafeError {
  if (typeof error !== 'object' || error === null) return { type: typeof error, message: scrubText(String(error)) };
  const object = error as Record<string, unknown>;
  const type = error instanceof Error ? error.name || error.constructor.name : 'object';
  const safe: SafeError = { type, message: scrubText(typeof object['message'] === 'string' ? object['message'] : '') };
  const code = pick(object, ['code'], ['error_code'], ['errorCode']);
  if (typeof code === 'string' || typeof code === 'number') safe.code = typeof code === 'string' ? scrubText(code, 60) : code;
  const status = pick(object, ['status'], ['statusCode'], ['response', 'status']);
  if (typeof status === 'number') safe.status = status;
  const requestId = headerOf(object, 'twilio-request-id') ?? headerOf(object, 'x-request-id');
  if (typeof requestId === 'string') safe.providerRequestId = scrubText(requestId, 80);
  if (typeof object['stack'] === 'string') safe.stack = scrubText(object['stack'], 2_000);
  const cause = object['cause'];
  if (cause !== undefined && depth < 2) safe.cause = safeError(cause, depth + 1);
  return safe;
}
