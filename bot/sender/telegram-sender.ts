import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import type { Person } from '../../core/domain/people';
import { systemClock, type Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import { TransientSendError, type MessageSender, type SenderResult } from '../../core/outbound/port';
import type { ReplyAttachment } from '../../core/reply';
import { splitMessage } from '../reply-text';
import { isTelegramBlocked, type BlockMarker } from '../people-port';
import { realTime, SendRateLimiter, TELEGRAM_LIMITS, type LimiterTime, type RateLimits } from './rate-limiter';

export interface TelegramSenderDeps {
  /** A plain `Api` (not one with auto-retry installed: this sender handles 429 itself). */
  api: Api;
  people: BlockMarker;
  logger: Logger;
  clock?: Clock;
  limits?: RateLimits;
  /** Injected so tests can run a broadcast with fake time. */
  time?: LimiterTime;
  /** A 429 asking to wait at most this long is waited out here; a longer one goes back to the outbox. Default 60 s. */
  maxInternalWaitMs?: number;
  /** Attempts per API call, counting the first. Default 4. */
  maxAttempts?: number;
}

/**
 * The outbound door for Telegram (summaries, reminders, replies the outbox
 * sends on its own). Idempotency across restarts is the outbox's job (it keys
 * by `idempotencyKey` before calling us); here we only make sure Telegram's
 * flood limits are respected and a blocked user is recorded, not retried.
 */
export function createTelegramSender(deps: TelegramSenderDeps): MessageSender {
  const clock = deps.clock ?? systemClock;
  const time = deps.time ?? realTime;
  const limiter = new SendRateLimiter(deps.limits ?? TELEGRAM_LIMITS, time);
  const maxWait = deps.maxInternalWaitMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? 4;

  async function call<T>(chatId: number, op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await limiter.acquire(chatId);
      try {
        return await op();
      } catch (error) {
        const retryAfterMs = retryAfterOf(error);
        if (retryAfterMs === undefined) throw error;
        limiter.pause(retryAfterMs);
        deps.logger.warn({ chatId, retryAfterMs, attempt }, 'telegram flood control, waiting');
        if (retryAfterMs > maxWait || attempt >= maxAttempts) {
          throw new TransientSendError('telegram 429 Too Many Requests', retryAfterMs);
        }
      }
    }
  }

  return {
    channel: 'telegram',
    canReach: (person) => person.telegramId !== undefined && !isTelegramBlocked(person),
    async send(person: Person, text: string, idempotencyKey: string, attachment?: ReplyAttachment): Promise<SenderResult> {
      const chatId = person.telegramId;
      const log = deps.logger.child({ personId: person._id, idempotencyKey });
      if (chatId === undefined) return { ok: false, reason: 'invalid_recipient', detail: 'no telegram id' };
      try {
        let providerId: string | undefined;
        for (const chunk of splitMessage(text)) {
          const sent = await call(chatId, () => deps.api.sendMessage(chatId, chunk));
          providerId = String(sent.message_id);
        }
        if (attachment) {
          const doc = new InputFile(attachment.content, attachment.filename);
          const sent = await call(chatId, () => deps.api.sendDocument(chatId, doc));
          providerId = String(sent.message_id);
        }
        return providerId === undefined ? { ok: true, status: 'sent' } : { ok: true, status: 'sent', providerId };
      } catch (error) {
        if (error instanceof TransientSendError) throw error;
        if (error instanceof GrammyError) {
          if (error.error_code === 403) {
            await deps.people.setFields(person._id, { telegramBlockedAt: clock.now().toISOString() });
            log.info({ description: error.description }, 'telegram user blocked the bot; marked');
            return { ok: false, reason: 'blocked', detail: error.description };
          }
          if (error.error_code === 400 && /chat not found|user not found/i.test(error.description)) {
            return { ok: false, reason: 'invalid_recipient', detail: error.description };
          }
          if (error.error_code >= 500) throw new TransientSendError(`telegram ${error.error_code}: ${error.description}`);
          return { ok: false, reason: 'failed', detail: `${error.error_code}: ${error.description}` };
        }
        if (error instanceof HttpError) throw new TransientSendError(`telegram network error: ${error.message}`);
        throw error;
      }
    },
  };
}

function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof GrammyError) || error.error_code !== 429) return undefined;
  const seconds = error.parameters.retry_after ?? 1;
  return seconds * 1000;
}
