import type TwilioSdk from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { Person } from '../../core/domain/people';
import { maskPhone } from '../../core/domain/phone';
import { silentLogger, type Logger } from '../../core/logger';
import { TransientSendError, type MessageSender, type SenderResult } from '../../core/outbound/port';

export interface TwilioSenderOptions {
  /** `TWILIO_ACCOUNT_SID`. */
  accountSid: string;
  /** `TWILIO_AUTH_TOKEN`. */
  authToken: string;
  /** `TWILIO_FROM`; one of `from` and `messagingServiceSid` is required (the service wins when both are set). */
  from?: string;
  /** `TWILIO_MESSAGING_SERVICE_SID`. */
  messagingServiceSid?: string;
  /** `PUBLIC_URL`: when set, Twilio posts delivery statuses to `<PUBLIC_URL>/sms/status`. */
  publicUrl?: string;
  /** `TWILIO_API_BASE_URL`: another host for the REST API (a fake Twilio in tests, a proxy). */
  apiBaseUrl?: string;
  /** Per request; a timeout is not retried because Twilio may have accepted the message. */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * The SDK's REST client (axios, jsonwebtoken, every API's generated classes:
 * ~16 MB of RSS), loaded when the first sender is made, so a Loa that only
 * answers webhooks (TwiML replies) never holds it.
 */
function sdk(): typeof TwilioSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('twilio') as typeof TwilioSdk;
}

export class TwilioSenderConfigError extends Error {
  override readonly name = 'TwilioSenderConfigError';
  constructor(readonly missing: string) {
    super(`Twilio sender needs ${missing}`);
  }
}

/** Twilio error codes that mean "this recipient cannot be reached", not "try later". */
const BLOCKED_CODES = new Set([21610]); // the recipient replied STOP
const INVALID_RECIPIENT_CODES = new Set([21211, 21214, 21408, 21612, 21614]);
/** Network errors raised before the request could reach Twilio: safe to retry. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The `sms` door through Twilio's Messages API, with the real SDK. Twilio's
 * REST API has no idempotency key of its own, so only failures that surely
 * did not create a message (HTTP 429/5xx, connection refused) are reported as
 * transient; the outbox makes sure we never call twice for one key otherwise.
 */
export function createTwilioSender(options: TwilioSenderOptions): MessageSender {
  if (!options.from && !options.messagingServiceSid) throw new TwilioSenderConfigError('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
  const log = (options.logger ?? silentLogger).child({ component: 'twilio-sender' });
  const client = sdk()(options.accountSid, options.authToken, {
    ...(options.apiBaseUrl ? { httpClient: createRebasingRequestClient(options.apiBaseUrl, options.timeoutMs) } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  const statusCallback = options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/sms/status` : undefined;

  return {
    channel: 'sms',
    canReach: (person: Person) => typeof person.phone === 'string' && person.phone.length > 0,
    async send(person, text): Promise<SenderResult> {
      if (!person.phone) return { ok: false, reason: 'invalid_recipient', detail: 'no phone number' };
      try {
        const message = await client.messages.create({
          to: person.phone,
          body: text,
          ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : { from: options.from as string }),
          ...(statusCallback ? { statusCallback } : {}),
        });
        return { ok: true, providerId: message.sid, status: message.status === 'sent' ? 'sent' : 'queued' };
      } catch (error) {
        return classify(error, person.phone, log);
      }
    },
  };
}

function classify(error: unknown, phone: string, log: Logger): SenderResult {
  const to = maskPhone(phone);
  if (error instanceof sdk().RestException) {
    if (error.status === 429 || error.status >= 500) {
      throw new TransientSendError(`Twilio answered ${error.status}${error.code ? ` (code ${error.code})` : ''}`);
    }
    const code = error.code ?? 0;
    log.warn({ to, status: error.status, code }, 'Twilio refused the message');
    if (BLOCKED_CODES.has(code)) return { ok: false, reason: 'blocked', detail: `Twilio code ${code}` };
    if (INVALID_RECIPIENT_CODES.has(code)) return { ok: false, reason: 'invalid_recipient', detail: `Twilio code ${code}` };
    return { ok: false, reason: 'failed', detail: `Twilio answered ${error.status}${code ? ` (code ${code})` : ''}` };
  }
  const code = networkCode(error);
  if (code && NOT_SENT_CODES.has(code)) throw new TransientSendError(`Twilio unreachable (${code})`);
  // Timeouts and resets: Twilio may have accepted it, so no retry.
  log.error({ to, code, err: error }, 'Twilio request ended without a clear answer');
  return { ok: false, reason: 'failed', detail: `outcome unknown (${code ?? 'error'}); not retried` };
}

function networkCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The SDK builds absolute `https://<product>.twilio.com/...` URLs; this
 * client swaps the origin for `baseUrl` (keeping the path), which is how
 * Twilio suggests pointing the SDK at a mock or a proxy.
 */
export function createRebasingRequestClient(baseUrl: string, timeoutMs?: number): RequestClient {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Base = require('twilio/lib/base/RequestClient') as typeof RequestClient;
  class RebasingRequestClient extends Base {
    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      const target = new URL(opts.uri);
      if (target.hostname === 'twilio.com' || target.hostname.endsWith('.twilio.com')) {
        target.protocol = base.protocol;
        target.host = base.host;
        target.pathname = prefix + target.pathname;
      }
      return super.request({ ...opts, uri: target.href });
    }
  }
  return new RebasingRequestClient(timeoutMs ? { timeout: timeoutMs } : {});
}
