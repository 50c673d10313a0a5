/**
 * Telegram's documented limits for bots: about 30 messages per second overall
 * and no more than one message per second to the same chat (bursts are
 * tolerated briefly, then 429). We space sends evenly rather than bursting, so
 * a broadcast to a province's officers never trips the flood control.
 */
export interface RateLimits {
  /** Messages per second across all chats. Default 30. */
  perSecond: number;
  /** Minimum gap between two messages to one chat, in ms. Default 1000. */
  perChatIntervalMs: number;
}

export const TELEGRAM_LIMITS: RateLimits = { perSecond: 30, perChatIntervalMs: 1000 };

export interface LimiterTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: LimiterTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Slots are reserved synchronously, so concurrent callers (a broadcast fired
 * with `Promise.all`) each get their own slot without a queue object.
 */
export class SendRateLimiter {
  private nextGlobal = 0;
  private readonly nextPerChat = new Map<number, number>();
  private pausedUntil = 0;
  private readonly globalIntervalMs: number;

  constructor(
    private readonly limits: RateLimits = TELEGRAM_LIMITS,
    private readonly time: LimiterTime = realTime,
  ) {
    this.globalIntervalMs = 1000 / limits.perSecond;
  }

  /** Resolves when a message to `chatId` may be sent. */
  async acquire(chatId: number): Promise<void> {
    for (;;) {
      const now = this.time.now();
      const at = Math.max(now, this.nextGlobal, this.nextPerChat.get(chatId) ?? 0, this.pausedUntil);
      this.nextGlobal = at + this.globalIntervalMs;
      this.nextPerChat.set(chatId, at + this.limits.perChatIntervalMs);
      this.forgetIdleChats(now);
      if (at > now) await this.time.sleep(at - now);
      // A 429 may have paused everything while we slept: take a new slot.
      if (this.time.now() >= this.pausedUntil) return;
    }
  }

  /** Telegram said "retry after": nobody sends until then. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.time.now() + ms);
  }

  private forgetIdleChats(now: number): void {
    if (this.nextPerChat.size < 10_000) return;
    for (const [chat, next] of this.nextPerChat) if (next < now) this.nextPerChat.delete(chat);
  }
}
