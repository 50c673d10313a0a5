/** Bounded exponential backoff for transient send failures. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A provider asking to wait longer than this ends the retries (the message stays retryable). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Wait before attempt `attempt + 1` (attempt counts from 1), or null to stop.
 * The provider's own `retryAfterMs` wins when it is longer than our schedule.
 */
export function nextDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return null;
  const scheduled = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(scheduled, retryAfterMs ?? 0);
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
