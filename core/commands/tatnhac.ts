import { reply } from '../reply';
import { defineCommand, everyone } from './command-module';
import { bare } from './officer-scope';

declare module '../language/commands' {
  interface CommandShapes {
    stop_reminders: { kind: 'stop_reminders' };
  }
}

/** TAT NHAC: no more reminders to this person. */
export const tatnhac = defineCommand<'stop_reminders'>({
  kind: 'stop_reminders',
  rank: 6,
  words: ['stopReminders'],
  example: 'TAT NHAC',
  grammar: bare('stop_reminders'),
  action: null,
  ...everyone(async (ctx, person) => {
    await ctx.repos.people.setRemindersOff(person._id, true);
    return reply('reminders.off');
  }),
  replies: ['reminders.off'],
});
