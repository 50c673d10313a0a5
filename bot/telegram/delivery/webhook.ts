import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { webhookCallback, type Bot, type Context } from 'grammy';
import { isAbsurdEpoch } from '../../../core/door-time';
import { ALLOWED_UPDATES } from '../create-bot';

export const TELEGRAM_WEBHOOK_PATH = '/telegram';
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** How long a request waits for the bot's `getMe` when Telegram was unreachable at start (grammY alone retries for an hour). */
export const TELEGRAM_INIT_TIMEOUT_MS = 5_000;

/**
 * Mounts `POST /telegram`. The secret (`X-Telegram-Bot-Api-Secret-Token`) is
 * compared in constant time before the body is read: a stranger's megabyte is
 * never parsed. Then the body must be one update (415 otherwise), with a
 * `date` that can be an instant (400 otherwise, never a 500 redelivered
 * forever). A bot that could not reach Telegram at start answers 503 within
 * {@link TELEGRAM_INIT_TIMEOUT_MS} instead of hanging.
 */
export function mountTelegramWebhook<C extends Context>(
  app: Express,
  bot: Bot<C>,
  options: { secretToken: string; path?: string; initTimeoutMs?: number },
): void {
  if (!options.secretToken) throw new Error('mountTelegramWebhook needs a secret token');
  const secretFirst: RequestHandler = (req, res, next) => {
    if (sameSecret(req.get(TELEGRAM_SECRET_HEADER), options.secretToken)) return next();
    res.status(401).type('text/plain').send('Unauthorized');
  };
  const oneUpdate: RequestHandler = (req, res, next) => {
    // Telegram always posts a JSON object; anything else would reach grammY as an undefined update (a 500).
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return void res.status(415).type('text/plain').send('Expected a JSON update (Content-Type: application/json)');
    }
    const message = (body as { message?: { date?: unknown } }).message;
    if (message && isAbsurdEpoch(message.date, 1000)) return void res.status(400).type('text/plain').send('Bad request');
    next();
  };
  const ready: RequestHandler = (_req, res, next) => {
    if (bot.isInited()) return next();
    initWithin(bot, options.initTimeoutMs ?? TELEGRAM_INIT_TIMEOUT_MS).then(
      () => next(),
      () => void res.status(503).set('Retry-After', '30').type('text/plain').send('Telegram API unreachable, retry later'),
    );
  };
  app.post(
    options.path ?? TELEGRAM_WEBHOOK_PATH,
    secretFirst,
    express.json({ limit: '1mb' }),
    oneUpdate,
    ready,
    webhookCallback(bot, 'express', { secretToken: options.secretToken }),
  );
}

/** `bot.init()` (getMe), given up after `ms` whatever grammY's own retries would do. */
function initWithin<C extends Context>(bot: Bot<C>, ms: number): Promise<void> {
  const signal = AbortSignal.timeout(ms);
  const timedOut = new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('getMe timed out')), { once: true }));
  return Promise.race([bot.init(signal as unknown as Parameters<typeof bot.init>[0]), timedOut]);
}

/**
 * `TELEGRAM_WEBHOOK_SECRET` when set; otherwise a random one for this run
 * (registered with Telegram by {@link setTelegramWebhook}, so it still matches).
 */
export function webhookSecret(configured?: string): string {
  return configured ?? randomBytes(32).toString('base64url');
}

/** Tells Telegram where to deliver updates (call at start, after mounting). */
export async function setTelegramWebhook<C extends Context>(bot: Bot<C>, url: string, secretToken: string): Promise<void> {
  await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
