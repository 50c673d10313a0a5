import { fullDate, shortDate } from '../periods';

/**
 * A log's stored date as a reply shows it: `07/12` in the current year,
 * `07/12/2025` otherwise, so a log that went into another year is seen at once.
 */
export function logDay(date: string, today: string): string {
  return date.slice(0, 4) === today.slice(0, 4) ? shortDate(date) : fullDate(date);
}

/** A log's month as a reply shows it: `12`, or `12/2025` when not the current year. */
export function logMonth(month: string, today: string): string {
  return month.slice(0, 4) === today.slice(0, 4) ? month.slice(5) : `${month.slice(5)}/${month.slice(0, 4)}`;
}
