/**
 * The storage port: a small, Mongo-shaped document API that both adapters
 * implement (the embedded store on SQLite, production MongoDB with the
 * official driver). Repositories in `core/storage/repositories.ts` are written once on
 * top of it, so every query shape is defined in one place and runs on both.
 *
 * Keep filters, updates and pipelines inside the portable subset (they must run
 * on MongoDB, FerretDB 1.x and the SQLite adapter, which translates filters to
 * SQL and runs the stages after a leading `$match` itself):
 * - filters: equality (including on array elements), `$in`, `$nin`, `$ne`,
 *   `$gt/$gte/$lt/$lte`, `$exists`, `$and`, `$or`;
 * - updates: `$set`, `$unset`, `$inc`, `$setOnInsert`, `$push`, `$max`;
 * - pipeline stages: `$match`, `$group` (compound `_id`, `$sum` accumulators; on
 *   FerretDB 1.x, which computes only the first (FerretDB#4616), the MongoDB
 *   adapter splits the stage and merges), `$sort`,
 *   `$project` (inclusion of stored fields, no expressions), `$unwind` (then use
 *   only the unwound field: FerretDB 1.x drops the others), `$limit`, `$skip`,
 *   `$count`. Anything fancier (date operators, `$arrayElemAt`, `$lookup`) is
 *   computed at write time and stored instead.
 */

export type Doc = { _id: string } & Record<string, unknown>;
export type Filter = Record<string, unknown>;
export type Update = Record<string, Record<string, unknown>>;
export type PipelineStage = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: Sort;
  limit?: number;
  skip?: number;
  projection?: Record<string, 0 | 1>;
}

export interface UpdateResult {
  matched: number;
  modified: number;
  upserted: boolean;
}

export interface IndexSpec {
  /** Explicit, stable name (the same on both stores). */
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  /** Only documents that have every key field take part (for optional identities). */
  sparse?: boolean;
  /**
   * The key that holds an array (a place path). MongoDB indexes it as a
   * multikey index; SQLite cannot index array elements by expression, so its
   * adapter compares that field element-wise and every other key of every
   * index as a plain scalar (which its expression indexes serve).
   */
  arrayKey?: string;
}

export interface Collection<T extends Doc = Doc> {
  readonly name: string;
  /** Durable when the promise resolves. Rejects with {@link DuplicateKeyError} on a unique clash. */
  insertOne(doc: T): Promise<void>;
  /** For seeding and imports; all-or-nothing is not promised, duplicates reject. */
  insertMany(docs: T[]): Promise<void>;
  findOne(filter: Filter, options?: Omit<FindOptions, 'limit' | 'skip'>): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  deleteMany(filter: Filter): Promise<number>;
  aggregate<R = Record<string, unknown>>(pipeline: PipelineStage[]): Promise<R[]>;
}

export interface DocumentStore {
  readonly kind: 'embedded' | 'mongodb';
  /**
   * True when every write is applied at the moment it is called, in call
   * order, on the connection reads use (so the next read sees it), and
   * writes called in order become durable in that order (the embedded store:
   * one connection, group commit). A repository may then issue dependent
   * writes without awaiting each acknowledgement, and they commit together.
   */
  readonly writesInCallOrder?: boolean;
  /** A human-readable description for logs (never contains credentials). */
  readonly description: string;
  collection<T extends Doc = Doc>(name: string): Collection<T>;
  ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void>;
  /** Resolves when the store can serve requests; rejects with {@link StoreUnavailableError}. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A unique index refused a write: for idempotent writes this means "already done". */
export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
  constructor(
    readonly collection: string,
    readonly index: string,
  ) {
    super(`duplicate key in ${collection} (index ${index})`);
  }
}

/** The store cannot be reached; callers must not acknowledge anything. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Another process holds the data folder. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
  ) {
    super(
      `The data folder ${dataDir} is in use by another Loa process` +
        (holderPid ? ` (pid ${holderPid})` : '') +
        '. Stop it first, or set DATA_DIR to another folder.',
    );
  }
}

/** The database file cannot be read as a database: never start on it, never overwrite it. */
export class StoreDamagedError extends Error {
  override readonly name = 'StoreDamagedError';
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(
      `The database file ${file} is damaged (${detail}). Loa has not changed it. ` +
        'Restore it from a backup, or move it aside to start with an empty store; `sqlite3 FILE .recover` can salvage what is readable.',
    );
  }
}

/** The disk under the data folder is full: said plainly, with the folder, instead of a raw ENOSPC. */
export class StoreDiskFullError extends Error {
  override readonly name = 'StoreDiskFullError';
  constructor(
    readonly dataDir: string,
    options?: { cause?: unknown },
  ) {
    super(`Disk full: Loa cannot write to its data folder ${dataDir}. Free some space on that disk (or set DATA_DIR to a folder on another disk) and start again.`, options);
  }
}

/** ENOSPC, or EDQUOT (a quota is full: the same thing for the user). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
