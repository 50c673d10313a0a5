import pino from 'pino';
import type { Logger } from '../../core/logger';
import { safeError } from '../../core/safe-error';

/** Settings that are secrets: a superset of `SECRET_SETTINGS` in app/config.ts (an adapter reads no app config; test/app/secrets-redacted.test.ts keeps them in step). */
const SECRET_KEYS = [
  'TWILIO_AUTH_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'ZALO_BOT_TOKEN',
  'ZALO_WEBHOOK_SECRET',
  'ANDROID_GATEWAY_SIGNING_KEY',
  'ANDROID_GATEWAY_PASSWORD',
  'ANDROID_GATEWAY_USERNAME',
  'authToken',
  'token',
  'password',
  'secret',
  'secretToken',
  'signingKey',
  'authorization',
  'Authorization',
];
/** Message bodies and one-time codes, under the names our code and the providers' use. */
const BODY_KEYS = ['body', 'Body', 'text', 'message_text', 'oneTimeCode', 'otp', 'data'];

/**
 * Redacted at the top level, one level down and in request/response headers:
 * a line that logs a config object, a request or a provider answer by mistake
 * still carries none of them.
 */
export const REDACT_PATHS: string[] = [
  ...[...SECRET_KEYS, ...BODY_KEYS].flatMap((key) => [key, `*.${key}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-bot-api-secret-token"]',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.config.headers',
  '*.config.auth',
];

/**
 * One pino logger for the process; channels take a child per update/request.
 * Log `maskPhone(...)` and lengths, never raw text. As a second line of
 * defence: every `err` goes through {@link safeError} (no request, headers or
 * body of an outside client, phones masked, URL queries and bot tokens cut),
 * and the paths of {@link REDACT_PATHS} are censored.
 */
export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger & pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'loa' },
    serializers: { err: safeError, error: safeError },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
