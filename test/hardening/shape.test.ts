import fs from 'node:fs';
import path from 'node:path';
import { longFunctions, MAX_FUNCTION_LINES } from '../../tools/scripts/long-functions';

const ROOT = path.resolve(__dirname, '../..');

/** Infrastructure that belongs in adapters beside the doors, never in `core/`. */
const FORBIDDEN_IN_CORE = ['mongodb', 'better-sqlite3', 'libsql', '@libsql/client', 'node:fs', 'fs', 'exceljs', 'croner', 'echarts', '@resvg/resvg-js'];

/**
 * Core talks to repositories named in the domain's words (core/repos, core/ports);
 * collection names, query objects (`$in`, `$set`, pipelines), `.collection(`
 * and the document layer (storage/document-store.ts) belong to storage/.
 */
const DOCUMENT_LAYER = [
  /\.collection\(/,
  /\bDocumentStore\b/,
  /\bCOLLECTIONS\b/,
  /from '(?:\.\.\/)+adapters\//,
  /\$(?:in|nin|ne|gt|gte|lt|lte|exists|and|or|set|unset|inc|setOnInsert|push|max|match|group|sort|project|unwind|limit|skip|count)\b/,
];

function documentLayerInCore(): string[] {
  return coreFiles()
    .filter((file) => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      return DOCUMENT_LAYER.some((pattern) => pattern.test(text));
    })
    .sort();
}

/** Functions over the limit still to split; a listed one may not grow and a new one may not appear. */
const LONG_FUNCTIONS_TO_SPLIT: Record<string, number> = {};

function coreFiles(dir = 'core'): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? coreFiles(rel) : e.name.endsWith('.ts') ? [rel] : [];
  });
}

function forbiddenImports(): string[] {
  const found: string[] = [];
  for (const file of coreFiles()) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)'([^']+)'/g)) {
      if (FORBIDDEN_IN_CORE.includes(match[1]!)) found.push(`${file} ${match[1]}`);
    }
  }
  return [...new Set(found)].sort();
}

describe('the shape of the code', () => {
  it('core/ imports no driver, file system, spreadsheet, cron or chart library', () => {
    expect(forbiddenImports()).toEqual([]);
  });

  it('core/ builds no queries and names no collections: it reaches the store only through repositories', () => {
    expect(documentLayerInCore()).toEqual([]);
  });

  it(`has no new function over ${MAX_FUNCTION_LINES} lines outside tests, and none of the listed ones grew`, () => {
    const found = longFunctions(ROOT).map((f) => [`${f.file} ${f.name}`, f.lines] as const);
    const grownOrNew = found.filter(([key, lines]) => lines > (LONG_FUNCTIONS_TO_SPLIT[key] ?? MAX_FUNCTION_LINES));
    expect(grownOrNew).toEqual([]);
    expect(found.map(([key]) => key).sort()).toEqual(Object.keys(LONG_FUNCTIONS_TO_SPLIT).sort());
  });
});
