import fs from 'node:fs';
import path from 'node:path';

/**
 * Issue 22/23: the Mongo-shaped document layer is deleted and stays so.
 * Tools, benches and tests reach a store through its repositories and the
 * maintenance port (`OpenStorage.admin`); a test that writes under them uses
 * raw SQL on the file or the MongoDB driver's own `Db.collection`, never a
 * `.collection(…)` of Loa's or `OpenStorage.documents`.
 */
const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['app', 'core', 'bot', 'sms', 'web', 'tools', 'test'];
const SKIP = new Set(['node_modules', 'dist', 'data', 'test-output', 'fixtures']);
const SELF = 'test/hardening/storage-layer.test.ts';

/**
 * Files still on the layer, each with why; the list only shrinks (a listed
 * file that no longer uses the layer fails the test until it is taken off).
 * Empty since the layer was deleted (issue 23): keep it so.
 */
const KNOWN_DEBT: Record<string, string> = {
};

/**
 * The document layer as it was (issue 23 deleted it): a Mongo-shaped API over
 * both stores, filters translated to `json_extract`, updates and pipelines run
 * in JavaScript. None of it may come back; each store speaks its own terms.
 */
const DELETED_FILES = [
  'adapters/sqlite/sql-filter.ts',
  'adapters/store/doc-ops.ts',
  'adapters/store/document-store.ts',
  'adapters/store/bulk-rollups.ts',
  'adapters/store/repositories/rollups-repo.ts',
  'adapters/store/repositories/rollup-facts.ts',
  'adapters/mongo/mongo-collection.ts',
  'adapters/mongo/split-group.ts',
  'tools/bench/bulk-load.ts',
  'tools/bench/mongo-store-bench.ts',
];
/** Its classes and entry points, wherever they would be written again. */
const DELETED_NAMES = /\b(?:SqliteCollection|EachWriteDurable|MongoCollection|DocumentRollupsRepo|DocumentStore|ensureCoreIndexes|CORE_INDEXES|DOCUMENT_VIEWS|whereSql|runStages|applyUpdate)\b/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (SKIP.has(e.name) || e.name.startsWith('.')) return [];
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.ts$/.test(e.name) ? [rel] : [];
  });
}

/** The code without its comments (a comment may name the layer to say it is not used). */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');

/** What of the layer one file uses, named; empty when it uses none. */
function layerUses(file: string, text: string): string[] {
  const body = code(text);
  const uses: string[] = [];
  for (const m of body.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)'(\.[^']+)'/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!));
    if (target === 'adapters/store/document-store') uses.push('imports adapters/store/document-store');
  }
  // The MongoDB driver's own `Db.collection` (a test writing damage under the repositories) is not the layer.
  if (/(?<!\b(?:mongo!?|db))\.collection\s*(?:<[^>()]*>)?\s*\(/.test(body)) uses.push('calls .collection(');
  // `report.documents` is the journal import's count of documents (app/open-store.ts logs it), not the layer.
  if (/(?<!report)\.documents\b/.test(body)) uses.push('reads .documents');
  if (/from '(?:\.\.?\/)+adapters\/store\/repositories\//.test(body)) uses.push('imports the shared Document*Repo layer (adapters/store/repositories/)');
  return uses;
}

const scanned = SCANNED.flatMap((dir) => sourceFiles(dir)).filter((f) => f !== SELF);
const offenders = new Map(scanned.map((f) => [f, layerUses(f, fs.readFileSync(path.join(ROOT, f), 'utf8'))] as const).filter(([, uses]) => uses.length > 0));

describe('the document layer stays inside the storage adapters', () => {
  it('no file outside adapters/ imports the document layer, calls .collection( or reads .documents, beyond the listed debt', () => {
    const unlisted = [...offenders].filter(([f]) => !(f in KNOWN_DEBT)).map(([f, uses]) => `${f}: ${uses.join(', ')}`);
    expect(unlisted).toEqual([]);
  });

  it('the debt list only shrinks: every listed file still uses the layer (take a cleaned one off)', () => {
    expect(Object.keys(KNOWN_DEBT).filter((f) => !offenders.has(f))).toEqual([]);
  });

  it('the layer stays deleted: none of its files exists and no source names its classes or functions', () => {
    expect(DELETED_FILES.filter((f) => fs.existsSync(path.join(ROOT, f)))).toEqual([]);
    const named = [...SCANNED, 'adapters'].flatMap((dir) => sourceFiles(dir)).filter((f) => f !== SELF && DELETED_NAMES.test(code(fs.readFileSync(path.join(ROOT, f), 'utf8'))));
    expect(named).toEqual([]);
  });

  it('sees each way in: the import, a collection call (typed or not) and the documents field; not a comment', () => {
    expect(layerUses('tools/x.ts', "import type { DocumentStore } from '../adapters/store/document-store';")).toEqual(['imports adapters/store/document-store']);
    expect(layerUses('test/a/b.ts', "const logs = await store.collection<SessionLog>('logs').find({});")).toEqual(['calls .collection(']);
    expect(layerUses('app/x.ts', 'const d = storage.documents;')).toEqual(['reads .documents']);
    expect(layerUses('app/x.ts', '// no storage.documents or .collection( here\nconst n = 1;')).toEqual([]);
    expect(layerUses('test/a/b.ts', "await store.mongo!.collection<Doc>('logs').insertOne(log); await db.collection('rollup_marks').insertOne(m);")).toEqual([]);
  });
});
