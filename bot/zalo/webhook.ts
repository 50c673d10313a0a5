import { timingSafeEqual, createHash } from 'node:crypto';
import express, { type Express } from 'express';
import type { Logger } from '../../core/logger';
import { isAbsurdEpoch } from '../../core/door-time';
import { unwrapUpdate } from './api-client';
import type { ZaloDoor } from './zalo-door';

export const ZALO_WEBHOOK_PATH = '/zalo';
export const ZALO_SECRET_HEADER = 'x-bot-api-secret-token';

/** Compared as digests, so neither the length nor the content of the secret leaks through timing. */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface ZaloWebhookOptions {
  door: ZaloDoor;
  /** `ZALO_WEBHOOK_SECRET`, as given to setWebhook. */
  secret: string;
  logger: Logger;
  path?: string;
}

/**
 * `POST /zalo`. A missing or wrong `X-Bot-Api-Secret-Token` is 401 before the
 * body is read. The answer is 200 only after the core stored the message and
 * the reply left; anything that failed is 500 so the platform delivers again,
 * and the core's exactly-once rules make the second delivery safe.
 */
export function mountZaloWebhook(app: Express, options: ZaloWebhookOptions): void {
  const log = options.logger.child({ component: 'zalo-webhook' });
  const path = options.path ?? ZALO_WEBHOOK_PATH;
  app.post(
    path,
    (req, res, next) => {
      const header = req.headers[ZALO_SECRET_HEADER];
      if (!secretMatches(typeof header === 'string' ? header : undefined, options.secret)) {
        log.warn({ hasHeader: header !== undefined }, 'zalo webhook with a wrong or missing secret refused');
        res.status(401).type('text/plain').send('Unauthorized');
        return;
      }
      next();
    },
    express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }),
    async (req, res) => {
      if (isAbsurdEpoch(rawMessageDate(req.body), 1)) {
        // 1e20, 1e400 (Infinity): no instant at all. Refused as the client's error, never a 500 redelivered forever.
        log.warn({ dateType: typeof rawMessageDate(req.body) }, 'zalo update with an impossible date refused');
        res.status(400).type('text/plain').send('Bad request');
        return;
      }
      const update = unwrapUpdate(req.body);
      if (!update) {
        // Acknowledged: a body we cannot read will not become readable on a retry.
        log.warn('zalo webhook body is not an update; ignored');
        res.status(200).json({ ok: true });
        return;
      }
      try {
        const outcome = await options.door.handleUpdate(update);
        res.status(200).json({ ok: true, handled: outcome.handled });
      } catch (error) {
        log.error({ err: error }, 'zalo update failed; answering 500 so it is delivered again');
        res.status(500).type('text/plain').send('Temporarily unavailable');
      }
    },
  );
}

/** `message.date` of a posted update, bare or wrapped as `{ok, result}`, before any schema reads it. */
function rawMessageDate(body: unknown): unknown {
  const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
  return field(field(body, 'message') ?? field(field(body, 'result'), 'message'), 'date');
}
