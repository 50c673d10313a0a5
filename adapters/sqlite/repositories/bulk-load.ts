import { SessionLogSchema } from '../../../core/domain/session-log';
import type { BulkLoad, BulkLoaded } from '../../store/bulk-load';
import type { EmbeddedStore } from '../embedded-store';
import { LOG_COLUMNS } from '../migration-logs';
import { encodeLog } from './logs-repo';
import { SqlitePeopleRepo } from './people-repo';
import { SqlitePlacesRepo } from './places-repo';
import { SqliteRollupsRepo } from './rollups-repo';

/** Rows per transaction: bounds the WAL (and what a failure undoes) while a prepared INSERT runs per row. */
const CHUNK = 10_000;

const insertLog = (verb: string) => `${verb} INTO logs (${LOG_COLUMNS.join(', ')}) VALUES (${LOG_COLUMNS.map(() => '?').join(', ')})`;

interface SetAside {
  type: string;
  name: string;
  sql: string;
}

/**
 * The bulk load on SQLite, into the typed tables. Places and people through
 * their repositories' bulk inserts (or upserts with `replace`); logs by one
 * prepared INSERT per row, one transaction per batch, with the logs table's
 * triggers (its rollups, kept row by row) and secondary indexes set aside for
 * the load and made again after it from their own stored SQL (sorting 3
 * million keys once costs less than 3 million random B-tree inserts; the
 * unique ones then check the load). Then one `rollups rebuild`, a GROUP BY.
 *
 * Not for a serving store: while it runs, logs written by others would miss
 * their rollups until the rebuild (the rebuild at the end counts them).
 */
export async function sqliteBulkLoad(sqlite: EmbeddedStore, load: BulkLoad): Promise<BulkLoaded> {
  const loaded: BulkLoaded = { places: 0, people: 0, logs: 0, rollups: null };
  const places = new SqlitePlacesRepo(sqlite);
  for (let i = 0; i < (load.places?.length ?? 0); i += CHUNK) {
    const chunk = load.places!.slice(i, i + CHUNK);
    if (load.replace) await sqlite.unit(async () => void (await Promise.all(chunk.map((p) => places.upsert(p)))));
    else await places.insertMany(chunk);
    loaded.places += chunk.length;
  }
  const people = new SqlitePeopleRepo(sqlite);
  for (let i = 0; i < (load.people?.length ?? 0); i += CHUNK) {
    const chunk = load.people!.slice(i, i + CHUNK);
    if (load.replace) await sqlite.unit(async () => void (await Promise.all(chunk.map((p) => people.upsert(p)))));
    else await people.insertMany(chunk);
    loaded.people += chunk.length;
  }
  if (!load.logs) return loaded;
  const aside = sqlite.read(
    () => sqlite.statement("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'logs' AND type IN ('trigger', 'index') AND sql IS NOT NULL").all() as SetAside[],
  );
  if (aside.length > 0) await sqlite.write('logs', () => sqlite.execRaw(aside.map((o) => `DROP ${o.type.toUpperCase()} "${o.name}";`).join('\n')));
  try {
    const sql = insertLog(load.replace ? 'INSERT OR REPLACE' : 'INSERT');
    for (const batch of load.logs) {
      for (let i = 0; i < batch.length; i += CHUNK) {
        const rows = batch.slice(i, i + CHUNK).map((log) => encodeLog(SessionLogSchema.parse(log)));
        await sqlite.write('logs', () => {
          const insert = sqlite.statement(sql);
          for (const row of rows) insert.run(...row);
        });
        loaded.logs += rows.length;
      }
    }
  } finally {
    // Indexes first: the unique ones check the load; the triggers then count every later write.
    const order = (o: SetAside) => (o.type === 'index' ? 0 : 1);
    if (aside.length > 0) await sqlite.write('logs', () => sqlite.execRaw([...aside].sort((a, b) => order(a) - order(b)).map((o) => `${o.sql};`).join('\n')));
  }
  loaded.rollups = await new SqliteRollupsRepo(sqlite).rebuild();
  return loaded;
}
