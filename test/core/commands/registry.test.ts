import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandRegistry, CORE_COMMANDS_DIR, createParser, exportsOf, findCommands } from '../../../app/commands';
import { createCommandRegistry, CommandRegistryError } from '../../../core/commands/registry';
import { isCommandModule, type CommandModule } from '../../../core/commands/command-module';
import { createI18n, LANGUAGES } from '../../../core/i18n/i18n';
import { loadVocabularies, type Vocabulary } from '../../../core/language/vocabulary';
import { DEFAULT_TIME_ZONE } from '../../../core/periods';
import { buildLogText } from '../../../bot/telegram/flow/flow-text';

/**
 * Issue 22: a command is one module. Everything the registry derives (the
 * parser's head, the menu, the flow's word) comes from the modules, and a
 * module whose strings are not in every locale is caught here.
 */
const i18n = createI18n();
const vocabularies = loadVocabularies();
const registry = commandRegistry();
const COMMAND_MODULES = registry.modules;

/** What a module names that no locale has: its vocabulary keys, its reply keys, its menu description. */
function missingStrings(module: CommandModule, vocabs: readonly Vocabulary[]): string[] {
  const missing: string[] = [];
  vocabs.forEach((v, i) => {
    for (const word of module.words) if (!(word in v.commands)) missing.push(`vocabulary #${i + 1} commands.${word}`);
  });
  for (const lng of LANGUAGES) {
    for (const key of [...module.replies, ...(module.refusal ? [module.refusal] : [])]) if (!i18n.exists(key, { lng })) missing.push(`${lng} ${key}`);
    if (module.menu && !i18n.exists(`bot:commands.${module.menu}`, { lng })) missing.push(`${lng} bot:commands.${module.menu}`);
  }
  return missing;
}

describe('the command registry', () => {
  it('is found from the files of core/commands: every module any file there exports, each kind once, 17 in all', () => {
    const exported = exportsOf(CORE_COMMANDS_DIR).filter(isCommandModule);
    expect(new Set(COMMAND_MODULES)).toEqual(new Set(exported));
    expect(new Set(COMMAND_MODULES.map((m) => m.kind)).size).toBe(COMMAND_MODULES.length);
    expect(COMMAND_MODULES).toHaveLength(17);
    for (const module of COMMAND_MODULES) expect(registry.module(module.kind)).toBe(module);
  });

  it('refuses two modules for one kind, or two modules claiming one vocabulary word', () => {
    const help = registry.module('help')!;
    expect(() => createCommandRegistry([help, { ...help }])).toThrow(CommandRegistryError);
    const twin = { ...registry.module('view')!, kind: 'twin' } as unknown as CommandModule;
    expect(() => createCommandRegistry([registry.module('view')!, twin])).toThrow('the vocabulary key "view" is claimed by two modules');
  });

  it('stops the start when an extra command folder gives words to no module (a typo in its vocabulary cannot silently do nothing)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-orphan-words-'));
    try {
      fs.mkdirSync(path.join(dir, 'locales', 'vi'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'locales', 'vi', 'vocabulary.json'), JSON.stringify({ commands: { ghost: ['mama'] } }));
      const found = findCommands([{ dir }]);
      expect(() => found.registry.createParser(found.vocabularies)).toThrow('Vocabulary keywords without a command module: commands.ghost');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes from a file only what defineCommand made: helpers and constants beside a module are not commands', () => {
    expect(createCommandRegistry([{ kind: 'help', words: [], by: {}, replies: [] }, 'TT', () => null]).modules).toEqual([]);
  });

  it('finds every vocabulary word, reply and menu description each module names in both locales', () => {
    expect(COMMAND_MODULES.flatMap((m) => missingStrings(m, vocabularies).map((s) => `${m.kind}: ${s}`))).toEqual([]);
  });

  it('catches a module whose reply, word or menu description no locale has', () => {
    const stray: CommandModule = { ...registry.module('help')!, words: ['nosuchword'], replies: ['help.nosuchreply'], menu: 'nosuchmenu' } as CommandModule;
    expect(missingStrings(stray, vocabularies)).toEqual([
      'vocabulary #1 commands.nosuchword',
      'vocabulary #2 commands.nosuchword',
      'vi help.nosuchreply',
      'vi bot:commands.nosuchmenu',
      'en help.nosuchreply',
      'en bot:commands.nosuchmenu',
    ]);
  });

  it('gives every vocabulary keyword a module, and refuses to build a parser for a keyword without one', () => {
    const keys = new Set(vocabularies.flatMap((v) => Object.keys(v.commands)));
    expect([...keys].filter((k) => registry.headGrammars[k] === undefined)).toEqual([]);
    const [vi] = vocabularies;
    const orphan = { ...vi!, commands: { ...vi!.commands, stray: ['lac de'] } } as unknown as Vocabulary;
    expect(() => createParser([orphan])).toThrow('Vocabulary keywords without a command module: commands.stray');
  });

  it("parses each module's example as that module's command", () => {
    const parser = createParser(vocabularies);
    const ctx = { receivedAt: new Date('2026-11-20T03:00:00Z'), timeZone: DEFAULT_TIME_ZONE, maxAgeDays: 14 };
    const kinds = COMMAND_MODULES.map((m) => {
      const parsed = parser.parse(m.example, ctx);
      return parsed.ok ? parsed.command.kind : `error:${parsed.error.code}`;
    });
    expect(kinds).toEqual(COMMAND_MODULES.map((m) => m.kind));
  });

  it('offers in the Telegram menu exactly the modules that name a menu word, the same eleven as before', () => {
    expect(registry.menuWords).toEqual(['tt', 'xem', 'huy', 'sua', 'hd', 'tonghop', 'chua', 'chitieu', 'xuat', 'baocao', 'nhac']);
  });

  it("starts the guided flow's text with the log module's word", () => {
    expect(registry.menuWords[0]).toBe(registry.module('log')!.menu);
    expect(buildLogText({ participants: 45, form: 'hop', groups: ['tn'], date: '2026-11-20' })).toBe('TT 45 hop tn 20/11/2026');
  });
});
