import type { PipelineStage } from '../store/document-store';
import { runStages } from '../store/doc-ops';

/**
 * FerretDB 1.x computes only the first accumulator of a `$group`
 * (FerretDB#4616). On such a server a pipeline whose `$group` has several
 * accumulators runs as one pipeline per accumulator; the rows are merged by
 * `_id` and the stages after the `$group` run here. MongoDB itself gets the
 * pipeline unchanged.
 */
export function splitGroup(pipeline: PipelineStage[]): { parts: PipelineStage[][]; rest: PipelineStage[] } | null {
  const at = pipeline.findIndex((stage) => '$group' in stage);
  if (at < 0) return null;
  const { _id, ...accumulators } = (pipeline[at] as { $group: Record<string, unknown> }).$group;
  const names = Object.keys(accumulators);
  if (names.length < 2) return null;
  const prefix = pipeline.slice(0, at);
  return {
    parts: names.map((name) => [...prefix, { $group: { _id, [name]: accumulators[name] } }]),
    rest: pipeline.slice(at + 1),
  };
}

/** Merges one result set per accumulator into rows with every accumulator, then applies the remaining stages. */
export function mergeGroups(results: Record<string, unknown>[][], rest: PipelineStage[]): Record<string, unknown>[] {
  const rows = new Map<string, Record<string, unknown>>();
  for (const result of results) {
    for (const row of result) {
      const key = canonical(row._id);
      const merged = rows.get(key);
      if (merged) Object.assign(merged, row);
      else rows.set(key, { ...row });
    }
  }
  const merged = [...rows.values()];
  return rest.length > 0 ? runStages(merged, rest) : merged;
}

/** JSON with object keys sorted: the same `_id` whatever order a server returns its fields in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
