/**
 * One port collection over one driver collection: a thin pass-through whose
 * only work is translating results and errors into the port's shapes, so the
 * repositories above behave the same on MongoDB, FerretDB and the embedded store.
 */
import type { Collection as DriverCollection, Document } from 'mongodb';
import { DuplicateKeyError, StoreClosedError } from '../../core/ports/store-errors';
import type { Collection, Doc, Filter, FindOptions, PipelineStage, Update, UpdateResult } from '../store/document-store';
import { findClashingIndex } from './duplicate-index';
import { duplicateIndexName, isDuplicateKey, toUnavailable } from './mongo-errors';
import { mergeGroups, splitGroup } from './split-group';
import { checkRecord, type RecordProblem } from '../store/record-check';

/** Moves one damaged document aside (MongoStore's quarantine). */
export type MoveDamaged = (collection: string, raw: Doc, problem: RecordProblem) => Promise<void>;

/** Equality conditions of a filter: what an upsert would copy into the new document. */
function equalityFields(filter: Filter): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    const isOperator =
      value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'));
    if (!isOperator) fields[key] = value;
  }
  return fields;
}

export class MongoCollection<T extends Doc> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly driver: DriverCollection<Doc>,
    private readonly description: string,
    /** The server computes one accumulator per `$group` only (FerretDB 1.x). */
    private readonly oneAccumulatorPerGroup = false,
    /** The store's: once closed, every call fails with StoreClosedError before reaching the driver. */
    private readonly state: { readonly closed: boolean } = { closed: false },
    /** Where documents that fail {@link checkRecord} go; absent: they are returned unchecked. */
    private readonly moveDamaged?: MoveDamaged,
  ) {
    this.name = driver.collectionName;
  }

  async insertOne(doc: T): Promise<void> {
    // The driver adds `_id` to the object it is given; ours always has one, but copy anyway
    // so a caller's object is never touched by the store.
    const copy = { ...doc };
    await this.run(() => this.driver.insertOne(copy), () => ({ candidate: copy, isInsert: true }));
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return; // the driver refuses an empty batch
    const copies = docs.map((d) => ({ ...d }));
    await this.run(
      () => this.driver.insertMany(copies, { ordered: true }),
      async (error) => {
        const index = 'result' in error ? Number((error as { result: { insertedCount: number } }).result.insertedCount) : 0;
        return { candidate: copies[index] ?? copies[0]!, isInsert: true };
      },
    );
  }

  async findOne(filter: Filter, options: Omit<FindOptions, 'limit' | 'skip'> = {}): Promise<T | null> {
    for (;;) {
      const found = await this.run(() => this.driver.findOne(filter, { sort: options.sort, projection: options.projection }));
      if (!found || options.projection || (await this.checked([found])).length === 1) return found as T | null;
    }
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const found = await this.run(() => {
      let cursor = this.driver.find(filter);
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.skip !== undefined) cursor = cursor.skip(options.skip);
      if (options.limit !== undefined) cursor = cursor.limit(options.limit);
      if (options.projection) cursor = cursor.project(options.projection);
      return cursor.toArray();
    });
    if (options.projection) return found as T[];
    const docs = await this.checked(found);
    // A limited read that lost documents to quarantine reads again, so it still returns what it would have.
    return docs.length < found.length && options.limit !== undefined ? this.find(filter, options) : (docs as T[]);
  }

  /** Every whole document read goes through {@link checkRecord}; one that fails is moved aside, never returned. */
  private async checked(docs: Doc[]): Promise<Doc[]> {
    if (!this.moveDamaged) return docs;
    const ok: Doc[] = [];
    for (const doc of docs) {
      const result = checkRecord<Doc>(this.name, String(doc._id), doc);
      if (result.ok) ok.push(doc);
      else await this.moveDamaged(this.name, doc, result.problem);
    }
    return ok;
  }

  countDocuments(filter: Filter): Promise<number> {
    return this.run(() => this.driver.countDocuments(filter));
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const upsert = options.upsert === true;
    const attempt = () => this.driver.updateOne(filter, update, { upsert });
    let result;
    try {
      result = await this.run(attempt, () => this.updateCandidate(filter, update, upsert));
    } catch (error) {
      // Two upserts on the same key can both miss, then one insert loses. MongoDB retries
      // that on the server; FerretDB does not, so retry once here: now it matches.
      if (!(upsert && error instanceof DuplicateKeyError)) throw error;
      result = await this.run(attempt, () => this.updateCandidate(filter, update, upsert));
    }
    return { matched: result.matchedCount, modified: result.modifiedCount, upserted: result.upsertedCount > 0 };
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    const result = await this.run(
      () => this.driver.updateMany(filter, update),
      () => this.updateCandidate(filter, update, false),
    );
    return { matched: result.matchedCount, modified: result.modifiedCount, upserted: false };
  }

  async deleteMany(filter: Filter): Promise<number> {
    const result = await this.run(() => this.driver.deleteMany(filter));
    return result.deletedCount;
  }

  async aggregate<R = Record<string, unknown>>(pipeline: PipelineStage[]): Promise<R[]> {
    const split = this.oneAccumulatorPerGroup ? splitGroup(pipeline) : null;
    if (split) {
      const results = await Promise.all(split.parts.map((part) => this.run(() => this.driver.aggregate(part).toArray())));
      return mergeGroups(results, split.rest) as R[];
    }
    const rows = await this.run(() => this.driver.aggregate(pipeline).toArray());
    return rows as R[];
  }

  /** Best guess at the document an update tried to write, to name the index it broke. */
  private async updateCandidate(filter: Filter, update: Update, upsert: boolean) {
    const current = await this.driver.findOne(filter);
    const base = current ?? equalityFields(filter);
    const candidate = { ...base, ...(current ? {} : (update['$setOnInsert'] ?? {})), ...(update['$set'] ?? {}) };
    return { candidate, isInsert: !current && upsert };
  }

  /**
   * Runs a driver call and maps its failure: duplicate keys to {@link DuplicateKeyError}
   * (naming the index, asking the server which one when its message does not say),
   * lost connections to StoreUnavailableError, anything else unchanged.
   */
  private async run<R>(
    call: () => Promise<R>,
    describeWrite?: (error: Error) =>
      | { candidate: Record<string, unknown>; isInsert: boolean }
      | Promise<{ candidate: Record<string, unknown>; isInsert: boolean }>,
  ): Promise<R> {
    if (this.state.closed) throw new StoreClosedError(`MongoDB (${this.description})`);
    try {
      return await call();
    } catch (error) {
      if (isDuplicateKey(error)) {
        let index = duplicateIndexName(error);
        if (!index && describeWrite) {
          const { candidate, isInsert } = await describeWrite(error);
          index = await findClashingIndex(this.driver, candidate, { isInsert }).catch(() => undefined);
        }
        throw new DuplicateKeyError(this.name, index ?? 'unknown');
      }
      throw toUnavailable(error, this.description);
    }
  }
}
