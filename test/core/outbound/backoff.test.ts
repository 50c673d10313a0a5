import { DEFAULT_RETRY_POLICY, nextDelayMs } from '../../../core/outbound/backoff';

describe('retry backoff', () => {
  it('doubles the wait up to the cap and stops after the last attempt', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 3_000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => nextDelayMs(policy, a))).toEqual([500, 1_000, 2_000, 3_000, 3_000, null]);
  });

  it('honours a longer provider-requested wait, but not one beyond the policy limit', () => {
    expect(nextDelayMs(DEFAULT_RETRY_POLICY, 1, 10_000)).toBe(10_000);
    expect(nextDelayMs(DEFAULT_RETRY_POLICY, 1, 100)).toBe(500);
    expect(nextDelayMs(DEFAULT_RETRY_POLICY, 1, DEFAULT_RETRY_POLICY.maxRetryAfterMs + 1)).toBeNull();
  });
});
