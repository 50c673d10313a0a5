import { listDeadlines } from '../usecases/deadlines-due';
import { defineCommand, staffOnly } from './command-module';
import { bare } from './officer-scope';

declare module '../language/commands' {
  interface CommandShapes {
    /** `HAN`: the reports due from the sender's place (overdue ones first). */
    deadlines: { kind: 'deadlines' };
  }
}

/** HAN: the reports due from the sender's place, overdue ones first. */
export const han = defineCommand<'deadlines'>({
  kind: 'deadlines',
  rank: 14,
  words: ['deadlines'],
  example: 'HAN',
  grammar: bare('deadlines'),
  action: 'summary',
  ...staffOnly((ctx, person) => listDeadlines(ctx, person)),
  replies: ['summary:deadlines_list', 'summary:deadlines_none', 'summary:no_place'],
});
