import { may, ownPlaceOf } from '../access/policy';
import type { Person } from '../domain/people';
import type { InboundMessage } from '../inbound';
import type { Command, CommandKind } from '../language/commands';
import { createLanguageParser, type HeadGrammar, type HeadGrammars, type Parser } from '../language/parser';
import type { Vocabulary } from '../language/vocabulary';
import { reply, type Reply } from '../reply';
import type { UseCaseContext } from '../usecases/context';
import type { CommandModule, Handler } from './command-module';
import { baocao } from './baocao';
import { batnhac } from './batnhac';
import { chitieu } from './chitieu';
import { chua } from './chua';
import { han } from './han';
import { hd } from './hd';
import { huy } from './huy';
import { dk, huylk, maSo } from './linking';
import { nhac } from './nhac';
import { sua } from './sua';
import { tatnhac } from './tatnhac';
import { tonghop } from './tonghop';
import { tt } from './tt';
import { xem } from './xem';
import { xuat } from './xuat';

/**
 * Every command, one module each. The parser's head, the command table (who
 * runs what, which policy action), the Telegram menu and the guided flow's
 * command word are all derived from this list; the type makes a command of
 * the language without a module a compile error.
 */
export const COMMANDS: { readonly [K in CommandKind]: CommandModule<K> } = {
  log: tt,
  view: xem,
  cancel: huy,
  correct: sua,
  help: hd,
  stop_reminders: tatnhac,
  start_reminders: batnhac,
  summary: tonghop,
  quiet: chua,
  targets: chitieu,
  export: xuat,
  report: baocao,
  remind: nhac,
  deadlines: han,
  register: dk,
  verify: maSo,
  unlink: huylk,
};

/** The modules as a list, in the order above. */
export const COMMAND_MODULES: readonly CommandModule[] = Object.values(COMMANDS) as CommandModule[];

/** Who may run what (`by`, `refusal`): the access test reads it as the command table. */
export const COMMAND_TABLE = COMMANDS;

/** Grammars by the vocabulary key that starts them. */
export const HEAD_GRAMMARS: HeadGrammars = Object.fromEntries(
  COMMAND_MODULES.flatMap((module) => (module.grammar ? module.words.map((word): [string, HeadGrammar] => [word, module.grammar!]) : [])),
);

/** The message language's parser with every registered command's grammar. */
export function createParser(vocabularies: readonly Vocabulary[]): Parser {
  return createLanguageParser(vocabularies, HEAD_GRAMMARS);
}

/** The slash menu's words, in registry order (`tt`, `huy`, …); each is described by `bot:commands.<word>`. */
export const MENU_WORDS: readonly string[] = COMMAND_MODULES.flatMap((module) => (module.menu ? [module.menu] : []));

/** The word that starts a log (`TT`): the guided flow builds the text a collaborator would type with it. */
export const LOG_WORD: string = (tt.menu ?? tt.words[0]!).toUpperCase();

/** Runs a command through its module: the policy lets the sender in, then their role picks the handler; else the module's refusal. */
export function dispatch(ctx: UseCaseContext, person: Person, command: Command, message: InboundMessage): Promise<Reply> {
  const module = COMMANDS[command.kind] as CommandModule;
  const handler = module.by[person.role.kind] as Handler<CommandKind> | undefined;
  if (!handler || (module.action && !may(person, module.action, ownPlaceOf(person)).allowed)) return Promise.resolve(reply(module.refusal ?? 'officer.only'));
  return handler(ctx, person, command, message);
}
