import { listDeadlines } from '../usecases/deadlines-due';
import { defineCommand, staffOnly } from './command-module';
import { bare } from './officer-scope';

/** HAN: the reports due from the sender's place, overdue ones first. */
export const han = defineCommand<'deadlines'>({
  kind: 'deadlines',
  words: ['deadlines'],
  example: 'HAN',
  grammar: bare('deadlines'),
  action: 'summary',
  ...staffOnly((ctx, person) => listDeadlines(ctx, person)),
  replies: ['summary:deadlines_list', 'summary:deadlines_none', 'summary:no_place'],
});
