import { correctLog } from '../usecases/session-logs';
import { defineCommand, everyone } from './command-module';

/** SUA: correct a log by its code (`SUA A7K2 50`, `SUA A7K2 loa`); only what is given changes. */
export const sua = defineCommand<'correct'>({
  kind: 'correct',
  words: ['correct'],
  example: 'SUA K7M2 50',
  menu: 'sua',
  grammar: ({ rest, ctx, read }) => read.correct(rest, ctx),
  action: 'correct',
  ...everyone((ctx, person, command) => correctLog(ctx, person, command.code, command.changes)),
  replies: ['correct.done', 'correct.unchanged', 'correct.split_needed', 'correct.not_found', 'correct.already_cancelled', 'correct.too_late', 'edit.code_ambiguous'],
});
