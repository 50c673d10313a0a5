import fs from 'node:fs';
import path from 'node:path';
import { parsePlanText, type PlanParseResult } from '../core/plans/plan-file';

/** Folder of the shipped presets (`plans/` at the repository root, `dist/plans` in the image). */
export const PRESETS_DIR = path.join(__dirname, '../plans');

/** Reads a plan file and parses it in the core; a file that cannot be read is a problem like any other. */
export function readPlanFile(file: string): PlanParseResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }] };
  }
  return parsePlanText(text);
}

/** Every `*.yaml`/`*.yml`/`*.json` plan in a folder, sorted by file name. */
export function listPlanFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}
