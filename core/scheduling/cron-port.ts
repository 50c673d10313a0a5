/** One cron pattern read in a time zone: when its last slot fell, and a wake-up at each next one. */
export interface CronSchedule {
  /** The latest slot at or before `now`; null when the pattern has none before it. */
  lastSlot(now: Date): Date | null;
  /**
   * Calls `tick` at each slot from now on, never while its previous call still
   * runs and without keeping the process alive; `stop` ends it.
   */
  every(tick: () => void): { stop(): void };
}

/**
 * Reads cron patterns for the scheduler (the adapter holds the cron library).
 * Throws on a pattern it cannot read: that is a configuration mistake, found at start.
 */
export type CronReader = (pattern: string, timeZone: string) => CronSchedule;
