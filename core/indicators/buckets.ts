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

export { halfOfMonth, keyBounds, minusDays, periodKeyOf, previousKey, weekBounds } from '../periods';

export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

export function earlierOf(a: string, b: string): string {
  return a < b ? a : b;
}
