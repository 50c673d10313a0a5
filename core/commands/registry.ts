import { may, ownPlaceOf } from '../access/policy';
import type { Person } from '../domain/people';
import type { InboundMessage } from '../inbound';
import type { Command, CommandKind } from '../language/commands';
import { reply } from '../reply';
import { createLanguageParser, type HeadGrammar, type HeadGrammars, type Parser } from '../language/parser';
import type { Vocabulary } from '../language/vocabulary';
import type { Reply } from '../reply';
import { helpFor } from '../usecases/help';
import type { UseCaseContext } from '../usecases/context';
import { isCommandModule, type CommandModule, type Handler } from './command-module';

/**
 * Every command Loa runs, one module each, and what is derived from them: the
 * parser's head, the command table (who runs what, which policy action), the
 * Telegram menu and dispatch. There is no list of commands in the code: the
 * runtime (`app/commands.ts`) finds the modules in `core/commands/` by file
 * name and hands them here, so adding a command is its file, its locale
 * strings and its tests.
 */
export interface CommandRegistry {
  /** The modules by `rank`, then in the order found (file name, then export order). */
  readonly modules: readonly CommandModule[];
  /** A module by its kind; undefined for a kind no module registers. */
  module(kind: string): CommandModule | undefined;
  /** Grammars by the vocabulary key that starts them. */
  readonly headGrammars: HeadGrammars;
  /** The message language's parser with every registered command's grammar. */
  createParser(vocabularies: readonly Vocabulary[]): Parser;
  /** The slash menu's words, in module order (`tt`, `huy`, …); each is described by `bot:commands.<word>`. */
  readonly menuWords: readonly string[];
  /** Runs a command through its module: the policy lets the sender in, then their role picks the handler; else the module's refusal. */
  dispatch(ctx: UseCaseContext, person: Person, command: Command, message: InboundMessage): Promise<Reply>;
}

/** Two modules claim one kind or one vocabulary word, or an export looks like a module but is not one: a programming error, found at start. */
export class CommandRegistryError extends Error {
  override readonly name = 'CommandRegistryError';
  constructor(readonly problems: readonly string[]) {
    super(`Command modules do not fit together: ${problems.join('; ')}`);
  }
}

/**
 * The registry of these modules. Throws {@link CommandRegistryError} when
 * two modules share a kind, a vocabulary key or a menu word.
 */
export function createCommandRegistry(found: readonly unknown[]): CommandRegistry {
  const modules = found.filter(isCommandModule).map((module, index) => ({ module, index }))
    .sort((a, b) => (a.module.rank ?? Infinity) - (b.module.rank ?? Infinity) || a.index - b.index)
    .map(({ module }) => module);
  const problems: string[] = [];
  const byKind = new Map<string, CommandModule>();
  const grammars: Record<string, HeadGrammar> = {};
  const placeKeys = new Set<string>();
  const menus = new Set<string>();
  for (const module of modules) {
    if (byKind.has(module.kind)) problems.push(`two modules for the command "${module.kind}"`);
    byKind.set(module.kind, module);
    for (const word of module.words) {
      if (grammars[word] !== undefined) problems.push(`the vocabulary key "${word}" is claimed by two modules`);
      if (!module.grammar) problems.push(`"${module.kind}" names words but has no grammar`);
      else grammars[word] = module.grammar;
      if (module.asksAboutAPlace) placeKeys.add(word);
    }
    if (module.menu !== undefined) {
      if (menus.has(module.menu)) problems.push(`the menu word "${module.menu}" is offered by two modules`);
      menus.add(module.menu);
    }
  }
  if (problems.length > 0) throw new CommandRegistryError(problems);
  const headGrammars: HeadGrammars = grammars;
  return {
    modules,
    module: (kind) => byKind.get(kind),
    headGrammars,
    createParser: (vocabularies) => createLanguageParser(vocabularies, headGrammars, placeKeys),
    menuWords: modules.flatMap((module) => (module.menu ? [module.menu] : [])),
    dispatch: (ctx, person, command, message) => {
      const module = byKind.get(command.kind);
      // Only a linking word can reach here without its module (they are read before the vocabulary): answered as help.
      if (!module) return Promise.resolve(helpFor(person));
      const handler = module.by[person.role.kind] as Handler<CommandKind> | undefined;
      if (!handler || (module.action && !may(person, module.action, ownPlaceOf(person)).allowed)) return Promise.resolve(reply(module.refusal ?? 'officer.only'));
      return handler(ctx, person, command, message);
    },
  };
}
