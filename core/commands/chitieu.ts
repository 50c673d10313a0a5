import { targetsReply } from '../wording/replies';
import { createTexts } from '../wording/texts';
import { defineCommand, staffOnly } from './command-module';
import { officerHandler, periodGrammar, withScope, type OfficerRun } from './officer-scope';
import type { PeriodRef } from '../language/commands';

declare module '../language/commands' {
  interface CommandShapes {
    targets: { kind: 'targets'; period?: PeriodRef; placeName?: string };
  }
}

/** Each target of the plans of the sender's place and above: value and gap. */
export const targetsOf: OfficerRun<'targets'> = (kit, command, person, context) =>
  withScope(kit, person, command, context.now, false, (report) =>
    targetsReply(createTexts(kit.deps.i18n, person.lng), report.data.tree.root, report.plans, report.data.today, report.above, (id) => report.data.tree.byId.get(id)?.name ?? id),
  );

/** CHITIEU [period]: progress against the plan's targets (default: so far this month). */
export const chitieu = defineCommand<'targets'>({
  kind: 'targets',
  rank: 10,
  words: ['targets'],
  example: 'CHITIEU',
  menu: 'chitieu',
  asksAboutAPlace: true,
  grammar: periodGrammar('targets', 'month', false),
  action: 'summary',
  ...staffOnly(officerHandler(targetsOf)),
  replies: ['summary:targets', 'summary:targets_above', 'summary:targets_none', 'summary:no_place'],
});
