import fs from 'node:fs';
import path from 'node:path';

/**
 * The folders say what they are (README "How it fits together"): the core in the
 * middle; doors (bot/*, sms/*, web) and adapters around it; app/ composes; tools/
 * drive it. These rules are read from the imports of every source file, so a
 * folder that reaches where it should not fails here before review.
 */
const ROOT = path.resolve(__dirname, '../..');
const CODE_FOLDERS = ['app', 'core', 'bot', 'sms', 'web', 'adapters', 'tools', 'test'];
/** Not TypeScript of ours: build output, data, and deploy/'s MongoDB shell script. */
const SKIP = new Set(['node_modules', 'dist', 'data', '.git', 'test-output', 'deploy']);

/** What core may import from npm: validation, translation, dates, the language's own fuzzy matching and text formats, random ids. */
const CORE_PACKAGES = new Set(['zod', 'i18next', 'luxon', 'fastest-levenshtein', 'csv-parse/sync', 'yaml', 'node:crypto']);

/** A door is a folder that turns outside input into core commands; its family shares one folder. */
const DOORS: Record<string, string> = {
  'bot/telegram': 'bot/shared',
  'bot/zalo': 'bot/shared',
  'bot/shared': 'bot/shared',
  'sms/twilio': 'sms/shared',
  'sms/android': 'sms/shared',
  'sms/shared': 'sms/shared',
  web: 'web',
};

/**
 * A door's `plugin.ts` and `settings.ts` are its part of the composition root (what settings it reads, what
 * switches it on, what it mounts): they may read the plug-in contract, the config type and the kinds of setting
 * from app/, and nothing else of app/; adapters reach the door through the env.
 */
const PLUGIN = /^(bot|sms)\/[a-z]+\/(plugin|settings)\.ts$|^web\/(plugin|settings)\.ts$/;
const PLUGIN_MAY = ['app/door-plugin', 'app/config', 'app/settings-kit'];

function sourceFiles(dir = ''): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (SKIP.has(e.name) || e.name.startsWith('.')) return [];
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.config.js') ? [rel] : [];
  });
}

interface Import { file: string; spec: string; target?: string }

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'([^'\s()]+)'/gm)) {
    const spec = m[1]!;
    const target = spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : undefined;
    found.push({ file, spec, ...(target ? { target } : {}) });
  }
  return found;
}

const under = (p: string, folder: string) => p === folder || p.startsWith(`${folder}/`);
const doorOf = (file: string) => Object.keys(DOORS).find((d) => under(file, d));
const all = sourceFiles();
const imports = all.flatMap(importsOf);
const show = (i: Import) => `${i.file} -> ${i.spec}`;

/** A room of core: its first-level folder, or a file at core's top (`create-core`, `periods`). */
const roomOf = (p: string) => p.slice('core/'.length).split('/')[0]!.replace(/\.ts$/, '');

/**
 * The imports between two different rooms of core that close a loop: `a -> b` while `b` reaches `a` back.
 * Rooms in a loop cannot be read (or changed) one at a time; each loop's arrows are all listed.
 */
function backArrowsInCore(found: Import[]): string[] {
  const inCore = found.filter((i) => under(i.file, 'core') && i.target && under(i.target, 'core') && roomOf(i.file) !== roomOf(i.target));
  const next = new Map<string, Set<string>>();
  for (const i of inCore) next.set(roomOf(i.file), (next.get(roomOf(i.file)) ?? new Set()).add(roomOf(i.target!)));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const room = stack.pop()!;
      if (room === to) return true;
      if (seen.has(room)) continue;
      seen.add(room);
      stack.push(...(next.get(room) ?? []));
    }
    return false;
  };
  return inCore.filter((i) => reaches(roomOf(i.target!), roomOf(i.file))).map((i) => `${roomOf(i.file)} -> ${roomOf(i.target!)}: ${show(i)}`);
}

describe('the layout of the code', () => {
  it('keeps every source file in one of the named top-level folders', () => {
    const outside = all.filter((f) => !CODE_FOLDERS.some((folder) => under(f, folder)));
    expect(outside).toEqual([]);
  });

  it('lets core import only its own files, the locales and a short list of pure packages', () => {
    const bad = imports.filter((i) => under(i.file, 'core') && (i.target ? !under(i.target, 'core') && !under(i.target, 'locales') : !CORE_PACKAGES.has(i.spec)));
    expect(bad.map(show)).toEqual([]);
  });

  it('lets a door import the core, the locales, itself and its family\'s shared folder, never app/, an adapter, a tool or another door', () => {
    const bad = imports.filter((i) => {
      const door = doorOf(i.file);
      if (!door || !i.target) return false;
      if (PLUGIN.test(i.file) && PLUGIN_MAY.includes(i.target)) return false;
      return !(under(i.target, 'core') || under(i.target, 'locales') || under(i.target, door) || under(i.target, DOORS[door]!));
    });
    expect(bad.map(show)).toEqual([]);
  });

  it('lets an adapter import the core, the locales and other adapters, never a door or app/', () => {
    const bad = imports.filter((i) => under(i.file, 'adapters') && i.target && !['core', 'locales', 'adapters'].some((f) => under(i.target!, f)));
    expect(bad.map(show)).toEqual([]);
  });

  it('keeps tools (the CLI, benches, scripts, the shared harness) and app/ off the tests', () => {
    const bad = imports.filter((i) => (under(i.file, 'tools') || under(i.file, 'app')) && i.target && under(i.target, 'test'));
    expect(bad.map(show)).toEqual([]);
  });

  it('keeps the rooms of core on floors: no import loop between two of core\'s folders (or top files)', () => {
    expect(backArrowsInCore(imports)).toEqual([]);
  });

  it('finds a loop between rooms of core when one is there', () => {
    const loop: Import[] = [
      { file: 'core/periods.ts', spec: './language/commands', target: 'core/language/commands' },
      { file: 'core/language/parser.ts', spec: '../periods', target: 'core/periods' },
      { file: 'core/language/parser.ts', spec: '../domain/people', target: 'core/domain/people' },
    ];
    expect(backArrowsInCore(loop)).toEqual([
      'periods -> language: core/periods.ts -> ./language/commands',
      'language -> periods: core/language/parser.ts -> ../periods',
    ]);
  });

  it('builds the core in one place: outside core/ and the tests, only app/runtime.ts calls createCore', () => {
    const callers = all.filter((f) => !under(f, 'test') && !under(f, 'core') && /\bcreateCore\(/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(callers).toEqual(['app/runtime.ts']);
  });
});
