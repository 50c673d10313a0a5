import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import type { Person } from '../../../core/domain/people';
import { systemClock, type Clock } from '../../../core/clock';
import type { Logger } from '../../../core/logger';
import { TransientSendError, type MessageSender, type SenderResult } from '../../../core/outbound/port';
import type { ReplyAttachment } from '../../../core/reply';
import { scrubText } from '../../../core/safe-error';
import { splitMessage } from '../../shared/reply-text';
import { isTelegramBlocked, TELEGRAM_DOOR, telegramChatId, type BlockMarker } from '../people-port';
import { realTime, SendRateLimiter, TELEGRAM_LIMITS, type LimiterTime, type RateLimits } from './rate-limiter';

export interface TelegramSenderDeps {
  /** A plain `Api` (not one with auto-retry installed: the outbox is the one retry layer). */
  api: Api;
  people: BlockMarker;
  logger: Logger;
  clock?: Clock;
  limits?: RateLimits;
  /** Injected so tests can run a broadcast with fake time. */
  time?: LimiterTime;
}

/**
 * The outbound door for Telegram (summaries, reminders, replies the outbox
 * sends on its own). Idempotency and retries are the outbox's job: each
 * attempt here makes at most one API call per part, and a 429 pauses every
 * send for its `retry_after` and goes back to the outbox as a transient error.
 * A long text goes out in parts; a retry resumes after the last part Telegram
 * took, so no part reaches the chat twice.
 */
export function createTelegramSender(deps: TelegramSenderDeps): MessageSender {
  const clock = deps.clock ?? systemClock;
  const limiter = new SendRateLimiter(deps.limits ?? TELEGRAM_LIMITS, deps.time ?? realTime);
  const progress = partsSent();

  async function call<T>(chatId: number, op: () => Promise<T>): Promise<T> {
    await limiter.acquire(chatId);
    try {
      return await op();
    } catch (error) {
      const retryAfterMs = retryAfterOf(error);
      if (retryAfterMs === undefined) throw error;
      limiter.pause(retryAfterMs);
      deps.logger.warn({ chatId, retryAfterMs }, 'telegram flood control, pausing sends');
      throw new TransientSendError('telegram 429 Too Many Requests', retryAfterMs);
    }
  }

  async function sendParts(chatId: number, key: string, text: string, attachment?: ReplyAttachment): Promise<string | undefined> {
    const parts: Array<() => Promise<{ message_id: number }>> = splitMessage(text).map((chunk) => () => deps.api.sendMessage(chatId, chunk));
    if (attachment) parts.push(() => deps.api.sendDocument(chatId, new InputFile(attachment.content, attachment.filename)));
    let providerId: string | undefined;
    for (let i = progress.get(key); i < parts.length; i++) {
      const sent = await call(chatId, parts[i] as () => Promise<{ message_id: number }>);
      providerId = String(sent.message_id);
      progress.set(key, i + 1);
    }
    progress.forget(key);
    return providerId;
  }

  return {
    channel: 'telegram',
    canReach: (person) => telegramChatId(person) !== undefined && !isTelegramBlocked(person),
    async send(person: Person, text: string, idempotencyKey: string, attachment?: ReplyAttachment): Promise<SenderResult> {
      const chatId = telegramChatId(person);
      if (chatId === undefined) return { ok: false, reason: 'invalid_recipient', detail: 'no telegram id' };
      try {
        const providerId = await sendParts(chatId, idempotencyKey, text, attachment);
        return providerId === undefined ? { ok: true, status: 'sent' } : { ok: true, status: 'sent', providerId };
      } catch (error) {
        // Throws what is worth retrying (the parts sent so far are kept); a refusal ends the message.
        const refused = await refusal(error, person);
        progress.forget(idempotencyKey);
        return refused;
      }
    },
  };

  /** A permanent refusal as a result; anything worth retrying is thrown back to the outbox. */
  async function refusal(error: unknown, person: Person): Promise<SenderResult> {
    if (error instanceof TransientSendError) throw error;
    if (error instanceof GrammyError) {
      if (error.error_code === 403) {
        await deps.people.setAccountBlocked(person._id, TELEGRAM_DOOR, clock.now().toISOString());
        deps.logger.info({ personId: person._id }, 'telegram user blocked the bot; marked');
        return { ok: false, reason: 'blocked', detail: error.description };
      }
      if (error.error_code === 400 && /chat not found|user not found/i.test(error.description)) {
        return { ok: false, reason: 'invalid_recipient', detail: error.description };
      }
      // Descriptions may echo the request: only the number goes into logs.
      if (error.error_code >= 500) throw new TransientSendError(`telegram ${error.error_code}`);
      return { ok: false, reason: 'failed', detail: `${error.error_code}: ${scrubText(error.description, 120)}` };
    }
    if (error instanceof HttpError) throw new TransientSendError(`telegram network error: ${scrubText(error.message, 120)}`);
    throw error;
  }
}

/**
 * Parts of a message already taken by Telegram, per idempotency key, while
 * the outbox retries it (in this process). Bounded: oldest forgotten first.
 */
function partsSent(max = 1_000): { get(key: string): number; set(key: string, n: number): void; forget(key: string): void } {
  const sent = new Map<string, number>();
  return {
    get: (key) => sent.get(key) ?? 0,
    set(key, n) {
      sent.delete(key);
      sent.set(key, n);
      if (sent.size > max) sent.delete(sent.keys().next().value as string);
    },
    forget: (key) => void sent.delete(key),
  };
}

function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof GrammyError) || error.error_code !== 429) return undefined;
  const seconds = error.parameters.retry_after ?? 1;
  return seconds * 1000;
}
