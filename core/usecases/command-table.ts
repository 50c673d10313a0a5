import { may, ownPlaceOf, type AccessAction } from '../access/policy';
import type { InboundMessage } from '../inbound';
import type { Person, RoleKind, Staff } from '../domain/people';
import type { Command, CommandKind } from '../language/commands';
import { reply, type Reply } from '../reply';
import type { OfficerCommand } from '../officer/officer-commands';
import type { UseCaseContext } from './context';
import { cancelLog, correctLog, logSession, viewVillage } from './session-logs';
import { listDeadlines } from './deadlines-due';

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
  cancel: everyone((ctx, person, command) => cancelLog(ctx, person, command.code, undefined, command.reason)),
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
  deadlines: staffOnly((ctx, person) => listDeadlines(ctx, person)),
  // Linking words from someone already known: nothing to link.
  register: everyone(async (ctx, person) => (ctx.linking ? ctx.linking.alreadyLinked(person) : helpFor(person))),
  verify: everyone(async (ctx, person) => (ctx.linking ? ctx.linking.alreadyLinked(person) : helpFor(person))),
  unlink: staffOnly(async (ctx, person, command) => (ctx.linking ? ctx.linking.unlink(person, command.phone) : reply('officer.unavailable'))),
};

/**
 * The policy's action each command asks for at the sender's own place; null
 * for commands about the sender alone (help, reminders on/off, linking words).
 * The place a TT, HUY or SUA finally touches is checked again by its use-case.
 */
export const COMMAND_ACTIONS: { readonly [K in CommandKind]: AccessAction | null } = {
  log: 'log',
  cancel: 'cancel',
  correct: 'correct',
  view: 'view',
  help: null,
  stop_reminders: null,
  start_reminders: null,
  summary: 'summary',
  quiet: 'summary',
  targets: 'summary',
  deadlines: 'summary',
  export: 'export',
  report: 'export',
  remind: 'remind',
  register: null,
  verify: null,
  unlink: 'unlink',
};

/** Runs a command through its row: the policy lets the sender in, then their role picks the use-case; else the row's refusal. */
export function dispatch(ctx: UseCaseContext, person: Person, command: Command, message: InboundMessage): Promise<Reply> {
  const row = COMMAND_TABLE[command.kind] as CommandRow<CommandKind>;
  const action = COMMAND_ACTIONS[command.kind];
  const useCase = row.by[person.role.kind] as UseCase<CommandKind> | undefined;
  if (!useCase || (action && !may(person, action, ownPlaceOf(person)).allowed)) return Promise.resolve(reply(row.refusal ?? 'officer.only'));
  return useCase(ctx, person, command as Extract<Command, { kind: CommandKind }>, message);
}
