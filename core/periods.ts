import { DateTime } from 'luxon';
import type { PeriodKeys } from './domain/session-log';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate()!;
}

/** Period keys of a local date: ISO week (Monday start), month, quarter, year. */
export function periodKeysOf(date: string): PeriodKeys {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  if (!d.isValid) throw new RangeError(`not a date: ${date}`);
  return {
    day: d.toISODate()!,
    week: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`,
    month: d.toFormat('yyyy-MM'),
    quarter: `${d.year}-Q${d.quarter}`,
    year: String(d.year),
  };
}

/** Period keys of "now" in the zone: what "this week/month/quarter/year" means. */
export function currentPeriods(now: Date, timeZone: string = DEFAULT_TIME_ZONE): PeriodKeys {
  return periodKeysOf(localDate(now, timeZone));
}

/** `2026-11-20` → `20/11`, the way collaborators write dates. */
export function shortDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${d}/${m}`;
}

/** Whole days from local date `a` to local date `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);
}
