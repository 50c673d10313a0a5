import type { EmbeddedStore } from '../embedded-store';

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
