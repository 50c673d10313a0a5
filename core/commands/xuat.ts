import { isSmsLike } from '../domain/session-log';
import { buildExport, XLSX_MIME } from '../officer/export-xlsx';
import { createTexts } from '../wording/texts';
import { reply } from '../reply';
import { defineCommand, staffOnly } from './command-module';
import { officerHandler, periodGrammar, withScope, type OfficerRun } from './officer-scope';
import type { PeriodRef } from '../language/commands';

declare module '../language/commands' {
  interface CommandShapes {
    export: { kind: 'export'; period: PeriodRef; placeName?: string };
  }
}

/** The workbook of the sender's place for the period (a chat sends it; by SMS the reply says so). */
export const exportWorkbook: OfficerRun<'export'> = (kit, command, person, context) =>
  // Daily facts feed XUAT's village sheet (its silence column), as they feed TONGHOP.
  withScope(kit, person, command, context.now, true, async (report) => {
    if (isSmsLike(context.channel)) return reply('summary:export_needs_telegram');
    const { i18n, repos, xlsx } = kit.deps;
    const texts = createTexts(i18n, person.lng);
    const vi = person.lng === 'vi' ? texts : createTexts(i18n, 'vi');
    if (!xlsx) throw new Error('XUAT on a chat door needs the xlsx writer: the composition root gives the core one');
    const { snapshot: s } = report;
    const root = report.data.tree.root;
    const file = await buildExport({ repos, texts: vi, root, snapshot: s, plans: report.plans, places: report.data.tree.byId, writer: xlsx });
    const done = reply('summary:export_ready', {
      place: root.name,
      period: texts.period(s.period.kind, s.period.key, s.period.from, s.period.to),
      sessions: file.sessions,
      targets: report.plans.reduce((n, p) => n + p.targets.length, 0),
    });
    return { ...done, attachment: { filename: `loa-${root._id}-${s.period.key}.xlsx`, mimeType: XLSX_MIME, content: file.buffer } };
  });

/** XUAT [period]: the sessions and targets as a workbook (default: this month, like the periodic report). */
export const xuat = defineCommand<'export'>({
  kind: 'export',
  rank: 11,
  words: ['export'],
  example: 'XUAT',
  menu: 'xuat',
  asksAboutAPlace: true,
  grammar: periodGrammar('export', 'month', true),
  action: 'export',
  ...staffOnly(officerHandler(exportWorkbook)),
  replies: ['summary:export_ready', 'summary:export_needs_telegram', 'summary:no_place'],
});
