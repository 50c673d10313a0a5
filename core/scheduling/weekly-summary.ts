import type { i18n as I18n } from 'i18next';
import type { Person } from '../domain/people';
import type { IndicatorEngine, ScopeReport } from '../indicators/engine';
import { silentLogger, type Logger } from '../logger';
import { communeReply, rollupReply } from '../officer/replies';
import { createTexts } from '../officer/texts';
import type { Outbound } from '../outbound/port';
import type { Reply } from '../reply';
import type { DocumentStore } from '../storage/port';
import { ClaimStore, SUMMARY_CLAIMS } from './claims';
import { gridPicture, type SummaryPicture } from '../charts/grid-picture';

export interface WeeklySummaryDeps {
  store: DocumentStore;
  engine: IndicatorEngine;
  outbound: Outbound;
  i18n: I18n;
  owner: string;
  logger?: Logger;
  /** The grid picture attached for chat recipients; default the village × month grid, `false` for none. */
  picture?: SummaryPicture | false;
}

export interface SummaryRunReport {
  /** ISO week of the run (the summary reports the week before it). */
  week: string;
  recipients: number;
  sent: number;
  /** Already claimed by an earlier run or another process. */
  skipped: number;
  failed: number;
}

/**
 * The Monday summary, built fresh for one recipient: an officer gets their
 * commune (last week, this month and year, quiet and silent villages, reach
 * by group); an admin the communes under them, furthest behind first.
 */
export function summaryFor(i18n: I18n, person: Person, report: ScopeReport): Reply {
  const texts = createTexts(i18n, person.lng);
  const root = report.data.tree.root;
  if (root.level === 'commune' || root.level === 'village') {
    return communeReply(texts, report.snapshot, report.plans.filter((p) => p.plan.place === root._id));
  }
  return rollupReply(texts, report.snapshot);
}

/**
 * Sends the summary of the run in `week` to every officer and admin not yet
 * served that week. The claim (recipient, week) is taken before building, so
 * a restart or a second process finds it and skips.
 */
export async function runWeeklySummaries(deps: WeeklySummaryDeps, week: string, now: Date): Promise<SummaryRunReport> {
  const logger = deps.logger ?? silentLogger;
  const claims = new ClaimStore(deps.store, SUMMARY_CLAIMS, deps.owner);
  const recipients = await deps.store
    .collection<Person & { [k: string]: unknown }>('people')
    .find({ 'role.kind': { $in: ['officer', 'admin'] } }, { sort: { _id: 1 } });
  const report: SummaryRunReport = { week, recipients: recipients.length, sent: 0, skipped: 0, failed: 0 };
  const reports = new Map<string, Promise<ScopeReport | null>>();
  const picture = deps.picture === false ? null : (deps.picture ?? gridPicture(deps.i18n));

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
      const text = summaryFor(deps.i18n, person, data);
      const attachment = picture?.(person, data);
      const summary = attachment ? { ...text, attachment } : text;
      const result = await deps.outbound.send({ person, reply: summary, idempotencyKey: `summary:${week}:${person._id}` });
      await claims.finish(person._id, week, result.ok ? 'sent' : 'failed', result.ok ? undefined : result.reason);
      if (result.ok) report.sent += 1;
      else report.failed += 1;
    } catch (error) {
      logger.warn({ err: error, person: person._id, week }, 'weekly summary failed; will retry on the next run');
      await claims.release(person._id, week);
      report.failed += 1;
    }
  }
  return report;
}
