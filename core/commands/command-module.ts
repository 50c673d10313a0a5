import type { AccessAction } from '../access/policy';
import type { Person, RoleKind, Staff } from '../domain/people';
import type { InboundMessage } from '../inbound';
import type { Command, CommandKind, ParseResult } from '../language/commands';
import type { GrammarArgs } from '../language/parser';
import type { Reply } from '../reply';
import type { UseCaseContext } from '../usecases/context';

/** A handler as the entry runs it: the sender is known, their role has a handler, and the policy let them in. */
export type Handler<K extends CommandKind, P extends Person = Person> = (
  ctx: UseCaseContext,
  person: P,
  command: Extract<Command, { kind: K }>,
  message: InboundMessage,
) => Promise<Reply>;

/**
 * One command, declared in one file (`core/commands/<verb>.ts`): the words
 * that start it (kept in `locales/<lng>/vocabulary.json`, the module names
 * the key), the parse of its arguments, the policy action it asks for, its
 * handler per role and the replies it may give. The registry derives the
 * parser's head, the command table and the Telegram menu from these.
 */
export interface CommandModule<K extends CommandKind = CommandKind> {
  kind: K;
  /**
   * Where it stands in the registry's order (the Telegram menu, help tables):
   * lower first; modules without one come last, by file name.
   */
  rank?: number;
  /**
   * Its keys under `commands` in every vocabulary (`log`, `logAgain`); empty
   * for the linking words, which are read before the vocabulary (a phone
   * number must be read whole: `core/language/link-commands.ts`).
   */
  words: readonly string[];
  /** A text that runs it (the registry test sends it through every door that takes text). */
  example: string;
  /** The parse of the arguments after its keyword; absent with `words` empty. */
  grammar?: (args: GrammarArgs) => ParseResult;
  /**
   * The command asks about a place named after `@` (`XEM @Ke Sat`): the parser
   * reads the name before the grammar and adds it as `placeName`, which the
   * handler resolves inside the sender's area.
   */
  asksAboutAPlace?: boolean;
  /**
   * The policy action the sender needs at their own place; null for a
   * command about the sender alone (help, reminders, linking). The place a
   * TT, HUY or SUA finally touches is checked again by its use-case.
   */
  action: AccessAction | null;
  /** The handler each role runs; a role missing is answered `refusal`. */
  by: Partial<Record<RoleKind, Handler<K, never>>>;
  /** The answer to a role without a handler, or one the policy refuses (null: open to every role). */
  refusal: string | null;
  /**
   * The Telegram slash menu entry: the command word (`tt`, the message
   * language's own keyword, so the menu teaches the SMS syntax); its
   * description is `bot:commands.<menu>`. Absent: not in the menu.
   */
  menu?: string;
  /** Every reply key its handler may answer with (the registry test checks each is in every locale). */
  replies: readonly string[];
}

/** The same handler for every role. */
export function everyone<K extends CommandKind>(handler: Handler<K>): Pick<CommandModule<K>, 'by' | 'refusal'> {
  return { by: { collaborator: handler, officer: handler, admin: handler }, refusal: null };
}

/** Officers and admins only; collaborators are told the command is not theirs. */
export function staffOnly<K extends CommandKind>(handler: Handler<K, Staff>): Pick<CommandModule<K>, 'by' | 'refusal'> {
  return { by: { officer: handler, admin: handler }, refusal: 'officer.only' };
}

/** Set by {@link defineCommand}: the registry takes only what was declared through it (a module's other exports are ignored). */
const MODULE_MARK = Symbol.for('loa.commandModule');

/** A module's declaration, checked against its kind. */
export function defineCommand<K extends CommandKind>(module: CommandModule<K>): CommandModule<K> {
  return Object.freeze({ ...module, [MODULE_MARK]: true }) as CommandModule<K>;
}

/** Whether an export of a file in `core/commands/` is a command module (made by {@link defineCommand}). */
export function isCommandModule(value: unknown): value is CommandModule {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MODULE_MARK] === true;
}
