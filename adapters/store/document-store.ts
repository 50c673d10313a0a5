/**
 * The document layer under the repositories: a small, Mongo-shaped API that
 * both drivers implement (SQLite through libsql, MongoDB through the official
 * driver). The repositories in `storage/repositories/` are written once on it,
 * so every query is defined in one place and runs on both stores; core/ never
 * sees it (it talks to the repository interfaces in `core/ports/`).
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

import type { EmbeddedStore } from '../sqlite/embedded-store';
import type { MongoNative } from '../mongo/repositories';

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
  /** Durable when the promise resolves. Rejects with DuplicateKeyError on a unique clash. */
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
  /**
   * Runs `fn` as one durable unit: its writes may resolve before they are on
   * disk, and the unit resolves only once all of them (and all they read) are
   * (the embedded store: one fsync at the end). Absent: a plain call, each
   * write being durable when it resolves (MongoDB, w: majority).
   */
  unit?<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * A view whose writes are each durable when they resolve, even inside a
   * unit: for records that must be on disk before an external effect (an
   * outbox claim before a send). Absent: the store itself.
   */
  eachWriteDurable?(): DocumentStore;
  /** SQLite only: the store its typed repositories (storage/sqlite/repositories/) run on; views and test wrappers pass it through. */
  readonly sqlite?: EmbeddedStore;
  /** MongoDB only: the native repositories (adapters/mongo/repositories/), wired instead of the document layer's. */
  readonly mongo?: MongoNative;
  collection<T extends Doc = Doc>(name: string): Collection<T>;
  ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void>;
  /** Resolves when the store can serve requests; rejects with StoreUnavailableError. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
