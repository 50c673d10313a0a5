/**
 * Moving damaged rows of the embedded store aside. A row whose text is not
 * JSON makes SQLite fail every statement that evaluates it (`malformed
 * JSON`), including a DELETE, since the expression indexes read the old row:
 * such a row is removed with its table's indexes dropped and rebuilt in the
 * same savepoint. The row is kept whole in `loa_quarantine`, never deleted.
 */
import type Database from 'libsql';
import { UNREADABLE_LOGS } from './migration-logs';
import { UNREADABLE_ROSTER } from './migration-roster';
import { QUARANTINE, QuarantineLimitError, QUARANTINE_LIMIT, quarantineRecord, type QuarantineEvent, type RecordProblem } from '../store/record-check';

type Db = InstanceType<typeof Database>;

interface Row {
  id: string;
  doc: string;
}

export function isMalformedJson(error: unknown): boolean {
  return error instanceof Error && /malformed JSON/i.test(error.message);
}

export class SqliteQuarantine {
  private readonly moved = new Map<string, number>();

  constructor(
    private readonly db: Db,
    /** The store's write: runs `fn` now, in the current batch's transaction. */
    private readonly write: (collection: string, fn: () => void) => Promise<unknown>,
    private listener: (event: QuarantineEvent) => void,
  ) {}

  listen(listener: (event: QuarantineEvent) => void): void {
    this.listener = listener;
  }

  /** Runs `fn`; if SQLite met unparseable rows of `collection`, moves them aside and runs it once more. */
  healing<R>(collection: string | undefined, fn: () => R): R {
    try {
      return fn();
    } catch (error) {
      if (!collection || collection === QUARANTINE || !isMalformedJson(error)) throw error;
      if (this.sweep(collection) === 0) throw error;
      return fn();
    }
  }

  /** Moves every row of `collection` that is not valid JSON; returns how many. */
  sweep(collection: string): number {
    const rows = this.db.prepare(unreadableRows(collection)).all() as Row[];
    for (const row of rows) this.move(collection, row.id, row.doc, { reason: 'unreadable' });
    return rows.length;
  }

  /** Moves one row to the quarantine table (in the current write batch) and says so once. */
  move(collection: string, id: string, doc: string, problem: RecordProblem): void {
    const count = (this.moved.get(collection) ?? 0) + 1;
    if (count > QUARANTINE_LIMIT) throw new QuarantineLimitError(collection);
    this.moved.set(collection, count);
    const done = this.write(QUARANTINE, () => {
      this.keep(collection, id, doc, problem);
      this.remove(collection, id);
    });
    done.catch(() => undefined); // a batch that fails leaves the row in place: the next read moves it again
    this.listener({ table: collection, id, problem });
  }

  private keep(collection: string, id: string, doc: string, problem: RecordProblem): void {
    ensureQuarantineTable(this.db);
    const record = quarantineRecord(collection, id, doc, problem);
    this.db.prepare(`INSERT INTO "${QUARANTINE}" (id, doc) VALUES (?, ?)`).run(record._id, JSON.stringify(record));
  }

  private remove(collection: string, id: string): void {
    const remove = (): void => void this.db.prepare(`DELETE FROM "${collection}" WHERE id = ?`).run(id);
    try {
      remove();
      return;
    } catch (error) {
      if (!isMalformedJson(error)) throw error;
    }
    const indexes = this.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(collection) as { name: string; sql: string }[];
    for (const index of indexes) this.db.exec(`DROP INDEX "${index.name}"`);
    remove();
    // Other unreadable rows of the table would stop the indexes coming back: they go too.
    const others = this.db.prepare(`SELECT id, doc FROM "${collection}" WHERE json_valid(doc) = 0`).all() as Row[];
    for (const row of others) {
      this.keep(collection, row.id, row.doc, { reason: 'unreadable' });
      this.db.prepare(`DELETE FROM "${collection}" WHERE id = ?`).run(row.id);
      this.listener({ table: collection, id: row.id, problem: { reason: 'unreadable' } });
    }
    for (const index of indexes) this.db.exec(index.sql);
  }
}

/** The rows of a table SQLite cannot parse: a typed table names its JSON columns, a document table has one. */
function unreadableRows(collection: string): string {
  return collection === 'logs' ? UNREADABLE_LOGS : (UNREADABLE_ROSTER[collection] ?? `SELECT id, doc FROM "${collection}" WHERE json_valid(doc) = 0`);
}

/** The quarantine: one JSON record per damaged row (`id`, `doc`), holding the damaged text as a string (`loa check` counts them). */
export function ensureQuarantineTable(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS "${QUARANTINE}" (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
}
