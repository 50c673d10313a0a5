import type { i18n as I18n } from 'i18next';
import { silentLogger, type Logger } from '../logger';
import { createTexts } from '../officer/texts';
import type { Outbound } from '../outbound/port';
import { keyBounds, localDate, minusDays, periodKeyOf, shortDate } from '../periods';
import type { Deadline, Plan } from '../plans/plan-schema';
import { reply } from '../reply';
import type { Repositories } from '../ports/storage';

export const DEFAULT_REPORT_REMINDER_DAYS = 7;

export interface DeadlineDeps {
  repos: Pick<Repositories, 'people' | 'places' | 'plans' | 'claims'>;
  outbound: Outbound;
  i18n: I18n;
  owner: string;
  timeZone: string;
  /** How many days before a report deadline officers are reminded (`LOA_REPORT_REMINDER_DAYS`). */
  daysBefore: number;
  logger?: Logger;
}

/** One report due on a date, for one plan. */
export interface DueReport {
  plan: Plan;
  deadline: Deadline;
  /** Local date it is due. */
  due: string;
  /** Key of the period the report covers (`2026-H1`, `2026`). */
  periodKey: string;
}

/** Reports due in the `daysBefore` days from `today` (inclusive), for plans running that year. */
export function reportsDueSoon(plans: Plan[], today: string, daysBefore: number): DueReport[] {
  const out: DueReport[] = [];
  const horizon = minusDays(today, -daysBefore);
  for (const plan of plans) {
    for (const deadline of plan.deadlines ?? []) {
      const [dd, mm] = deadline.due.split('/');
      for (const year of new Set([today.slice(0, 4), horizon.slice(0, 4)])) {
        const due = `${year}-${mm}-${dd}`;
        if (due < today || due > horizon) continue;
        if (due.slice(0, 7) < plan.period.from || due.slice(0, 7) > plan.period.to) continue;
        out.push({ plan, deadline, due, periodKey: periodKeyOf(due, deadline.covers) });
      }
    }
  }
  return out;
}

/** The `XUAT` text that exports a period: what the officer attaches to the report. */
export function exportCommandFor(periodKey: string): string {
  if (/^\d{4}$/.test(periodKey)) return `XUAT NAM ${periodKey}`;
  const half = /^(\d{4})-H([12])$/.exec(periodKey);
  if (half) return `XUAT H${half[2]}/${half[1]}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(periodKey);
  if (quarter) return `XUAT Q${quarter[2]}/${quarter[1]}`;
  return `XUAT ${Number(periodKey.slice(5, 7))}/${periodKey.slice(0, 4)}`;
}

/**
 * Reminds the officers of the communes under each plan (and admins at the
 * plan's own place) of a report due within `daysBefore` days: once per person
 * and report, across restarts; a reminder that found no door is tried again
 * on the next pass.
 */
export async function sendDeadlineReminders(deps: DeadlineDeps, now: Date): Promise<{ due: number; sent: number; failed: number }> {
  const logger = deps.logger ?? silentLogger;
  const today = localDate(now, deps.timeZone);
  const plans = (await deps.repos.plans.list()).map((s) => s.plan);
  const due = reportsDueSoon(plans, today, deps.daysBefore);
  const result = { due: due.length, sent: 0, failed: 0 };
  if (due.length === 0) return result;
  const claims = deps.repos.claims('deadlines', deps.owner);
  for (const report of due) {
    const people = await deps.repos.people.staff(report.plan.place);
    const place = await deps.repos.places.get(report.plan.place);
    const occurrence = `${report.plan.id}:${report.deadline.id}:${report.due}`;
    for (const person of people) {
      if (person.role.kind === 'admin' && person.role.placeId !== report.plan.place) continue;
      const claim = await claims.claim(person._id, occurrence, now);
      if (!claim.ok) continue;
      const texts = createTexts(deps.i18n, person.lng);
      const { from, to } = keyBounds(report.periodKey);
      const kind = report.deadline.covers;
      const sent = await deps.outbound.send({
        person,
        reply: reply('summary:deadline', {
          due: shortDate(report.due),
          place: place?.name ?? report.plan.place,
          period: texts.period(kind, report.periodKey, from, to),
          command: exportCommandFor(report.periodKey),
        }),
        idempotencyKey: `deadline:${occurrence}:${person._id}`,
      });
      if (sent.ok) {
        await claims.finish(person._id, occurrence, 'sent');
        result.sent += 1;
      } else {
        await claims.release(person._id, occurrence);
        result.failed += 1;
        logger.warn({ person: person._id, report: occurrence, reason: sent.reason }, 'report deadline reminder not delivered');
      }
    }
  }
  return result;
}
