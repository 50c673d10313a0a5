import { isSmsLike } from '../domain/session-log';
import { summaryReply } from '../wording/replies';
import { createTexts } from '../wording/texts';
import { defineCommand, staffOnly } from './command-module';
import { officerHandler, periodGrammar, withScope, type OfficerRun } from './officer-scope';
import type { PeriodRef } from '../language/commands';

declare module '../language/commands' {
  interface CommandShapes {
    summary: { kind: 'summary'; period: PeriodRef; placeName?: string };
  }
}

/** TONGHOP without a period: the week, like the Monday summary. */
const DEFAULT_PERIOD = 'week';

/** The summary of the sender's place; on a chat with the grid picture when there is a chart renderer. */
export const summarize: OfficerRun<'summary'> = (kit, command, person, context) =>
  // Daily facts (silent villages, week totals) feed TONGHOP and XUAT.
  withScope(kit, person, command, context.now, true, (report) => {
    const summary = summaryReply(createTexts(kit.deps.i18n, person.lng), report);
    const attachment = isSmsLike(context.channel) ? null : kit.picture?.(person, report);
    return attachment ? { ...summary, attachment } : summary;
  });

/** TONGHOP [period]: sessions, reach and targets of the sender's place. */
export const tonghop = defineCommand<'summary'>({
  kind: 'summary',
  rank: 8,
  words: ['summary'],
  example: 'TONGHOP',
  menu: 'tonghop',
  asksAboutAPlace: true,
  grammar: periodGrammar('summary', DEFAULT_PERIOD, true),
  action: 'summary',
  ...staffOnly(officerHandler(summarize)),
  replies: ['summary:commune', 'summary:commune_long', 'summary:rollup', 'summary:no_place'],
});
