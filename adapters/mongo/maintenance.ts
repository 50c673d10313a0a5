import type { Db, Document } from 'mongodb';
import type { SessionLog } from '../../core/domain/session-log';
import { CHECKED_COLLECTIONS } from '../store/check-store';
import { checkRecord, QUARANTINE, type RecordProblem } from '../store/record-check';
import type { StoreMaintenance } from '../store/store-driver';
import type { BulkLoader } from '../store/bulk-load';
import type { AnyDoc } from './repositories/context';
import { toUnavailable } from './mongo-errors';

/** Documents read per batch by the record pass (by `_id`, so each batch is one index range). */
const BATCH = 5000;

export interface MaintenanceDeps {
  db: Db;
  description: string;
  /** Throws StoreClosedError once the store is closed (no call may reach the driver, which would reconnect). */
  check(): void;
  quarantine(collection: string, raw: AnyDoc, problem: RecordProblem): Promise<void>;
  bulkLoad: BulkLoader;
}

/**
 * The maintenance port's work on MongoDB, with the driver: every log in
 * natural order (the order stored, on a collection nothing updates in place
 * elsewhere), each checked against its schema (a failing one quarantined);
 * the demo's logs deleted by one `channelMessageId` range; counts; and
 * `loa check`'s record pass over every collection Loa keeps. These are not
 * repository calls: the index test checks the repositories' queries, and an
 * audit reads whole collections on purpose.
 */
export function mongoMaintenance(deps: MaintenanceDeps): StoreMaintenance {
  const { db } = deps;
  const run = async <R>(call: () => Promise<R>): Promise<R> => {
    deps.check();
    try {
      return await call();
    } catch (error) {
      throw toUnavailable(error, deps.description);
    }
  };
  /** Checks each document; a failing one goes to the quarantine and is left out. */
  const checked = async (collection: string, docs: AnyDoc[]): Promise<AnyDoc[]> => {
    const ok: AnyDoc[] = [];
    for (const doc of docs) {
      const result = checkRecord(collection, String(doc._id), doc);
      if (result.ok) ok.push(doc);
      else await deps.quarantine(collection, doc, result.problem);
    }
    return ok;
  };
  const readAll = async (collection: string): Promise<number> => {
    let count = 0;
    let last: string | null = null;
    for (;;) {
      const batch = await run(() => db.collection<AnyDoc>(collection).find(last === null ? {} : { _id: { $gt: last } }, { sort: { _id: 1 }, limit: BATCH }).toArray());
      count += (await checked(collection, batch as AnyDoc[])).length;
      if (batch.length < BATCH) return count;
      last = String(batch.at(-1)!._id);
    }
  };
  const countRecords = (collection: string): Promise<number> => run(() => db.collection<Document>(collection).countDocuments({}));
  return {
    allLogs: async () => (await checked('logs', await run(() => db.collection<AnyDoc>('logs').find({}).toArray()))) as unknown as SessionLog[],
    deleteLogsBetween: async (from, below) => (await run(() => db.collection<AnyDoc>('logs').deleteMany({ channelMessageId: { $gte: from, $lt: below } }))).deletedCount,
    countRecords,
    quarantined: () => countRecords(QUARANTINE),
    checkRecords: async () => {
      let records = 0;
      for (const name of CHECKED_COLLECTIONS) records += await readAll(name);
      return { records, collections: CHECKED_COLLECTIONS.length, problems: [] };
    },
    bulkLoad: async (load) => {
      deps.check();
      return deps.bulkLoad(load);
    },
  };
}
