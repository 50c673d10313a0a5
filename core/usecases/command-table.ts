import type { InboundMessage } from '../inbound';
import type { Person, RoleKind, Staff } from '../domain/people';
import type { Command, CommandKind } from '../language/commands';
import { reply, type Reply } from '../reply';
import type { OfficerCommand } from '../officer/officer-commands';
import type { UseCaseContext } from './context';
import { cancelLog, correctLog, logSession, viewVillage } from './session-logs';

/** A use-case as the entry runs it: the sender is already known and allowed. */
export type UseCase<K extends CommandKind, P extends Person = Person> = (
  ctx: UseCaseContext,
  person: P,
  command: Extract<Command, { kind: K }>,
  message: InboundMessage,
) => Promise<Reply>;

/**
 * One row per command: the use-case each role runs and the answer every other
 * role gets. A role missing from `by` is refused with `refusal`; a row open to
 * every role has `refusal: null`.
 */
export interface CommandRow<K extends CommandKind> {
  by: Partial<Record<RoleKind, UseCase<K, never>>>;
  refusal: string | null;
}

export type CommandTable = { readonly [K in CommandKind]: CommandRow<K> };

/** The same use-case for every role. */
function everyone<K extends CommandKind>(useCase: UseCase<K>): CommandRow<K> {
  return { by: { collaborator: useCase, officer: useCase, admin: useCase }, refusal: null };
}

/** Officers and admins only; collaborators are told the command is not theirs. */
function staffOnly<K extends CommandKind>(useCase: UseCase<K, Staff>): CommandRow<K> {
  return { by: { officer: useCase, admin: useCase }, refusal: 'officer.only' };
}

function officerCommand<K extends OfficerCommand['kind']>(ctx: UseCaseContext, person: Staff, command: Extract<Command, { kind: K }>, message: InboundMessage): Promise<Reply> {
  return ctx.officer.handle(command, person, { channel: message.channel, now: ctx.clock.now() });
}

const collaboratorHelp = async (): Promise<Reply> => reply('help.collaborator');
const staffHelp = async (): Promise<Reply> => reply('help.officer');

/** Help in the sender's role: collaborators and staff have different commands. */
export function helpFor(person: Person): Reply {
  return reply(person.role.kind === 'collaborator' ? 'help.collaborator' : 'help.officer');
}

/**
 * Who may run what, in one place. `handle-inbound` dispatches through it and
 * `test/hardening/access.test.ts` checks a row of its own access table exists
 * for every command here, so a command cannot ship without its access rule.
 */
export const COMMAND_TABLE: CommandTable = {
  log: everyone(logSession),
  cancel: everyone((ctx, person, command) => cancelLog(ctx, person, command.code)),
  correct: everyone((ctx, person, command) => correctLog(ctx, person, command.code, command.changes)),
  view: { by: { collaborator: (ctx, person) => viewVillage(ctx, person), officer: officerCommand, admin: officerCommand }, refusal: null },
  help: { by: { collaborator: collaboratorHelp, officer: staffHelp, admin: staffHelp }, refusal: null },
  stop_reminders: everyone(async (ctx, person) => {
    await ctx.repos.people.setRemindersOff(person._id, true);
    return reply('reminders.off');
  }),
  start_reminders: everyone(async (ctx, person) => {
    await ctx.repos.people.setRemindersOff(person._id, false);
    return reply('reminders.on');
  }),
  summary: staffOnly(officerCommand),
  quiet: staffOnly(officerCommand),
  targets: staffOnly(officerCommand),
  export: staffOnly(officerCommand),
  report: staffOnly(officerCommand),
  remind: staffOnly(officerCommand),
  // Linking words from someone already known: nothing to link.
  register: everyone(async (ctx, person) => (ctx.linking ? ctx.linking.alreadyLinked(person) : helpFor(person))),
  verify: everyone(async (ctx, person) => (ctx.linking ? ctx.linking.alreadyLinked(person) : helpFor(person))),
  unlink: staffOnly(async (ctx, person, command) => (ctx.linking ? ctx.linking.unlink(person, command.phone) : reply('officer.unavailable'))),
};

/** Runs a command through its row: the sender's role picks the use-case, or the row's refusal. */
export function dispatch(ctx: UseCaseContext, person: Person, command: Command, message: InboundMessage): Promise<Reply> {
  const row = COMMAND_TABLE[command.kind] as CommandRow<CommandKind>;
  const useCase = row.by[person.role.kind] as UseCase<CommandKind> | undefined;
  if (!useCase) return Promise.resolve(reply(row.refusal ?? 'officer.only'));
  return useCase(ctx, person, command as Extract<Command, { kind: CommandKind }>, message);
}
