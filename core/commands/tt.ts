import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { Command, ParseContext, ParseResult, ParticipantsByGroup } from '../language/commands';
import { checkStructured } from '../language/parser';
import { logSession } from '../usecases/session-logs';
import { defineCommand, everyone } from './command-module';
import type { LogCommand } from '../language/commands';

declare module '../language/commands' {
  interface CommandShapes {
    log: LogCommand;
  }
}

/**
 * TT: log one session (`TT 45 hop thon`, `TT @Dong 30 loa` for an officer).
 * `TT2` / `TT THEM` is the same with "deliberately another session".
 */
export const tt = defineCommand<'log'>({
  kind: 'log',
  rank: 1,
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

/** The word that starts a log (`TT`): the guided flow builds the text a collaborator would type with it. */
export const LOG_WORD: string = (tt.menu ?? tt.words[0]!).toUpperCase();

/** A TT as a form gives it (the web's new-session form): already structured, not typed. */
export interface LogFields {
  participants: number;
  form: FormCode;
  groups: GroupCode[];
  /** People per group, when split; their sum must be `participants`. */
  split?: ParticipantsByGroup;
  /** Local `YYYY-MM-DD`. */
  date: string;
  again: boolean;
  /** The place chosen in the form (a village under the sender's place, or that place itself); TT's handler asks the policy. */
  placeId?: string;
}

/**
 * The log command the parser would produce for the same session, through the
 * same checks (count range, split sum, the date window of the sender's role
 * in `ctx.maxAgeDays`); no text round-trip.
 */
export function logFromFields(fields: LogFields, ctx: ParseContext): ParseResult {
  const checked = checkStructured({ participants: fields.participants, date: fields.date, ...(fields.split ? { byGroup: fields.split } : {}) }, ctx);
  if (!checked.ok) return checked;
  const groups = fields.split ? (Object.keys(fields.split) as GroupCode[]) : fields.groups;
  const command: Extract<Command, { kind: 'log' }> = { kind: 'log', participants: fields.participants, form: fields.form, groups, date: fields.date, note: '', again: fields.again };
  if (fields.split) command.participantsByGroup = fields.split;
  if (fields.placeId !== undefined) command.placeId = fields.placeId;
  return { ok: true, command };
}
