import { DateTime } from 'luxon';
import { WEEKDAYS, type ParseContext, type ParseError, type Weekday } from './commands';
import type { DayMonth } from './tokens';
import { localDate } from '../periods';

/** A session date as the sender gave it (`text`, as typed), before it is placed on the calendar. */
export type DateSpec =
  | { kind: 'days_ago'; days: number; text: string }
  | { kind: 'day_month'; date: DayMonth; text: string }
  /** `thu 7`, `CN`: the most recent such day, today included. */
  | { kind: 'weekday'; weekday: Weekday; text: string }
  /** `ngay 18`: a day of the current month (or the previous one, if that is what fits). */
  | { kind: 'day_of_month'; day: number; text: string }
  /** Shaped like a date but not one we can read (`12/2026`). */
  | { kind: 'unreadable'; text: string };

export type DateResult = { ok: true; date: string; dateWord?: Weekday } | { ok: false; error: ParseError };

/**
 * The local calendar day the message arrived on, as a UTC midnight: once the
 * zone has given the day, all the rest is calendar arithmetic, which UTC does
 * exactly (no DST hour) and several times faster than a named zone.
 * An unknown zone is a configuration bug, not bad input, so it throws rather than guess a day.
 */
export function localToday(ctx: ParseContext): DateTime {
  const day = localDay(ctx);
  if (day) {
    // The last day's DateTime (immutable) is kept: building one cost ~6 µs of every message's CPU, and messages come on few days.
    if (lastDay?.day !== day) lastDay = { day, at: DateTime.utc(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))) };
    return lastDay.at;
  }
  const now = DateTime.fromJSDate(ctx.receivedAt, { zone: ctx.timeZone });
  if (!now.isValid) throw new Error(`Cannot read dates: ${now.invalidExplanation ?? 'invalid time'} (${ctx.timeZone})`);
  return DateTime.utc(now.year, now.month, now.day);
}

let lastDay: { day: string; at: DateTime } | undefined;

/** The local date (YYYY-MM-DD) the message arrived on by the zone's remembered offset (periods.ts: luxon's zone conversion cost ~4% of a message's CPU); null when luxon cannot say. */
function localDay(ctx: ParseContext): string | null {
  return Number.isNaN(ctx.receivedAt.getTime()) ? null : (localDate(ctx.receivedAt, ctx.timeZone) as string | null);
}

function isoDate(day: DateTime): string {
  // Valid by construction: every caller passes a checked DateTime.
  return day.toISODate() ?? '';
}

function daysBefore(today: DateTime, day: DateTime): number {
  return Math.round(today.diff(day, 'days').days);
}

/** Applies the age window: not after today, not more than `maxAgeDays` before it. */
function withinWindow(day: DateTime, today: DateTime, maxAgeDays: number): DateResult {
  if (day > today) return { ok: false, error: { code: 'future_date', date: isoDate(day) } };
  if (daysBefore(today, day) > maxAgeDays) {
    return { ok: false, error: { code: 'too_old', date: isoDate(day), maxAgeDays } };
  }
  return { ok: true, date: isoDate(day) };
}

/**
 * Picks between the recent candidate (this year, this month) and the one before
 * it: the sender means the later one unless it lies in the future, and falls
 * back to the earlier only if that one is still inside the age window. Otherwise
 * the error names the candidate the sender most likely meant.
 */
function pickRecent(recent: DateTime, earlier: DateTime, today: DateTime, maxAgeDays: number, text: string): DateResult {
  if (recent.isValid && recent <= today) return withinWindow(recent, today, maxAgeDays);
  if (earlier.isValid && daysBefore(today, earlier) <= maxAgeDays) return withinWindow(earlier, today, maxAgeDays);
  if (recent.isValid) return withinWindow(recent, today, maxAgeDays);
  if (earlier.isValid) return withinWindow(earlier, today, maxAgeDays);
  return { ok: false, error: { code: 'bad_date', text } };
}

