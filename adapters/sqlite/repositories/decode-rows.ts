import type { EmbeddedStore } from '../embedded-store';
import { jsonRows } from './json-rows';

/**
 * Runs a read of `table` and decodes each row; a row whose JSON column no
 * longer parses (a flipped byte) is moved to the quarantine and left out,
 * so one damaged row never fails every read that meets it.
 */
export function decodedRows<R extends { id: string }, T>(sqlite: EmbeddedStore, table: string, sql: string, params: unknown[], decode: (row: R) => T): T[] {
  return sqlite.read(() => {
    const out: T[] = [];
    for (const row of sqlite.statement(sql).all(...params) as R[]) {
      try {
        out.push(decode(row));
      } catch {
        sqlite.quarantine.move(table, row.id, JSON.stringify(row), { reason: 'unreadable' });
      }
    }
    return out;
  });
}

/**
 * {@link decodedRows} for reads of thousands of rows (a province's places):
 * the rows come out of SQLite as one JSON text ({@link jsonRows}), each is
 * made an object keyed by `columns` and decoded; a row that fails to decode
 * is quarantined and left out, as there. `columns` are the SELECT's output
 * column names, `id` among them.
 */
export function decodedJsonRows<R extends { id: string }, T>(sqlite: EmbeddedStore, table: string, sql: string, columns: readonly (keyof R & string)[], params: unknown[], decode: (row: R) => T): T[] {
  return sqlite.read(() => {
    const out: T[] = [];
    for (const values of jsonRows(sqlite, sql, columns, params)) {
      const row = {} as Record<string, unknown>;
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
      try {
        out.push(decode(row as R));
      } catch {
        sqlite.quarantine.move(table, String(row.id), JSON.stringify(row), { reason: 'unreadable' });
      }
    }
    return out;
  });
}
