import type { i18n as I18n } from 'i18next';
import { may, ownPlaceOf } from '../access/policy';
import type { Person } from '../domain/people';
import type { IndicatorEngine, ScopeReport } from '../indicators/engine';
import { silentLogger, type Logger } from '../logger';
import { summaryReply } from '../wording/replies';
import { createTexts } from '../wording/texts';
import type { Outbound } from '../outbound/port';
import { reply, type Reply } from '../reply';
import type { Repositories } from '../ports/storage';
import type { GridChartRenderer } from '../charts/chart-renderer';
import { gridPicture } from '../charts/grid-picture';

export interface WeeklySummaryDeps {
  repos: Pick<Repositories, 'people' | 'places' | 'claims'>;
  engine: IndicatorEngine;
  outbound: Outbound;
  i18n: I18n;
  owner: string;
  logger?: Logger;
  /** Draws the grid picture attached for chat recipients; without it none is attached. */
  charts?: GridChartRenderer;
}

export interface SummaryRunReport {
  /** ISO week of the run (the summary reports the week before it). */
  week: string;
  recipients: number;
  sent: number;
  /** Already claimed by an earlier run or another process. */
  skipped: number;
  failed: number;
  /** Recipients no door could reach this run (kept for the next run, reported to their admins). */
  undelivered: string[];
}

/** Reasons a send may succeed later (a door configured after a restart, a provider back up): the week is not used up. */
const RETRYABLE = new Set(['no_channel', 'failed']);

/**
 * Tells the admins above a recipient that their summary did not go out
 * (once per recipient and week, whoever notices first); the admin can fix the
 * roster or the door. An admin is not told about their own summary.
 */
async function reportUndelivered(deps: WeeklySummaryDeps, people: Person[], person: Person, week: string, reason: string, now: Date): Promise<void> {
  // The admins who may read this person's place: those whose place is on its path.
  const admins = people.filter((a) => a.role.kind === 'admin' && a._id !== person._id && may(a, 'summary', ownPlaceOf(person)).allowed);
  const reports = deps.repos.claims('undelivered_reports', deps.owner);
  for (const admin of admins) {
    const claim = await reports.claim(`${person._id}>${admin._id}`, week, now);
    if (!claim.ok) continue;
    const place = await deps.repos.places.get(person.role.placeId);
    const texts = createTexts(deps.i18n, admin.lng);
    const result = await deps.outbound.send({
      person: admin,
      reply: reply('summary:undelivered', { name: person.name, place: place?.name ?? person.role.placeId, reason: texts.t(`summary:undelivered_reason.${reason}`) }),
      idempotencyKey: `summary-undelivered:${week}:${person._id}:${admin._id}`,
    });
    if (result.ok) await reports.finish(`${person._id}>${admin._id}`, week, 'sent');
    else await reports.release(`${person._id}>${admin._id}`, week);
  }
}

/**
 * Sends the summary of the run in `week` to every officer and admin not yet
 * served that week. The claim (recipient, week) is taken before building, so
 * a restart or a second process finds it and skips.
 */
export async function runWeeklySummaries(deps: WeeklySummaryDeps, week: string, now: Date): Promise<SummaryRunReport> {
  const logger = deps.logger ?? silentLogger;
  const claims = deps.repos.claims('summaries', deps.owner);
  const recipients = await deps.repos.people.staff();
  const report: SummaryRunReport = { week, recipients: recipients.length, sent: 0, skipped: 0, failed: 0, undelivered: [] };
  const reports = new Map<string, Promise<ScopeReport | null>>();
  const picture = deps.charts ? gridPicture(deps.i18n, deps.charts) : null;

  for (const person of recipients) {
    const claim = await claims.claim(person._id, week, now);
    if (!claim.ok) {
      report.skipped += 1;
      continue;
    }
    try {
      const scopeId = person.role.placeId;
      let scope = reports.get(scopeId);
      if (!scope) reports.set(scopeId, (scope = deps.engine.report(scopeId, now, { period: 'week', which: 'previous' })));
      const data = await scope;
      if (!data) {
        await claims.finish(person._id, week, 'failed', 'no_place');
        report.failed += 1;
        continue;
      }
      // Built fresh for each recipient, in their language; the same renderer as TONGHOP.
      const text = summaryReply(createTexts(deps.i18n, person.lng), data);
      const attachment = picture?.(person, data);
      const summary = attachment ? { ...text, attachment } : text;
      const result = await deps.outbound.send({ person, reply: summary, idempotencyKey: `summary:${week}:${person._id}` });
      if (result.ok) {
        await claims.finish(person._id, week, 'sent');
        report.sent += 1;
        continue;
      }
      report.failed += 1;
      report.undelivered.push(person._id);
      // Only a delivery uses up the week: a door that may open later gets the claim back for the next run.
      if (RETRYABLE.has(result.reason)) await claims.release(person._id, week);
      else await claims.finish(person._id, week, 'failed', result.reason);
      await reportUndelivered(deps, recipients, person, week, result.reason, now);
    } catch (error) {
      logger.warn({ err: error, person: person._id, week }, 'weekly summary failed; will retry on the next run');
      await claims.release(person._id, week);
      report.failed += 1;
    }
  }
  return report;
}
