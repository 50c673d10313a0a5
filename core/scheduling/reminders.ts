import { groupByVillage, type Person } from '../domain/people';
import type { IndicatorEngine } from '../indicators/engine';
import { snapshot } from '../indicators/snapshot';
import { silentLogger, type Logger } from '../logger';
import type { Outbound } from '../outbound/port';
import { currentPeriods } from '../periods';
import { reply } from '../reply';
import type { ReminderReport, VillageReminder } from '../domain/reminder-report';
import type { Repositories } from '../ports/storage';

export interface ReminderDeps {
  repos: Pick<Repositories, 'people' | 'claims'>;
  engine: IndicatorEngine;
  outbound: Outbound;
  /** Names this process in claims (host:pid). */
  owner: string;
  logger?: Logger;
}

export type { ReminderOutcome, ReminderReport, VillageReminder } from '../domain/reminder-report';

/**
 * Texts the collaborators of villages under `scopeId` that have no session
 * yet this month. At most one reminder per village per ISO week, whoever
 * triggers it (the Friday run, an officer's NHAC, a second process); never to
 * a covered village; never to someone who asked to stop.
 */
export async function sendReminders(deps: ReminderDeps, scopeId: string, now: Date): Promise<ReminderReport | null> {
  const logger = deps.logger ?? silentLogger;
  const data = await deps.engine.load(scopeId, now, { daily: false });
  if (!data) return null;
  const s = snapshot(data, { period: 'month' });
  const { week, month } = currentPeriods(now, deps.engine.timeZone);
  const report: ReminderReport = { month, week, quiet: s.quiet.length, reminded: 0, sent: 0, skipped: 0, nobody: 0, failed: 0, villages: [] };
  if (s.quiet.length === 0) return report;

  const collaborators = await deps.repos.people.under(scopeId, 'collaborator');
  const byVillage = groupByVillage(collaborators);

  const claims = deps.repos.claims('reminders', deps.owner);
  for (const village of s.quiet) {
    const entry: VillageReminder = { villageId: village.place._id, name: village.place.name, shortName: village.place.aliases[0] ?? village.place.name, outcome: 'sent', accepted: 0 };
    report.villages.push(entry);
    const everyone = byVillage.get(village.place._id) ?? [];
    const recipients = everyone.filter((person) => !person.remindersOff);
    if (recipients.length === 0) {
      entry.outcome = everyone.length > 0 ? 'opted_out' : 'no_collaborator';
      report.nobody += 1;
      continue;
    }
    const claim = await claims.claim(village.place._id, week, now);
    if (!claim.ok) {
      entry.outcome = 'already';
      report.skipped += 1;
      continue;
    }
    let accepted = 0;
    try {
      for (const person of recipients) {
        const result = await deps.outbound.send({
          person,
          reply: reply('summary:reminder', { village: village.place.name, monthNo: Number(month.slice(5, 7)) }),
          idempotencyKey: `reminder:${week}:${village.place._id}:${person._id}`,
        });
        if (result.ok) accepted += 1;
        else logger.warn({ village: village.place._id, person: person._id, reason: result.reason }, 'reminder not delivered');
      }
    } catch (error) {
      // Transient: give the claim back; the same idempotency keys keep a retry from doubling.
      logger.warn({ err: error, village: village.place._id }, 'reminder send failed; will retry on the next run');
      await claims.release(village.place._id, week);
      entry.outcome = 'failed';
      report.failed += 1;
      continue;
    }
    entry.accepted = accepted;
    if (accepted > 0) {
      await claims.finish(village.place._id, week, 'sent');
      report.reminded += 1;
      report.sent += accepted;
    } else {
      // Nobody was reached: the village is not "reminded this week"; Friday's run or the next NHAC tries again.
      await claims.release(village.place._id, week);
      entry.outcome = 'failed';
      report.failed += 1;
    }
  }
  return report;
}
