import { randomUUID } from 'node:crypto';
import type { i18n as I18n } from 'i18next';
import type { Channel } from '../domain/session-log';
import { groupByVillage, type Person, type Staff } from '../domain/people';
import { isSmsLike } from '../domain/session-log';
import type { Command, PeriodRef } from '../language/commands';
import type { IndicatorEngine, ScopeReport } from '../indicators/engine';
import { silentLogger, type Logger } from '../logger';
import type { Outbound } from '../outbound/port';
import { reply, type Reply } from '../reply';
import type { Repositories } from '../ports/storage';
import { sendReminders } from '../scheduling/reminders';
import { buildExport, XLSX_MIME } from './export-xlsx';
import { quietReply, remindReply, summaryReply, targetsReply, viewReply } from '../wording/replies';
import { createTexts } from '../wording/texts';
import type { XlsxWriter } from './workbook';
import type { GridChartRenderer } from '../charts/chart-renderer';
import { gridPicture } from '../charts/grid-picture';
import type { ReportDocumentWriter } from '../report/report-document';
import { reportCommand } from '../report/report-command';
import type { PlacesRepo } from '../repos/places-repo';
import { resolveAskedPlace } from '../usecases/log-scope';

export type OfficerCommand = Extract<Command, { kind: 'summary' | 'quiet' | 'targets' | 'export' | 'report' | 'remind' | 'view' }>;

/**
 * Officer and admin commands (TONGHOP, CHUA, CHITIEU, XUAT, NHAC, and XEM for
 * staff). The command table lets only staff in; everything is scoped to the
 * person's own subtree.
 */
export interface OfficerCommands {
  handle(command: OfficerCommand, person: Staff, context: { channel: Channel; now: Date }): Promise<Reply>;
}

export interface OfficerCommandsDeps {
  /** `places`: a place named after `@` is looked for in the sender's area. */
  repos: Pick<Repositories, 'people' | 'logs' | 'claims' | 'places'>;
  i18n: I18n;
  /** NHAC sends through it. */
  outbound: Outbound;
  logger?: Logger;
  /** Shared with the scheduler so both compute the same numbers. */
  engine: IndicatorEngine;
  /** Names this process in reminder claims (default host:pid). */
  owner?: string;
  /** Draws the grid picture TONGHOP attaches on a chat; without it none is attached. */
  charts?: GridChartRenderer;
  /** Writes the XUAT workbook; a core without it (the terminal chat, the admin CLI) never gets XUAT on a chat door. */
  xlsx?: XlsxWriter;
  /** Writes the BAOCAO draft (.docx, `office/`) and finds the place above the sender's; without it BAOCAO answers that it is unavailable. */
  report?: { writer: ReportDocumentWriter; places: Pick<PlacesRepo, 'get'> };
}

/**
 * TONGHOP, CHUA, CHITIEU, XUAT, NHAC and XEM for officers and admins. The
 * scope is the sender's own place, or a place of their area named after `@`
 * (`TONGHOP @Ba To`), which the access policy must let them browse: an officer
 * cannot ask about another commune, nor learn whether it exists.
 */
export function createOfficerCommands(deps: OfficerCommandsDeps): OfficerCommands {
  const { engine, repos } = deps;
  const logger = deps.logger ?? silentLogger;
  // Claims need an owner unique per process; the composition root passes host:pid (core reads no OS).
  const owner = deps.owner ?? `process-${randomUUID()}`;
  const picture = deps.charts ? gridPicture(deps.i18n, deps.charts) : null;

  async function collaboratorsByVillage(scopeId: string): Promise<Map<string, Person[]>> {
    const people = await repos.people.under(scopeId, 'collaborator');
    return groupByVillage(people);
  }

  return {
    async handle(command: OfficerCommand, person: Staff, context): Promise<Reply> {
      const asked = 'placeName' in command && command.placeName ? await resolveAskedPlace(repos.places, person, command.placeName) : null;
      if (asked && !asked.ok) return asked.reply;
      const scopeId = asked ? asked.place._id : person.role.placeId;
      const texts = createTexts(deps.i18n, person.lng);
      if (command.kind === 'report') return reportCommand({ engine, i18n: deps.i18n, ...(deps.report ? { report: deps.report } : {}) }, command, person, context);
      // Every command that takes a period gets exactly the one asked for (default: this month).
      const period: PeriodRef = ('period' in command && command.period) || { kind: 'month' };
      // Daily facts (silent villages, week totals) feed TONGHOP and XUAT's village sheet (its silence column).
      const report: ScopeReport | null = await engine.report(scopeId, context.now, {
        period: period.kind,
        ...(period.key ? { key: period.key } : {}),
        daily: command.kind === 'summary' || command.kind === 'export',
      });
      if (!report) return reply('summary:no_place');
      const { snapshot: s } = report;
      const root = report.data.tree.root;

      switch (command.kind) {
        case 'summary': {
          const summary = summaryReply(texts, report);
          const attachment = isSmsLike(context.channel) ? null : picture?.(person, report);
          return attachment ? { ...summary, attachment } : summary;
        }
        case 'quiet':
          return quietReply(texts, s, await collaboratorsByVillage(scopeId));
        case 'targets':
          return targetsReply(texts, root, report.plans, report.data.today, report.above, (id) => report.data.tree.byId.get(id)?.name ?? id);
        case 'view':
          return viewReply(s);
        case 'export': {
          if (isSmsLike(context.channel)) return reply('summary:export_needs_telegram');
          const vi = person.lng === 'vi' ? texts : createTexts(deps.i18n, 'vi');
          if (!deps.xlsx) throw new Error('XUAT on a chat door needs the xlsx writer: the composition root gives the core one');
          const file = await buildExport({ repos, texts: vi, root, snapshot: s, plans: report.plans, places: report.data.tree.byId, writer: deps.xlsx });
          const done = reply('summary:export_ready', {
            place: root.name,
            period: texts.period(s.period.kind, s.period.key, s.period.from, s.period.to),
            sessions: file.sessions,
            targets: report.plans.reduce((n, p) => n + p.targets.length, 0),
          });
          return { ...done, attachment: { filename: `loa-${root._id}-${s.period.key}.xlsx`, mimeType: XLSX_MIME, content: file.buffer } };
        }
        case 'remind': {
          const result = await sendReminders({ repos, engine, outbound: deps.outbound, owner, logger }, scopeId, context.now);
          const monthNo = Number(s.month.slice(5, 7));
          if (!result || result.quiet === 0) return reply('summary:remind_none', { monthNo });
          logger.info({ scope: scopeId, quiet: result.quiet, reminded: result.reminded, failed: result.failed, nobody: result.nobody }, 'reminders sent on request');
          return remindReply(texts, result, monthNo, root.level !== 'commune' ? report.data.tree : null);
        }
      }
    },
  };
}
