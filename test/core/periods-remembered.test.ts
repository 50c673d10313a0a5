import { DateTime } from 'luxon';
import { keyBounds, localDate, minusDays, periodKeysOf } from '../../core/periods';

/**
 * The date helpers remember their answers (a province report asks the same
 * few dates once per village): remembering must change no answer, and no
 * caller may change what another is handed.
 */
describe('remembered date helpers', () => {
  it('hand out a fresh object each time, so changing one answer changes no later one', () => {
    const first = periodKeysOf('2026-11-20');
    first.month = '1999-01';
    expect(periodKeysOf('2026-11-20')).toEqual({ day: '2026-11-20', week: '2026-W47', month: '2026-11', quarter: '2026-Q4', year: '2026' });
    const bounds = keyBounds('2026-02');
    bounds.to = '2026-02-31';
    expect(keyBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('answer the same after more distinct questions than they keep', () => {
    const days = Array.from({ length: 5000 }, (_, i) => minusDays('2026-12-31', i));
    expect(days[0]).toBe('2026-12-31');
    expect(days[365]).toBe('2025-12-31');
    expect(minusDays('2026-12-31', 365)).toBe('2025-12-31');
    expect(days.map((d) => periodKeysOf(d).year).filter((y) => y === '2026')).toHaveLength(365);
    expect(periodKeysOf('2026-01-01').week).toBe('2026-W01');
    expect(keyBounds('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('tell the local date of any instant as luxon does, across DST changes, half-hour zones and odd historical offsets', () => {
    const zones = ['Asia/Ho_Chi_Minh', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London', 'Pacific/Apia', 'UTC'];
    // Around transitions (New York 2026-03-08, London 2026-10-25, Lord Howe's half-hour DST, Apia skipping 2011-12-30,
    // Saigon's 1906 change from local mean time), every 7 minutes, plus midnight edges.
    const starts = ['2026-03-08T05:00:00Z', '2026-10-25T00:00:00Z', '2026-04-04T14:00:00Z', '2011-12-29T09:00:00Z', '1906-06-30T16:00:00Z', '2026-11-29T16:30:00Z'];
    for (const zone of zones) {
      for (const start of starts) {
        for (let i = 0; i < 120; i++) {
          const instant = new Date(Date.parse(start) + i * 7 * 60_000 + (i % 60) * 1000);
          expect([zone, instant.toISOString(), localDate(instant, zone)]).toEqual([zone, instant.toISOString(), DateTime.fromJSDate(instant, { zone }).toISODate()]);
        }
      }
    }
  });

  it('tell the local date by instant and zone, never mixing zones', () => {
    const evening = new Date('2026-11-29T18:00:00Z');
    expect(localDate(evening, 'Asia/Ho_Chi_Minh')).toBe('2026-11-30');
    expect(localDate(evening, 'UTC')).toBe('2026-11-29');
    expect(localDate(evening)).toBe('2026-11-30');
  });

  it('still refuses a date that is not one', () => {
    expect(() => periodKeysOf('2026-02-30')).toThrow(RangeError);
    expect(() => periodKeysOf('2026-02-30')).toThrow(RangeError);
  });
});
