import type { LogChanges, ParseContext, ParseResult } from '../language/commands';
import { checkStructured } from '../language/parser';
import { correctLog } from '../usecases/session-logs';
import { defineCommand, everyone } from './command-module';
import type { CorrectCommand } from '../language/commands';

declare module '../language/commands' {
  interface CommandShapes {
    correct: CorrectCommand;
  }
}

/** SUA: correct a log by its code (`SUA A7K2 50`, `SUA A7K2 loa`); only what is given changes. */
export const sua = defineCommand<'correct'>({
  kind: 'correct',
  rank: 4,
  words: ['correct'],
  example: 'SUA K7M2 50',
  menu: 'sua',
  grammar: ({ rest, ctx, read }) => read.correct(rest, ctx),
  action: 'correct',
  ...everyone((ctx, person, command) => correctLog(ctx, person, command.code, command.changes, command.placeId)),
  replies: ['correct.done', 'correct.unchanged', 'correct.split_needed', 'correct.not_found', 'correct.already_cancelled', 'correct.too_late', 'edit.code_ambiguous'],
});

/**
 * The correction command the parser would produce for a form's changes (the
 * web's correction form), through the same checks as `SUA <code> …`: the
 * count's range, a split's sum, the date window of the sender's role.
 */
export function correctionFromFields(code: string, changes: LogChanges, ctx: ParseContext, placeId?: string): ParseResult {
  const checked = checkStructured(
    {
      ...(changes.participants !== undefined ? { participants: changes.participants } : {}),
      ...(changes.participantsByGroup ? { byGroup: changes.participantsByGroup } : {}),
      ...(changes.date !== undefined ? { date: changes.date } : {}),
    },
    ctx,
  );
  if (!checked.ok) return checked;
  return { ok: true, command: { kind: 'correct', code, changes, ...(placeId !== undefined ? { placeId } : {}) } };
}
