import type { EmbeddedStore } from '../embedded-store';

/**
 * The rows of a SELECT, read as one JSON text that SQLite builds
 * (`json_group_array(json_array(…))`) and V8 parses, instead of one
 * JavaScript object per row made by the binding.
 *
 * Why: libsql's binding builds each row object through N-API, about 5 µs
 * for a row of ten columns; at 19,800 place-months (a province's year) that
 * was ~45 ms of a province report, against ~15 ms for the same rows as one
 * JSON text (measured on a loaded 2-core machine, both in one process). Use
 * it for reads of thousands of rows; a handful of rows gains nothing.
 *
 * Limits: `columns` name the SELECT's output columns (aliases); each must be
 * TEXT, INTEGER, REAL or NULL (`json_array` refuses a BLOB). Rows keep the
 * SELECT's order: an aggregate over a subquery with ORDER BY is not flattened
 * by SQLite (rule 16 of its query flattener), so the subquery's rows reach
 * `json_group_array` in that order. Numbers come back as JavaScript numbers
 * (integers above 2^53 would lose precision; Loa stores none).
 */
export function jsonRows(store: EmbeddedStore, sql: string, columns: readonly string[], params: readonly unknown[]): unknown[][] {
  const row = store
    .statement(`SELECT json_group_array(json_array(${columns.map((c) => `"${c}"`).join(', ')})) AS rows FROM (${sql})`)
    .get(...params) as { rows: string };
  return JSON.parse(row.rows) as unknown[][];
}
