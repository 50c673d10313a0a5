import { quietReply } from '../wording/replies';
import { createTexts } from '../wording/texts';
import { defineCommand, staffOnly } from './command-module';
import { officerHandler, periodGrammar, withScope, type OfficerRun } from './officer-scope';
import type { PeriodRef } from '../language/commands';

declare module '../language/commands' {
  interface CommandShapes {
    quiet: { kind: 'quiet'; period?: PeriodRef; placeName?: string };
  }
}

/** The villages under the sender's place with no session in the period (default: this month). */
export const quietVillages: OfficerRun<'quiet'> = (kit, command, person, context) =>
  withScope(kit, person, command, context.now, false, async (report) =>
    quietReply(createTexts(kit.deps.i18n, person.lng), report.snapshot, await kit.collaboratorsByVillage(report.data.tree.root._id)),
  );

/** CHUA [period]: villages with no session yet. */
export const chua = defineCommand<'quiet'>({
  kind: 'quiet',
  rank: 9,
  words: ['quiet'],
  example: 'CHUA',
  menu: 'chua',
  asksAboutAPlace: true,
  grammar: periodGrammar('quiet', 'month', false),
  action: 'summary',
  ...staffOnly(officerHandler(quietVillages)),
  replies: ['summary:quiet', 'summary:quiet_none', 'summary:no_place'],
});
