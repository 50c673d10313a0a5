import { resolveDate } from '../../../core/language/dates';
import type { ParseContext } from '../../../core/language/commands';

const ctx = (iso: string, timeZone = 'Asia/Ho_Chi_Minh'): ParseContext => ({ receivedAt: new Date(iso), timeZone, maxAgeDays: 30 });

/**
 * A log with no date is dated the local day it arrived on; the parser keeps
 * the last day it computed, so consecutive messages on either side of local
 * midnight must each get their own day.
 */
describe('the date of a log that names none', () => {
  it('is the local day the message arrived on, changing at local midnight, not UTC midnight', () => {
    expect(resolveDate(null, ctx('2026-11-20T16:59:59Z'))).toEqual({ ok: true, date: '2026-11-20' });
    expect(resolveDate(null, ctx('2026-11-20T17:00:00Z'))).toEqual({ ok: true, date: '2026-11-21' });
    expect(resolveDate(null, ctx('2026-11-20T16:59:59Z'))).toEqual({ ok: true, date: '2026-11-20' });
  });

  it('reads "3 days ago" from the day of each message, whatever day came before', () => {
    expect(resolveDate({ kind: 'days_ago', days: 3, text: '3 ngay truoc' }, ctx('2026-11-20T17:00:00Z'))).toEqual({ ok: true, date: '2026-11-18' });
    expect(resolveDate({ kind: 'days_ago', days: 3, text: '3 ngay truoc' }, ctx('2026-11-20T16:00:00Z'))).toEqual({ ok: true, date: '2026-11-17' });
  });

  it('follows the zone it is read in', () => {
    expect(resolveDate(null, ctx('2026-11-20T17:00:00Z', 'UTC'))).toEqual({ ok: true, date: '2026-11-20' });
  });

  it('refuses a zone it does not know rather than guess a day', () => {
    expect(() => resolveDate(null, ctx('2026-11-20T17:00:00Z', 'Mars/Olympus'))).toThrow(/Cannot read dates/);
  });
});
