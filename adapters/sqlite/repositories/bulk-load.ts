import { SessionLogSchema, type SessionLog } from '../../../core/domain/session-log';
import { BulkRecordInvalidError, type BulkLoad, type BulkLoaded } from '../../store/bulk-load';
import type { EmbeddedStore } from '../embedded-store';
import { LOG_COLUMNS, recountRollupsFromLogs } from '../migration-logs';
import { recountAnchorRollups } from '../migration-scope-rollups';
import { encodeLog } from './logs-repo';
import { SqlitePeopleRepo } from './people-repo';
import { SqlitePlacesRepo } from './places-repo';

/** Places and people per transaction. */
const CHUNK = 10_000;
const SET_ASIDE = "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'logs' AND type IN ('trigger', 'index') AND sql IS NOT NULL";

const insertLog = (verb: string) => `${verb} INTO logs (${LOG_COLUMNS.join(', ')}) VALUES (${LOG_COLUMNS.map(() => '?').join(', ')})`;

interface SetAside {
  type: string;
  name: string;
  sql: string;
}

/** A log checked by its schema, as its typed columns; a failing one refuses the load. */
function logRow(log: SessionLog): unknown[] {
  const parsed = SessionLogSchema.safeParse(log);
  if (!parsed.success) throw new BulkRecordInvalidError('logs', String((log as { _id?: unknown })._id), { cause: parsed.error });
  return encodeLog(parsed.data);
}

/** Writes `items` in chunks: each chunk one insert, or with `replace` one unit of upserts. The number written. */
async function inChunks<T>(sqlite: EmbeddedStore, items: readonly T[], repo: { insertMany(items: readonly T[]): Promise<void>; upsert(item: T): Promise<void> }, replace: boolean): Promise<number> {
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    if (replace) await sqlite.unit(async () => void (await Promise.all(chunk.map((item) => repo.upsert(item)))));
    else await repo.insertMany(chunk);
  }
  return items.length;
}

/**
 * The bulk load on SQLite, into the typed tables. Places and people through
 * their repositories' bulk inserts (or upserts with `replace`), 10,000 a
 * transaction. The logs in ONE transaction: the logs table's triggers (its
 * rollups, kept row by row) and secondary indexes are dropped, every log goes
 * in by one prepared INSERT, the indexes (the unique ones then check the
 * load) and triggers are made again from their own stored SQL, and the
 * rollups are recounted by `GROUP BY` (`rollups rebuild`): sorting 3 million
 * keys once costs less than 3 million random B-tree inserts. Being one
 * transaction, a crash or a refused record (a duplicate id, a log that fails
 * its schema) leaves the store as it was, triggers and indexes included.
 *
 * Limits: the iterable is consumed synchronously inside the transaction (the
 * event loop waits for the whole load), and the WAL holds the whole load until
 * it commits. For tools and benches on a store nothing else is writing to.
 */
export async function sqliteBulkLoad(sqlite: EmbeddedStore, load: BulkLoad): Promise<BulkLoaded> {
  const loaded: BulkLoaded = { places: 0, people: 0, logs: 0, rollups: null };
  loaded.places = await inChunks(sqlite, load.places ?? [], new SqlitePlacesRepo(sqlite), load.replace === true);
  loaded.people = await inChunks(sqlite, load.people ?? [], new SqlitePeopleRepo(sqlite), load.replace === true);
  const logs = load.logs;
  if (!logs) return loaded;
  const db = { exec: (sql: string) => sqlite.execRaw(sql), prepare: (sql: string) => sqlite.statement(sql) };
  const counted = await sqlite.write('logs', () => {
    const aside = sqlite.statement(SET_ASIDE).all() as SetAside[];
    if (aside.length > 0) sqlite.execRaw(aside.map((o) => `DROP ${o.type.toUpperCase()} "${o.name}";`).join('\n'));
    const insert = sqlite.statement(insertLog(load.replace ? 'INSERT OR REPLACE' : 'INSERT'));
    let count = 0;
    for (const batch of logs) {
      for (const log of batch) insert.run(...logRow(log));
      count += batch.length;
    }
    // Indexes first: the unique ones check the load; the triggers then count every later write.
    const order = (o: SetAside) => (o.type === 'index' ? 0 : 1);
    if (aside.length > 0) sqlite.execRaw([...aside].sort((a, b) => order(a) - order(b)).map((o) => `${o.sql};`).join('\n'));
    recountRollupsFromLogs(db);
    recountAnchorRollups(db);
    const placeMonths = Number((sqlite.statement('SELECT count(*) AS n FROM (SELECT DISTINCT place, month FROM rollup_month_totals)').get() as { n: number }).n);
    return { count, placeMonths };
  });
  loaded.logs = counted.count;
  loaded.rollups = counted.placeMonths;
  return loaded;
}
