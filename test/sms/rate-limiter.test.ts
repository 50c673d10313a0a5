import { FakeClock } from '../../core/clock';
import { createRateLimiter } from '../../sms/rate-limiter';

describe('per-sender rate limiter', () => {
  it('allows a burst up to the limit, then refills at the configured rate', () => {
    const clock = new FakeClock(new Date('2026-11-20T03:00:00Z'));
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, clock });
    expect([limiter.take('a').ok, limiter.take('a').ok, limiter.take('a').ok]).toEqual([true, true, false]);
    clock.advance(30_000);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 30_000 });
  });

  it('keeps each sender budget separate', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, clock: new FakeClock(new Date(0)) });
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
  });

  it('stays bounded in memory under many distinct senders', () => {
    const clock = new FakeClock(new Date(0));
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, clock, maxKeys: 10 });
    for (let i = 0; i < 100; i++) limiter.take(`sender-${i}`);
    // The oldest were forgotten, so the first sender has a fresh budget again.
    expect(limiter.take('sender-0').ok).toBe(true);
  });
});
