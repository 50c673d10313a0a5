import { DateTime } from 'luxon';
import type { Bucket } from '../plans/plan-schema';

/** `2026-11` → `2026-Q4`. */
export function quarterOfMonth(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-Q${Math.ceil(m / 3)}`;
}

export function bucketOfMonth(month: string, bucket: Bucket): string {
  return bucket === 'month' ? month : quarterOfMonth(month);
}

/** Every month from `from` to `to`, inclusive (`YYYY-MM`). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  while (y * 12 + m <= end) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The distinct buckets (months or quarters) covering months `from`..`to`, in order. */
export function bucketsBetween(from: string, to: string, bucket: Bucket): string[] {
  return [...new Set(monthsBetween(from, to).map((m) => bucketOfMonth(m, bucket)))];
}

/** Local date `days` before `date` (both `YYYY-MM-DD`). */
export function minusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).minus({ days }).toISODate()!;
}

/** Monday and Sunday of the ISO week holding `date`. */
export function weekBounds(date: string): { from: string; to: string } {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  const monday = d.minus({ days: d.weekday - 1 });
  return { from: monday.toISODate()!, to: monday.plus({ days: 6 }).toISODate()! };
}

/** First and last local date of a month, quarter or year key (`2026-11`, `2026-Q4`, `2026`). */
export function keyBounds(key: string): { from: string; to: string } {
  if (/^\d{4}$/.test(key)) return { from: `${key}-01-01`, to: `${key}-12-31` };
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) {
    const start = DateTime.fromObject({ year: Number(q[1]), month: (Number(q[2]) - 1) * 3 + 1, day: 1 }, { zone: 'utc' });
    return { from: start.toISODate()!, to: start.plus({ months: 3 }).minus({ days: 1 }).toISODate()! };
  }
  const start = DateTime.fromISO(`${key}-01`, { zone: 'utc' });
  return { from: start.toISODate()!, to: start.endOf('month').toISODate()! };
}

export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

export function earlierOf(a: string, b: string): string {
  return a < b ? a : b;
}
