import { createHash } from 'node:crypto';
import type { Person } from '../../core/domain/people';
import { maskPhone } from '../../core/domain/phone';
import { silentLogger, type Logger } from '../../core/logger';
import { scrubText } from '../../core/safe-error';
import { TransientSendError, type MessageSender, type SenderResult } from '../../core/outbound/port';

export interface AndroidGatewaySenderDeps {
  /**
   * `ANDROID_GATEWAY_URL`: the API base the app documents, without `/message`:
   * `http://<phone-ip>:8080` (Local mode), `https://api.sms-gate.app/3rdparty/v1`
   * (Cloud mode) or your private server's `/3rdparty/v1`.
   */
  baseUrl: string;
  /** `ANDROID_GATEWAY_USERNAME` / `ANDROID_GATEWAY_PASSWORD`: the credentials on the app's Home tab. */
  username: string;
  password: string;
  /** Give up on a silent gateway after this long (the retry reuses the same message id, see below). */
  timeoutMs?: number;
  /** A reply older than this is useless: the app drops it and reports `sms:failed`. */
  ttlSeconds?: number;
  /** SIM slot (1-based) to send from on dual-SIM phones; the app's default otherwise. */
  simNumber?: number;
  fetch?: typeof fetch;
  logger?: Logger;
}

export class AndroidGatewayConfigError extends Error {
  override readonly name = 'AndroidGatewayConfigError';
  constructor(readonly missing: string) {
    super(`Android gateway sender needs ${missing}`);
  }
}

/**
 * The gateway message id for one logical message: derived from the outbox's
 * idempotency key, so a retry after a lost answer carries the same id and the
 * app refuses it as a duplicate (409) instead of texting twice. 21 URL-safe
 * characters, the shape of the app's own ids.
 */
export function gatewayMessageId(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 21);
}

/**
 * The `android` door: `POST <baseUrl>/message` with Basic auth, the REST API
 * of SMS Gateway for Android (no client library: one call, plain fetch).
 * 429, 5xx and network failures throw {@link TransientSendError} so the
 * outbox retries; other refusals are permanent results.
 */
export function createAndroidGatewaySender(deps: AndroidGatewaySenderDeps): MessageSender {
  if (!deps.baseUrl) throw new AndroidGatewayConfigError('ANDROID_GATEWAY_URL');
  if (!deps.username || !deps.password) throw new AndroidGatewayConfigError('ANDROID_GATEWAY_USERNAME and ANDROID_GATEWAY_PASSWORD');
  const url = `${deps.baseUrl.replace(/\/+$/, '')}/message`;
  const authorization = 'Basic ' + Buffer.from(`${deps.username}:${deps.password}`).toString('base64');
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const log = (deps.logger ?? silentLogger).child({ component: 'android-sender' });

  return {
    channel: 'android',
    canReach: (person: Person) => typeof person.phone === 'string' && person.phone.length > 0,
    async send(person, text, idempotencyKey): Promise<SenderResult> {
      if (!person.phone) return { ok: false, reason: 'invalid_recipient', detail: 'no phone number' };
      const id = gatewayMessageId(idempotencyKey);
      const body = {
        id,
        // `message` is understood by every app version (newer ones also take `textMessage`).
        message: text,
        phoneNumbers: [person.phone],
        withDeliveryReport: true,
        ...(deps.ttlSeconds !== undefined ? { ttl: deps.ttlSeconds } : {}),
        ...(deps.simNumber !== undefined ? { simNumber: deps.simNumber } : {}),
      };
      let response: globalThis.Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'loa (android-gateway-sender)' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        // Refused, unreachable or timed out: retried with the same id, so an accepted first try comes back as 409.
        throw new TransientSendError(`Android gateway unreachable (${networkCode(error)})`);
      }
      const to = maskPhone(person.phone);
      const answer = await readJson(response);
      if (response.ok) {
        const providerId = typeof answer?.id === 'string' && answer.id.length > 0 ? answer.id : id;
        return { ok: true, providerId, status: 'queued' };
      }
      if (response.status === 409) {
        log.info({ to, id }, 'gateway already has this message id: a previous attempt was accepted');
        return { ok: true, providerId: id, status: 'queued' };
      }
      if (response.status === 429 || response.status >= 500) {
        throw new TransientSendError(`Android gateway answered ${response.status}`, retryAfterMs(response));
      }
      const detail = `Android gateway answered ${response.status}${typeof answer?.message === 'string' ? `: ${scrubText(answer.message, 120)}` : ''}`;
      if (response.status === 401 || response.status === 403) {
        log.error({ status: response.status }, 'Android gateway refused our credentials: check ANDROID_GATEWAY_USERNAME/PASSWORD');
        return { ok: false, reason: 'failed', detail };
      }
      log.warn({ to, status: response.status }, 'Android gateway refused the message');
      if (response.status === 400 && /phone/i.test(detail)) return { ok: false, reason: 'invalid_recipient', detail };
      return { ok: false, reason: 'failed', detail };
    },
  };
}

async function readJson(response: globalThis.Response): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = await response.json();
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function retryAfterMs(response: globalThis.Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function networkCode(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'error';
}
