import { logSession } from '../usecases/session-logs';
import { defineCommand, everyone } from './command-module';

/**
 * TT: log one session (`TT 45 hop thon`, `TT @Dong 30 loa` for an officer).
 * `TT2` / `TT THEM` is the same with "deliberately another session".
 */
export const tt = defineCommand<'log'>({
  kind: 'log',
  words: ['log', 'logAgain'],
  example: 'TT 45 hop thon',
  menu: 'tt',
  grammar: ({ key, tokens, ctx, read }) => read.log(tokens, ctx, key === 'logAgain'),
  action: 'log',
  ...everyone((ctx, person, command, message) => logSession(ctx, person, command, message)),
  replies: [
    'log.saved', 'log.saved_item', 'log.saved_split_needed', 'log.resent', 'log.no_village', 'log.not_collaborator',
    'log.need_village', 'log.own_village_only', 'log.place_ambiguous', 'log.place_unknown',
  ],
});
