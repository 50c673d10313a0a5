import type { Clock } from '../core/clock';

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Spends one unit of `key`'s budget, if any is left. */
  take(key: string): TakeResult;
}

export interface RateLimiterOptions {
  /** Units per window; also the burst a quiet sender may spend at once. */
  limit: number;
  windowMs: number;
  clock: Clock;
  /** Bounds memory under a flood of distinct senders; full buckets are dropped first. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * In-memory token buckets, one per sender. Enough for one process: the point
 * is that a phone stuck in a resend loop cannot starve the others, not exact
 * accounting across a cluster.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, windowMs, clock } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const perMs = limit / windowMs;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, now: number): void => {
    bucket.tokens = Math.min(limit, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
  };

  const sweep = (now: number): void => {
    for (const [key, bucket] of buckets) {
      refill(bucket, now);
      if (bucket.tokens >= limit) buckets.delete(key);
    }
    // Still full of active senders: forget the oldest ones rather than grow without bound.
    for (const key of buckets.keys()) {
      if (buckets.size <= maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const now = clock.now().getTime();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) sweep(now);
        bucket = { tokens: limit, at: now };
        buckets.set(key, bucket);
      } else {
        refill(bucket, now);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
    },
  };
}
