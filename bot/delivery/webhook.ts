import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Express } from 'express';
import { webhookCallback, type Bot, type Context } from 'grammy';
import { ALLOWED_UPDATES } from '../create-bot';

export const TELEGRAM_WEBHOOK_PATH = '/telegram';

/**
 * Mounts `POST /telegram`. grammY compares `X-Telegram-Bot-Api-Secret-Token`
 * in constant time and answers 401 without touching the update when it is
 * wrong or missing; the secret is therefore mandatory here.
 */
export function mountTelegramWebhook<C extends Context>(
  app: Express,
  bot: Bot<C>,
  options: { secretToken: string; path?: string },
): void {
  if (!options.secretToken) throw new Error('mountTelegramWebhook needs a secret token');
  app.post(
    options.path ?? TELEGRAM_WEBHOOK_PATH,
    express.json({ limit: '1mb' }),
    (req, res, next) => {
      // Telegram always posts a JSON object; anything else would reach grammY as an undefined update (a 500).
      // A request without the right secret goes on to grammY, which answers 401 without reading it.
      const body: unknown = req.body;
      const isUpdate = body !== null && typeof body === 'object' && !Array.isArray(body);
      if (isUpdate || !sameSecret(req.get('x-telegram-bot-api-secret-token'), options.secretToken)) return next();
      res.status(415).type('text/plain').send('Expected a JSON update (Content-Type: application/json)');
    },
    webhookCallback(bot, 'express', { secretToken: options.secretToken }),
  );
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
