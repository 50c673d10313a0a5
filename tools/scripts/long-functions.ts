import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Folders of production code: what the build compiles, so a new adapter folder
 * is held to the limit too (tests, benches and scripts are not).
 */
export const SOURCE_DIRS: readonly string[] = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../tsconfig.build.json'), 'utf8')) as { include: string[] }).include;
export const MAX_FUNCTION_LINES = 80;

export interface LongFunction {
  file: string;
  name: string;
  lines: number;
}

function sourceFiles(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText(source);
  return `(anonymous at line ${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1})`;
}

/** Every function, method or arrow in the production sources whose body runs over the limit, longest first. */
export function longFunctions(root: string, max = MAX_FUNCTION_LINES): LongFunction[] {
  const found: LongFunction[] = [];
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(root, dir))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > max) found.push({ file, name: nameOf(node, source), lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => b.lines - a.lines);
}

if (require.main === module) {
  const found = longFunctions(path.resolve(__dirname, '../..'));
  for (const f of found) console.log(`${f.lines}\t${f.file}\t${f.name}`);
  console.log(`${found.length} function(s) over ${MAX_FUNCTION_LINES} lines`);
  process.exitCode = found.length > 0 ? 1 : 0;
}
