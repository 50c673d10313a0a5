import { reportCommand } from '../report/report-command';
import { defineCommand, staffOnly } from './command-module';
import { officerHandler, periodGrammar, type OfficerRun } from './officer-scope';
import type { PeriodRef } from '../language/commands';

declare module '../language/commands' {
  interface CommandShapes {
    /** `BAOCAO H1/2026`: the periodic report drafted as a Word file. */
    report: { kind: 'report'; period: PeriodRef };
  }
}

/** The periodic report drafted as a Word file (`core/report`). */
export const draftReport: OfficerRun<'report'> = (kit, command, person, context) => {
  const { engine, i18n, report } = kit.deps;
  return reportCommand({ engine, i18n, ...(report ? { report } : {}) }, command, person, context);
};

/** BAOCAO [period]: the report draft (default: this month). */
export const baocao = defineCommand<'report'>({
  kind: 'report',
  rank: 12,
  words: ['report'],
  example: 'BAOCAO',
  menu: 'baocao',
  grammar: periodGrammar('report', 'month', true),
  action: 'export',
  ...staffOnly(officerHandler(draftReport)),
  replies: ['baocao:ready', 'baocao:sms', 'officer.unavailable', 'summary:no_place'],
});
