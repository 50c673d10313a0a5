import { cronerSchedule } from '../../../adapters/cron/croner-schedule';

const VN = 'Asia/Ho_Chi_Minh'; // UTC+7, no daylight saving

describe('cron patterns read by croner', () => {
  const monday7 = cronerSchedule('0 7 * * 1', VN);

  it('gives a slot that falls exactly at now as the last slot', () => {
    // Monday 23 Nov 2026, 07:00 in Vietnam is 00:00 UTC.
    expect(monday7.lastSlot(new Date('2026-11-23T00:00:00Z'))?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('gives the Monday before when this Monday 07:00 has not come yet', () => {
    expect(monday7.lastSlot(new Date('2026-11-22T23:59:59Z'))?.toISOString()).toBe('2026-11-16T00:00:00.000Z');
  });

  it('reads the pattern in the given time zone', () => {
    // 07:00 on Monday in UTC is 14:00 in Vietnam: the same instant reads differently.
    expect(cronerSchedule('0 7 * * 1', 'UTC').lastSlot(new Date('2026-11-23T08:00:00Z'))?.toISOString()).toBe('2026-11-23T07:00:00.000Z');
  });

  it('refuses a pattern it cannot read when it is read, not at the first tick', () => {
    expect(() => cronerSchedule('every monday', VN)).toThrow();
  });
});
