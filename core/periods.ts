import { DateTime } from 'luxon';
import type { PeriodKeys } from './domain/session-log';

/** Periods an officer can ask about (`half`: the six-monthly report, H1 or H2). */
export type SummaryPeriod = 'week' | 'month' | 'quarter' | 'half' | 'year';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Remembers a pure function of a string. A report asks the same few dates
 * and keys once per place (3,000 villages in a province), each a luxon
 * computation; the national bench spent a tenth of a report here. Bounded:
 * emptied when full. Objects are handed out as fresh copies, so a caller
 * that changes one changes nobody else's.
 */
function remembered<R>(compute: (key: string) => R, max = 4096): (key: string) => R {
  const seen = new Map<string, R>();
  return (key) => {
    let result = seen.get(key);
    if (result === undefined) {
      result = compute(key);
      if (seen.size >= max) seen.clear();
      seen.set(key, result);
    }
    return typeof result === 'object' && result !== null ? { ...result } : result;
  };
}

const localDateOf = remembered((key: string) => {
  const bar = key.indexOf('|');
  return DateTime.fromMillis(Number(key.slice(0, bar)), { zone: key.slice(bar + 1) }).toISODate()!;
});

const QUARTER_HOUR_MS = 15 * 60 * 1000;
/** A zone's UTC offset (minutes) at the start of a quarter hour (`<index>|<zone>`); NaN for a zone luxon does not know. */
const offsetAt = remembered((key: string) => {
  const bar = key.indexOf('|');
  const at = DateTime.fromMillis(Number(key.slice(0, bar)) * QUARTER_HOUR_MS, { zone: key.slice(bar + 1) });
  return at.isValid ? at.offset : Number.NaN;
});

/** The last quarter hour with one offset throughout: a message asks about the same one several times. */
let steady = { quarter: Number.NaN, zone: '', offset: 0 };

/**
 * The local calendar date (YYYY-MM-DD) of an instant in a zone. Every message
 * asks it a few times at a new instant, so it is not remembered per instant
 * but by the zone's offset per quarter hour: when the offsets at both ends of
 * the instant's quarter hour agree, no transition lies between (zones change
 * offset at most once in 15 minutes) and the date is UTC arithmetic; else luxon.
 */
export function localDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const ms = instant.getTime();
  // An invalid instant or zone goes the unremembered way, as before (luxon's null, not a cached one).
  if (Number.isNaN(ms)) return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate()!;
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = steady.offset;
  if (quarter !== steady.quarter || timeZone !== steady.zone) {
    offset = offsetAt(`${quarter}|${timeZone}`);
    if (Number.isNaN(offset) || offset !== offsetAt(`${quarter + 1}|${timeZone}`)) return localDateOf(`${ms}|${timeZone}`);
    steady = { quarter, zone: timeZone, offset };
  }
  const local = new Date(ms + offset * 60_000);
  // Years 0–9999 as luxon writes them; anything else goes to luxon.
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) return localDateOf(`${ms}|${timeZone}`);
  return local.toISOString().slice(0, 10);
}

/** Period keys of a local date: ISO week (Monday start), month, quarter, year. */
export const periodKeysOf: (date: string) => PeriodKeys = remembered(computePeriodKeys);

function computePeriodKeys(date: string): PeriodKeys {
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

/** `2026-11-20` → `20/11/2026`. */
export function fullDate(date: string): string {
  return `${shortDate(date)}/${date.slice(0, 4)}`;
}

/** Whole days from local date `a` to local date `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);
}

/** Monday and Sunday of the ISO week holding `date`. */
export function weekBounds(date: string): { from: string; to: string } {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  const monday = d.minus({ days: d.weekday - 1 });
  return { from: monday.toISODate()!, to: monday.plus({ days: 6 }).toISODate()! };
}

const minusDaysOf = remembered((key: string) => {
  const [date, days] = key.split('|') as [string, string];
  return DateTime.fromISO(date, { zone: 'utc' }).minus({ days: Number(days) }).toISODate()!;
});

/** Local date `days` before `date` (both `YYYY-MM-DD`). */
export function minusDays(date: string, days: number): string {
  return minusDaysOf(`${date}|${days}`);
}

/** The key of the period of `kind` holding a local date. */
export function periodKeyOf(date: string, kind: SummaryPeriod): string {
  if (kind === 'half') return halfOfMonth(date.slice(0, 7));
  return periodKeysOf(date)[kind];
}

/** The key of the period of the same kind just before `key`. */
export function previousKey(key: string, kind: SummaryPeriod): string {
  return periodKeyOf(minusDays(keyBounds(key).from, 1), kind);
}

/** `2026-11` → `2026-H2`. */
export function halfOfMonth(month: string): string {
  return `${month.slice(0, 4)}-H${Number(month.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** First and last local date of a week, month, quarter, half-year or year key (`2026-W47`, `2026-11`, `2026-Q4`, `2026-H2`, `2026`). */
export const keyBounds: (key: string) => { from: string; to: string } = remembered(computeKeyBounds);

function computeKeyBounds(key: string): { from: string; to: string } {
  if (/^\d{4}$/.test(key)) return { from: `${key}-01-01`, to: `${key}-12-31` };
  const w = /^(\d{4})-W(\d{2})$/.exec(key);
  if (w) {
    const monday = DateTime.fromObject({ weekYear: Number(w[1]), weekNumber: Number(w[2]), weekday: 1 }, { zone: 'utc' });
    return { from: monday.toISODate()!, to: monday.plus({ days: 6 }).toISODate()! };
  }
  const h = /^(\d{4})-H([12])$/.exec(key);
  if (h) return h[2] === '1' ? { from: `${h[1]}-01-01`, to: `${h[1]}-06-30` } : { from: `${h[1]}-07-01`, to: `${h[1]}-12-31` };
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) {
    const start = DateTime.fromObject({ year: Number(q[1]), month: (Number(q[2]) - 1) * 3 + 1, day: 1 }, { zone: 'utc' });
    return { from: start.toISODate()!, to: start.plus({ months: 3 }).minus({ days: 1 }).toISODate()! };
  }
  const start = DateTime.fromISO(`${key}-01`, { zone: 'utc' });
  return { from: start.toISODate()!, to: start.endOf('month').toISODate()! };
}

