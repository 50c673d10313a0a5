import fs from 'node:fs';
import path from 'node:path';
import { createCommandRegistry, type CommandRegistry } from '../core/commands/registry';
import type { Language } from '../core/domain/people';
import { LANGUAGES, loadVocabularies, VocabularySchema, type Vocabulary } from '../core/language/vocabulary';
import type { Parser } from '../core/usecases/context';

/**
 * The commands are found, not listed: every file of `core/commands/` is
 * loaded at start and each export made by `defineCommand` joins the registry.
 * Adding a command is its file there, its words and replies in `locales/`,
 * and its tests; no line elsewhere names it. (Kept in `app/`: core reads no
 * file system.)
 */
export const CORE_COMMANDS_DIR = path.join(__dirname, '..', 'core', 'commands');

/** A source file of a folder (`.ts` under tsx and jest, `.js` in a build); never a declaration, a map or a test. */
const SOURCE = /^[^.].*(?<!\.d)(?<!\.test)\.(ts|js)$/;

/**
 * A folder of command modules. One outside `core/commands/` (a test's
 * fixture, a deployment's own command) may carry its own strings in
 * `locales/<lng>/<namespace>.json`: `vocabulary.json` holds only its
 * `commands` words; the other files are reply namespaces.
 */
export interface CommandFolder {
  dir: string;
}

/** Strings a command folder brings, for the runtime's i18n. */
export interface CommandStrings {
  lng: Language;
  namespace: string;
  resources: Record<string, unknown>;
}

/** The found commands: their registry, the vocabularies with their words, and their other strings. */
export interface FoundCommands {
  registry: CommandRegistry;
  /** The shipped vi and en vocabularies, each with the command words of the extra folders. */
  vocabularies: Vocabulary[];
  strings: CommandStrings[];
}

/** Every export of every source file in `dir`, in file-name order. */
export function exportsOf(dir: string): unknown[] {
  const files = fs.readdirSync(dir).filter((name) => SOURCE.test(name)).sort();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return files.flatMap((file) => Object.values(require(path.join(dir, file)) as Record<string, unknown>));
}

function stringsOf(dir: string): CommandStrings[] {
  const root = path.join(dir, 'locales');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((lng) =>
    fs
      .readdirSync(path.join(root, lng))
      .filter((file) => file.endsWith('.json'))
      .map((file) => ({ lng: lng as Language, namespace: file.slice(0, -'.json'.length), resources: JSON.parse(fs.readFileSync(path.join(root, lng, file), 'utf8')) as Record<string, unknown> })),
  );
}

/** The shipped vocabularies with the command words of `strings` added (checked by the vocabulary's own schema). */
function withWords(strings: readonly CommandStrings[]): Vocabulary[] {
  return loadVocabularies(LANGUAGES).map((vocabulary, index) => {
    const added = strings.filter((s) => s.namespace === 'vocabulary' && s.lng === LANGUAGES[index]).map((s) => (s.resources['commands'] ?? {}) as Record<string, string[]>);
    if (added.length === 0) return vocabulary;
    return VocabularySchema.parse({ ...vocabulary, commands: Object.assign({}, vocabulary.commands, ...added) }) as Vocabulary;
  });
}

/**
 * The commands of `core/commands/` and of `extra` folders. Throws when two
 * modules claim one kind or word (`CommandRegistryError`), or a vocabulary
 * key has no module (at the parser's build).
 */
export function findCommands(extra: readonly CommandFolder[] = []): FoundCommands {
  const dirs = [CORE_COMMANDS_DIR, ...extra.map((folder) => folder.dir)];
  const registry = createCommandRegistry(dirs.flatMap(exportsOf));
  const strings = extra.flatMap((folder) => stringsOf(folder.dir));
  return { registry, vocabularies: withWords(strings), strings: strings.filter((s) => s.namespace !== 'vocabulary') };
}

let shipped: FoundCommands | null = null;

/** The shipped commands (found once per process). */
export function shippedCommands(): FoundCommands {
  shipped ??= findCommands();
  return shipped;
}

/** The registry of the shipped commands. */
export function commandRegistry(): CommandRegistry {
  return shippedCommands().registry;
}

/** The message language's parser with every shipped command (tests, benches); vocabularies default to the shipped vi and en. */
export function createParser(vocabularies?: readonly Vocabulary[]): Parser {
  const found = shippedCommands();
  return found.registry.createParser(vocabularies ?? found.vocabularies);
}
