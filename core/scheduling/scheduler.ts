import { randomUUID } from 'node:crypto';
import type { i18n as I18n } from 'i18next';
import type { GridChartRenderer } from '../charts/chart-renderer';
import type { Clock } from '../clock';
import type { IndicatorEngine } from '../indicators/engine';
import { silentLogger, type Logger } from '../logger';
import type { Outbound } from '../outbound/port';
import { currentPeriods, DEFAULT_TIME_ZONE } from '../periods';
import type { Repositories } from '../ports/storage';
import type { CronReader } from './cron-port';
import { DEFAULT_REPORT_REMINDER_DAYS, sendDeadlineReminders } from './deadlines';
import { sendReminders, type ReminderReport } from './reminders';
import { runWeeklySummaries, type SummaryRunReport } from './weekly-summary';

export const DEFAULT_SUMMARY_CRON = '0 7 * * 1';
export const DEFAULT_REMINDER_CRON = '0 16 * * 5';
/** Between slots, undelivered summaries are tried again this often (claims keep delivered ones from repeating). */
export const RETRY_CRON = '15 * * * *';

export interface SchedulerDeps {
  repos: Pick<Repositories, 'people' | 'places' | 'plans' | 'claims' | 'counters' | 'oneTimeCodes'>;
  /** The core's engine, so a summary carries the figures an officer reads by SMS. */
  engine: IndicatorEngine;
  outbound: Outbound;
  clock: Clock;
  i18n: I18n;
  /** Reads the cron patterns (croner in `scheduling/`). */
  cron: CronReader;
  timeZone?: string;
  /** Default Monday 07:00 (`SUMMARY_CRON`). */
  summaryCron?: string;
  /** Default Friday 16:00 (`REMINDER_CRON`). */
  reminderCron?: string;
  logger?: Logger;
  /** Names this process in claims (default host:pid). */
  owner?: string;
  /** How late a missed summary is still sent (default 6 days: never after the next one is due). */
  summaryCatchUpMs?: number;
  /** How late missed reminders are still sent (default 1 day). */
  reminderCatchUpMs?: number;
  /** Draws the grid picture of the Monday summary on a chat; without it none is attached. */
  charts?: GridChartRenderer;
  /** Days before a plan's report deadline that officers are reminded (`LOA_REPORT_REMINDER_DAYS`, default 7). */
  reportReminderDays?: number;
  /**
   * Takes a snapshot of the store if the newest is a day old (the embedded
   * store's daily backup); asked at start and at every hourly pass, so a Loa
   * that was down catches up. Returns the file written, or null when none was due.
   */
  backupIfDue?: (now: Date) => Promise<string | null>;
}

export interface RunDueReport {
  /** The summary run that was due (null when none is within its catch-up window). */
  summary: (SummaryRunReport & { slot: string }) | null;
  reminders: { slot: string; scopes: ReminderReport[] } | null;
  deadlines: { due: number; sent: number; failed: number };
  /** Counters deleted because their window is over (rate limits, unregistered senders). */
  expiredCounters: number;
  /** One-time codes past their expiry, deleted by this pass. */
  expiredCodes: number;
  /** The backup this pass wrote (only when the store takes backups). */
  backup?: string | null;
}

export interface Scheduler {
  /** Creates indexes, catches up a missed run once, then follows the cron schedules. */
  start(): Promise<void>;
  stop(): void;
  /**
   * Runs whatever is due at `now`: the latest scheduled slot of each job, if
   * within its catch-up window; and, every hour, deletes expired counters. Safe to call any number of times, from any
   * number of processes: per-recipient, per-week claims make each send once.
   */
  runDue(now: Date): Promise<RunDueReport>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
  const logger = deps.logger ?? silentLogger;
  // Claims need an owner unique per process; the composition root passes host:pid (core reads no OS).
  const owner = deps.owner ?? `process-${randomUUID()}`;
  const { engine, repos } = deps;
  // The slots are asked against the injected clock; a bad pattern throws here, at start.
  const summaryCron = deps.cron(deps.summaryCron ?? DEFAULT_SUMMARY_CRON, timeZone);
  const reminderCron = deps.cron(deps.reminderCron ?? DEFAULT_REMINDER_CRON, timeZone);
  const retryCron = deps.cron(RETRY_CRON, timeZone);
  const summaryCatchUp = deps.summaryCatchUpMs ?? 6 * 24 * 3600_000;
  const reminderCatchUp = deps.reminderCatchUpMs ?? 24 * 3600_000;
  let jobs: { stop(): void }[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  async function runDueNow(now: Date): Promise<RunDueReport> {
    const out: RunDueReport = { summary: null, reminders: null, deadlines: { due: 0, sent: 0, failed: 0 }, expiredCounters: 0, expiredCodes: 0 };
    const summarySlot = summaryCron.lastSlot(now);
    if (summarySlot && now.getTime() - summarySlot.getTime() <= summaryCatchUp) {
      const week = currentPeriods(summarySlot, timeZone).week;
      const report = await runWeeklySummaries({ repos, engine, outbound: deps.outbound, i18n: deps.i18n, owner, logger, ...(deps.charts ? { charts: deps.charts } : {}) }, week, now);
      if (report.sent > 0 || report.failed > 0) logger.info({ ...report }, 'weekly summaries');
      out.summary = { ...report, slot: summarySlot.toISOString() };
    }
    const reminderSlot = reminderCron.lastSlot(now);
    if (reminderSlot && now.getTime() - reminderSlot.getTime() <= reminderCatchUp) {
      const roots = await repos.places.roots();
      const scopes: ReminderReport[] = [];
      for (const root of roots) {
        const report = await sendReminders({ repos, engine, outbound: deps.outbound, owner, logger }, root._id, now);
        if (report) scopes.push(report);
      }
      out.reminders = { slot: reminderSlot.toISOString(), scopes };
    }
    out.deadlines = await sendDeadlineReminders(
      { repos, outbound: deps.outbound, i18n: deps.i18n, owner, timeZone, daysBefore: deps.reportReminderDays ?? DEFAULT_REPORT_REMINDER_DAYS, logger },
      now,
    );
    if (out.deadlines.sent > 0 || out.deadlines.failed > 0) logger.info({ ...out.deadlines }, 'report deadline reminders');
    out.expiredCounters = await repos.counters.deleteExpired(now);
    out.expiredCodes = await repos.oneTimeCodes.deleteExpired(now);
    if (deps.backupIfDue) out.backup = await backup(deps.backupIfDue, now);
    return out;
  }

  // One run at a time in this process (start's catch-up and a cron tick may meet).
  /** A failed backup (a full disk) is logged and tried again at the next pass; it never stops the other jobs. */
  async function backup(take: (now: Date) => Promise<string | null>, now: Date): Promise<string | null> {
    try {
      const file = await take(now);
      if (file) logger.info({ file }, 'daily backup of the store written');
      return file;
    } catch (error) {
      logger.error({ err: error }, 'the daily backup of the store failed; it is tried again within the hour');
      return null;
    }
  }

  const runDue = (now: Date): Promise<RunDueReport> => {
    const next = queue.then(() => runDueNow(now));
    queue = next.catch(() => undefined);
    return next;
  };

  const tick = (): void => {
    runDue(deps.clock.now()).catch((error: unknown) => logger.error({ err: error }, 'scheduled run failed'));
  };

  return {
    async start() {
      await runDue(deps.clock.now());
      jobs = [summaryCron, reminderCron, retryCron].map((schedule) => schedule.every(tick));
    },
    stop() {
      for (const job of jobs) job.stop();
      jobs = [];
    },
    runDue,
  };
}
