/**
 * What every native MongoDB repository shares: the database, the store's
 * closed flag, the mapping of driver errors to the port's errors, and the
 * record check on whole documents read (a damaged one is moved aside, never
 * returned). Each repository declares its indexes beside it ({@link MongoIndex});
 * the index test checks every query it issues against them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Collection, Db, Document, Filter } from 'mongodb';
import { DuplicateKeyError, StoreClosedError, StoreUnavailableError } from '../../../core/ports/store-errors';
import { checkRecord, type RecordProblem } from '../../store/record-check';
import { findClashingIndex } from '../duplicate-index';
import { duplicateIndexName, isDuplicateKey, toUnavailable } from '../mongo-errors';

/** One index as a repository declares it: explicit name, keys in order, and whether it is unique. */
export interface MongoIndex {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  /** Only documents with every key take part (optional identities: phone, Telegram, Zalo). */
  sparse?: boolean;
}

/** The indexes of some collections, by collection name. */
export type IndexDeclarations = Record<string, MongoIndex[]>;

/** Moves one damaged document to the quarantine (the store's), telling its listener. */
export type Quarantine = (collection: string, raw: Document & { _id: string }, problem: RecordProblem) => Promise<void>;

export type AnyDoc = { _id: string } & Document;

/** What a write tried to store, to name the unique index it broke on a server that does not say (FerretDB). */
export interface Written {
  doc: Record<string, unknown>;
  /** An insert: a clash may be on `_id` itself. */
  insert?: boolean;
}

/**
 * Set while a repository's driver call runs (the collection's name), so the
 * index test tells the repositories' commands from a test's own raw reads.
 */
export const repositoryCall = new AsyncLocalStorage<string>();

export class MongoContext {
  /** Tests only: every call fails as if the server were gone (the switchable test store sets it). */
  outage = false;

  constructor(
    readonly db: Db,
    readonly description: string,
    private readonly state: { readonly closed: boolean },
    private readonly quarantine: Quarantine,
  ) {}

  collection<T extends AnyDoc>(name: string): Collection<T> {
    return this.db.collection<T>(name);
  }

  /**
   * Runs a driver call: refused once the store is closed (no silent
   * reconnect), duplicate keys become {@link DuplicateKeyError} naming the
   * index (asking the server which when FerretDB does not say, given the
   * document that was written), lost servers StoreUnavailableError.
   */
  async run<R, T extends AnyDoc>(collection: Collection<T>, call: () => Promise<R>, written?: Written): Promise<R> {
    if (this.state.closed) throw new StoreClosedError(`MongoDB (${this.description})`);
    if (this.outage) throw new StoreUnavailableError(`MongoDB (${this.description}) is unavailable (test outage)`);
    try {
      return await repositoryCall.run(collection.collectionName, call);
    } catch (error) {
      if (isDuplicateKey(error)) {
        let index = duplicateIndexName(error);
        if (!index && written) index = await findClashingIndex(collection as unknown as Collection<AnyDoc>, written.doc, { isInsert: written.insert === true }).catch(() => undefined);
        throw new DuplicateKeyError(collection.collectionName, index ?? 'unknown');
      }
      throw toUnavailable(error, this.description);
    }
  }

  /** Whole documents as read, each checked against its collection's schema; a failing one is quarantined and left out. */
  async checked<T extends AnyDoc>(collection: Collection<T>, docs: T[]): Promise<T[]> {
    const ok: T[] = [];
    for (const doc of docs) {
      const result = checkRecord(collection.collectionName, String(doc._id), doc);
      if (result.ok) ok.push(doc);
      else await this.quarantine(collection.collectionName, doc, result.problem);
    }
    return ok;
  }

  /** `findOne` of a whole document, checked; a quarantined one reads as absent (it was moved). */
  async findOne<T extends AnyDoc>(collection: Collection<T>, filter: Document, sort?: Document): Promise<T | null> {
    const found = (await this.run(collection, () => collection.findOne(filter as Filter<T>, sort ? { sort } : {}))) as T | null;
    if (!found) return null;
    const [ok] = await this.checked(collection, [found]);
    return ok ?? this.findOne(collection, filter, sort);
  }

  /** `find` of whole documents, checked; a limited read that lost documents to quarantine reads again. */
  async find<T extends AnyDoc>(collection: Collection<T>, filter: Document, options: { sort?: Document; limit?: number; skip?: number } = {}): Promise<T[]> {
    const found = (await this.run(collection, () => collection.find(filter as Filter<T>, options).toArray())) as T[];
    const ok = await this.checked(collection, found);
    return ok.length < found.length && options.limit !== undefined ? this.find(collection, filter, options) : ok;
  }

  /** Creates the declared indexes, one command per index (FerretDB 1.24 panics on a batch of existing ones). */
  async ensureIndexes(declarations: IndexDeclarations): Promise<void> {
    for (const [name, indexes] of Object.entries(declarations)) {
      for (const ix of indexes) {
        const spec = { name: ix.name, key: ix.key, ...(ix.unique ? { unique: true } : {}), ...(ix.sparse ? { sparse: true } : {}) };
        await this.run(this.collection(name), () => this.db.collection(name).createIndexes([spec]));
      }
    }
  }
}

/** Upsert races: two upserts on one key can both miss and one insert then fails; MongoDB retries on the server, FerretDB does not. */
export async function retryUpsertOnce<R>(call: () => Promise<R>): Promise<R> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    return call();
  }
}
