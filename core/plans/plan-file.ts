import YAML from 'yaml';
import type { z } from 'zod';
import { PlanSchema, type Plan } from './plan-schema';

/** One thing wrong with a plan file, at a field path such as `targets[2].denominator`. */
export interface PlanProblem {
  path: string;
  message: string;
}

export type PlanParseResult = { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] };

/** Thrown only where a caller cannot go on without the plan (e.g. a preset that ships broken). */
export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';
  constructor(
    readonly file: string,
    readonly problems: PlanProblem[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/** `['targets', 2, 'denominator']` → `targets[2].denominator`, the way admins read it. */
export function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(plan)' : out;
}

export function problemsOf(error: z.ZodError): PlanProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** Validates an already-parsed object (from a file, the store or a chat command). */
export function validatePlan(data: unknown): PlanParseResult {
  const parsed = PlanSchema.safeParse(data);
  return parsed.success ? { ok: true, plan: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
}

/** Parses YAML or JSON text (JSON is YAML, so one parser reads both). */
export function parsePlanText(text: string): PlanParseResult {
  const doc = YAML.parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ path: '(file)', message: e.message.split('\n')[0] ?? e.message })) };
  }
  return validatePlan(doc.toJS());
}