/**
 * `dd/mm` without a year: this year's day when it has passed; when it is still
 * ahead, the nearer of it and last year's (`30/12` sent on 02/01 is last
 * December, `07/12` sent on 06/12 is tomorrow). A nearer day ahead is refused
 * as a future date, never moved silently a year back.
 */
function nearestDayMonth(recent: DateTime, earlier: DateTime, today: DateTime, maxAgeDays: number, text: string): DateResult {
  if (!recent.isValid) return earlier.isValid ? withinWindow(earlier, today, maxAgeDays) : { ok: false, error: { code: 'bad_date', text } };
  if (recent <= today || !earlier.isValid) return withinWindow(recent, today, maxAgeDays);
  const ahead = daysBefore(recent, today);
  return daysBefore(today, earlier) < ahead ? withinWindow(earlier, today, maxAgeDays) : withinWindow(recent, today, maxAgeDays);
}

/** Turns what the sender wrote into a local `YYYY-MM-DD`, checked against the age window. */
export function resolveDate(spec: DateSpec | null, ctx: ParseContext): DateResult {
  // No date given (most messages): today's date as text, with no calendar arithmetic.
  const day = spec === null ? localDay(ctx) : null;
  if (day) return { ok: true, date: day };
  const today = localToday(ctx);
  const zone = 'utc';
  if (spec === null) return { ok: true, date: isoDate(today) };
  switch (spec.kind) {
    case 'unreadable':
      return { ok: false, error: { code: 'bad_date', text: spec.text } };
    case 'days_ago':
      return withinWindow(today.minus({ days: spec.days }), today, ctx.maxAgeDays);
    case 'weekday': {
      // Today counts: `thu 6` sent on a Friday evening is that evening's session.
      const back = (today.weekday - (WEEKDAYS.indexOf(spec.weekday) + 1) + 7) % 7;
      const found = withinWindow(today.minus({ days: back }), today, ctx.maxAgeDays);
      return found.ok ? { ...found, dateWord: spec.weekday } : found;
    }
    case 'day_month': {
      const { day, month, year } = spec.date;
      if (year !== null) {
        const exact = DateTime.fromObject({ year, month, day }, { zone });
        if (!exact.isValid) return { ok: false, error: { code: 'bad_date', text: spec.text } };
        return withinWindow(exact, today, ctx.maxAgeDays);
      }
      const recent = DateTime.fromObject({ year: today.year, month, day }, { zone });
      const earlier = DateTime.fromObject({ year: today.year - 1, month, day }, { zone });
      return nearestDayMonth(recent, earlier, today, ctx.maxAgeDays, spec.text);
    }
    case 'day_of_month': {
      const recent = DateTime.fromObject({ year: today.year, month: today.month, day: spec.day }, { zone });
      const previousMonth = today.minus({ months: 1 });
      const earlier = DateTime.fromObject(
        { year: previousMonth.year, month: previousMonth.month, day: spec.day },
        { zone },
      );
      return pickRecent(recent, earlier, today, ctx.maxAgeDays, spec.text);
    }
  }
}

/**
 * The one date of a log. Several ways of naming the same day (`thu 5 19/11`)
 * are fine; two different days, or a second one that cannot be read, are
 * refused naming both, never settled by picking one. Stops at the first
 * disagreement, so a long paste full of dates costs one pass.
 */
export function resolveDates(specs: readonly DateSpec[], ctx: ParseContext): DateResult {
  const [first] = specs;
  if (first === undefined) return resolveDate(null, ctx);
  let agreed = resolveDate(first, ctx);
  for (const other of specs.slice(1)) {
    const next = resolveDate(other, ctx);
    if (!agreed.ok || !next.ok || next.date !== agreed.date) {
      return { ok: false, error: { code: 'two_dates', texts: [first.text, other.text] } };
    }
    if (agreed.dateWord === undefined && next.dateWord !== undefined) agreed = next;
  }
  return agreed;
}
