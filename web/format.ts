/**
 * How the web pages write dates and order names. The pages are read by
 * Vietnamese officers: `dd/mm/yyyy`, `mm/yyyy`, and Vietnamese alphabetical
 * order (Đ after D, Tây before Trung), whatever the server's locale.
 */

const collator = new Intl.Collator('vi');

/** `2026-08-20` (or an ISO timestamp) → `20/08/2026`; anything else is returned as it was. */
export function dayText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** `2026-01` → `01/2026`. */
export function monthText(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[2]}/${m[1]}` : month;
}

/** Compares two names in Vietnamese order. */
export const compareVi = (a: string, b: string): number => collator.compare(a, b);

/** A copy of `items` in Vietnamese order of `nameOf`. */
export function sortByName<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareVi(nameOf(a), nameOf(b)));
}
