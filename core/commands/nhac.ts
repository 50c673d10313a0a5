import { remindReply } from '../wording/replies';
import { createTexts } from '../wording/texts';
import { reply } from '../reply';
import { sendReminders } from '../scheduling/reminders';
import { defineCommand, staffOnly } from './command-module';
import { bare, officerHandler, withScope, type OfficerRun } from './officer-scope';

declare module '../language/commands' {
  interface CommandShapes {
    remind: { kind: 'remind' };
  }
}

/** Texts the collaborators of the quiet villages under the sender's place now. */
export const remindQuiet: OfficerRun<'remind'> = (kit, _command, person, context) =>
  withScope(kit, person, {}, context.now, false, async (report) => {
    const { repos, engine, outbound, i18n } = kit.deps;
    const scopeId = person.role.placeId;
    const result = await sendReminders({ repos, engine, outbound, owner: kit.owner, logger: kit.logger }, scopeId, context.now);
    const monthNo = Number(report.snapshot.month.slice(5, 7));
    if (!result || result.quiet === 0) return reply('summary:remind_none', { monthNo });
    kit.logger.info({ scope: scopeId, quiet: result.quiet, reminded: result.reminded, failed: result.failed, nobody: result.nobody }, 'reminders sent on request');
    const root = report.data.tree.root;
    return remindReply(createTexts(i18n, person.lng), result, monthNo, root.level !== 'commune' ? report.data.tree : null);
  });

/** NHAC: remind the quiet villages now. */
export const nhac = defineCommand<'remind'>({
  kind: 'remind',
  rank: 13,
  words: ['remind'],
  example: 'NHAC',
  menu: 'nhac',
  grammar: bare('remind'),
  action: 'remind',
  ...staffOnly(officerHandler(remindQuiet)),
  replies: ['summary:remind_none', 'summary:remind_done', 'summary:no_place'],
});
