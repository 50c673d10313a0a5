import { reply } from '../reply';
import { defineCommand, everyone } from './command-module';
import { bare } from './officer-scope';

declare module '../language/commands' {
  interface CommandShapes {
    start_reminders: { kind: 'start_reminders' };
  }
}

/** BAT NHAC: reminders again. */
export const batnhac = defineCommand<'start_reminders'>({
  kind: 'start_reminders',
  rank: 7,
  words: ['startReminders'],
  example: 'BAT NHAC',
  grammar: bare('start_reminders'),
  action: null,
  ...everyone(async (ctx, person) => {
    await ctx.repos.people.setRemindersOff(person._id, false);
    return reply('reminders.on');
  }),
  replies: ['reminders.on'],
});
