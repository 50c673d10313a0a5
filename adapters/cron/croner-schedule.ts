import { Cron } from 'croner';
import type { CronReader } from '../../core/scheduling/cron-port';

/**
 * Cron patterns read by croner. A paused pattern answers "when was the last
 * slot?" against any clock (the scheduler's tests use a fake one); `every`
 * starts a real job.
 */
export const cronerSchedule: CronReader = (pattern, timeZone) => {
  const paused = new Cron(pattern, { timezone: timeZone, paused: true });
  return {
    lastSlot: (now) => paused.previousRuns(1, new Date(now.getTime() + 1))[0] ?? null,
    every(tick) {
      const job = new Cron(pattern, { timezone: timeZone, protect: true, unref: true }, tick);
      return { stop: () => job.stop() };
    },
  };
};
