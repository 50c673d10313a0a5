/**
 * How far a platform's own time for a message is believed (the Android
 * gateway's `receivedAt`, Zalo's and Telegram's `date`): it dates the session
 * when the text names no date, so a wrong clock or a forged value must not
 * move a log years away or past the collaborator's age limit.
 */

/** A platform clock a little ahead of ours is normal. */
export const FUTURE_SLACK_MS = 5 * 60_000;
/** The gateway app retries an undelivered webhook for about two days; Telegram keeps updates a day, Zalo less. */
export const MAX_RELAY_DELAY_MS = 3 * 24 * 60 * 60_000;
/** The largest instant a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

export type PlatformTime =
  | { at: Date; trusted: true }
  | { at: Date; trusted: false; reason: 'missing' | 'future' | 'too_old' };

/** A value that cannot be an instant at all (not a number, non-finite, negative, past year 275760): refused with 400 at the door. */
export function isAbsurdEpoch(value: unknown, unitMs: number): boolean {
  if (value === undefined || value === null) return false;
  return typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value * unitMs > MAX_DATE_MS;
}

/** The platform's time when it lies within the window around `now`, else `now` (the caller logs why). */
export function platformTime(value: unknown, unitMs: number, now: Date): PlatformTime {
  if (typeof value !== 'number' || isAbsurdEpoch(value, unitMs) || value === 0) return { at: now, trusted: false, reason: 'missing' };
  const at = value * unitMs;
  if (at > now.getTime() + FUTURE_SLACK_MS) return { at: now, trusted: false, reason: 'future' };
  if (at < now.getTime() - MAX_RELAY_DELAY_MS) return { at: now, trusted: false, reason: 'too_old' };
  return { at: new Date(at), trusted: true };
}
