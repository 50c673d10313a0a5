import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Aggregator, Query } from 'mingo';
import { update as applyUpdate } from 'mingo/updater';
import {
  DuplicateKeyError,
  isDiskFull,
  StoreDiskFullError,
  StoreUnavailableError,
  type Collection,
  type Doc,
  type DocumentStore,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type PipelineStage,
  type Update,
  type UpdateResult,
} from '../port';
import { acquirePidLock } from './pid-lock';
import { compactJournal, encodeRecord, replayJournal, syncDir, type ReplayReport } from './journal';

export interface EmbeddedStoreOptions {
  /** Folder for the journal; omit for a memory-only store (tests, benches). */
  dataDir?: string;
  /** fsync each write batch before acknowledging it (default true). Off only in benches that say so. */
  durable?: boolean;
  /** Called once with what start-up replay found (skipped records are worth a warning). */
  onReplay?: (report: ReplayReport) => void;
}

interface UniqueIndex {
  spec: IndexSpec;
  keys: string[];
  entries: Map<string, string>;
}

/**
 * A durable, single-process document store: an append-only JSON-lines journal
 * replayed into memory at start, queried with mingo so it evaluates the same
 * filters and pipelines as the MongoDB adapter. Writes are group-committed: a
 * write resolves only after the batch holding it is fsynced.
 */
export class EmbeddedStore implements DocumentStore {
  readonly kind = 'embedded' as const;
  readonly description: string;
  private readonly data = new Map<string, Map<string, Doc>>();
  private readonly indexes = new Map<string, UniqueIndex[]>();
  /** Hash indexes per field named in any index spec (multikey for arrays): candidate sets for equality filters. */
  private readonly fieldIndexes = new Map<string, Map<string, Map<string, Set<string>>>>();
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;
  /** Index specs by collection, to rebuild the indexes after a rollback. */
  private readonly specs = new Map<string, IndexSpec[]>();
  /** Journal bytes known to be on disk (fsynced): a failed batch is cut back to here. */
  private goodSize = 0;
  /** Memory matches the journal again after a failed write (rolled back); only then may a write probe end the failure. */
  private rolledBack = false;
  private lastProbe = 0;

  private constructor(
    private readonly fd: number | null,
    private readonly durable: boolean,
    private readonly release: () => void,
    private readonly dataDir: string | undefined,
  ) {
    this.description = dataDir ? `embedded store in ${dataDir}` : 'embedded store in memory';
    if (fd !== null) this.goodSize = fs.fstatSync(fd).size;
  }

  static open(options: EmbeddedStoreOptions = {}): EmbeddedStore {
    const { dataDir } = options;
    if (!dataDir) return new EmbeddedStore(null, false, () => undefined, undefined);
    try {
      return EmbeddedStore.openIn(dataDir, options);
    } catch (error) {
      if (isDiskFull(error)) throw new StoreDiskFullError(dataDir, { cause: error });
      throw error;
    }
  }

  private static openIn(dataDir: string, options: EmbeddedStoreOptions): EmbeddedStore {
    fs.mkdirSync(dataDir, { recursive: true });
    const release = acquirePidLock(dataDir);
    try {
      const file = path.join(dataDir, 'journal.jsonl');
      const collections = new Map<string, Map<string, Doc>>();
      const report = replayJournal(file, (record) => {
        let docs = collections.get(record.c);
        if (!docs) collections.set(record.c, (docs = new Map()));
        if ('p' in record) docs.set(record.p._id, record.p);
        else docs.delete(record.d);
      });
      options.onReplay?.(report);
      let live = 0;
      for (const docs of collections.values()) live += docs.size;
      if (report.records > 10_000 && report.records > live * 2) compactJournal(file, collections);
      const fd = fs.openSync(file, 'a');
      syncDir(dataDir);
      const store = new EmbeddedStore(fd, options.durable ?? true, release, dataDir);
      for (const [name, docs] of collections) store.data.set(name, docs);
      return store;
    } catch (error) {
      release();
      throw error;
    }
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    return new EmbeddedCollection<T>(this, name);
  }

  async ensureIndexes(collection: string, specs: IndexSpec[]): Promise<void> {
    this.check();
    const known = this.specs.get(collection) ?? [];
    this.specs.set(collection, [...known, ...specs.filter((spec) => !known.some((k) => k.name === spec.name))]);
    this.buildIndexes(collection, specs);
  }

  private buildIndexes(collection: string, specs: IndexSpec[]): void {
    const list = this.indexes.get(collection) ?? [];
    let fields = this.fieldIndexes.get(collection);
    if (!fields) this.fieldIndexes.set(collection, (fields = new Map()));
    for (const spec of specs) {
      for (const field of Object.keys(spec.keys)) {
        if (fields.has(field)) continue;
        const index = new Map<string, Set<string>>();
        for (const doc of this.docs(collection).values()) addToFieldIndex(index, field, doc);
        fields.set(field, index);
      }
    }
    for (const spec of specs) {
      if (!spec.unique || list.some((i) => i.spec.name === spec.name)) continue;
      const index: UniqueIndex = { spec, keys: Object.keys(spec.keys), entries: new Map() };
      for (const doc of this.docs(collection).values()) {
        const key = indexKey(index, doc);
        if (key === null) continue;
        if (index.entries.has(key)) throw new Error(`cannot build unique index ${spec.name}: existing duplicates in ${collection}`);
        index.entries.set(key, doc._id);
      }
      list.push(index);
    }
    this.indexes.set(collection, list);
  }

  async ping(): Promise<void> {
    this.check();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.barrier().catch(() => undefined);
    this.closed = true;
    if (this.fd !== null) fs.closeSync(this.fd);
    this.release();
  }

  /** @internal */ docs(collection: string): Map<string, Doc> {
    let docs = this.data.get(collection);
    if (!docs) this.data.set(collection, (docs = new Map()));
    return docs;
  }

  /**
   * @internal The documents a filter can match: narrowed by `_id` or by the
   * most selective indexed equality condition, else every document. mingo
   * still evaluates the full filter on what this returns.
   */
  candidates(collection: string, filter: Filter): Doc[] {
    const docs = this.docs(collection);
    const conditions = Array.isArray(filter.$and) ? [filter, ...(filter.$and as Filter[])] : [filter];
    let best: Set<string> | null = null;
    for (const condition of conditions) {
      const id = condition._id;
      if (typeof id === 'string') {
        const doc = docs.get(id);
        return doc ? [doc] : [];
      }
      const fields = this.fieldIndexes.get(collection);
      if (!fields) continue;
      for (const [field, value] of Object.entries(condition)) {
        if (!isIndexable(value)) continue;
        const index = fields.get(field);
        if (!index) continue;
        const ids = index.get(JSON.stringify(value)) ?? EMPTY;
        if (!best || ids.size < best.size) best = ids;
      }
    }
    if (!best) return Array.from(docs.values());
    const out: Doc[] = [];
    for (const id of best) {
      const doc = docs.get(id);
      if (doc) out.push(doc);
    }
    return out;
  }

  /** @internal Resolves when every write issued before the call is durable. */
  barrier(): Promise<void> {
    if (!this.flushing && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** @internal */ check(): void {
    if (this.closed) throw new StoreUnavailableError('the embedded store is closed');
    if (this.failure && !this.recovered()) {
      const full = isDiskFull(this.failure) ? `disk full under ${this.dataDir}; ` : '';
      throw new StoreUnavailableError(`the embedded store cannot write (${full}it retries by itself)`, { cause: this.failure });
    }
  }

  /**
   * After a failed write (a full disk): once memory has been rolled back to
   * what the journal holds, a small fsynced probe write at most once a second
   * tells whether writing works again; if it does, the store serves again
   * without a restart.
   */
  private recovered(): boolean {
    if (this.flushing || this.dataDir === undefined) return false;
    const now = Date.now();
    if (now - this.lastProbe < PROBE_INTERVAL_MS) return false;
    this.lastProbe = now;
    if (!this.rolledBack) this.rollBack();
    if (!this.rolledBack) return false;
    const probe = path.join(this.dataDir, 'write-probe.tmp');
    try {
      const fd = fs.openSync(probe, 'w');
      try {
        fs.writeSync(fd, Buffer.alloc(PROBE_BYTES, 0x20));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
        fs.rmSync(probe, { force: true });
      }
    } catch {
      return false;
    }
    this.failure = null;
    this.rolledBack = false;
    return true;
  }

  /**
   * Memory is ahead of disk after a failed batch: cut the journal back to its
   * last fsynced size and replay it, so memory holds exactly what was
   * acknowledged (the failed writes were answered with an error, never acknowledged).
   */
  private rollBack(): void {
    if (this.fd === null || this.dataDir === undefined) return;
    try {
      fs.ftruncateSync(this.fd, this.goodSize);
      const collections = new Map<string, Map<string, Doc>>();
      replayJournal(path.join(this.dataDir, 'journal.jsonl'), (record) => {
        let docs = collections.get(record.c);
        if (!docs) collections.set(record.c, (docs = new Map()));
        if ('p' in record) docs.set(record.p._id, record.p);
        else docs.delete(record.d);
      });
      this.data.clear();
      for (const [name, docs] of collections) this.data.set(name, docs);
      this.indexes.clear();
      this.fieldIndexes.clear();
      for (const [collection, specs] of this.specs) this.buildIndexes(collection, specs);
      this.rolledBack = true;
    } catch {
      // Still failed: the next check (at most once a second) tries again.
      this.rolledBack = false;
    }
  }

  /**
   * Applies writes to memory (unique checks included, all or nothing) and
   * queues their journal lines; resolves once they are on disk.
   */
  /** @internal */ commit(collection: string, puts: Doc[], deletes: string[]): Promise<void> {
    this.check();
    const docs = this.docs(collection);
    const indexes = this.indexes.get(collection) ?? [];
    // Check every unique index first so a refused write changes nothing.
    for (const doc of puts) {
      for (const index of indexes) {
        const key = indexKey(index, doc);
        if (key === null) continue;
        const owner = index.entries.get(key);
        if (owner !== undefined && owner !== doc._id) throw new DuplicateKeyError(collection, index.spec.name);
      }
    }
    const seen = new Map<string, string>();
    for (const doc of puts) {
      for (const index of indexes) {
        const key = indexKey(index, doc);
        if (key === null) continue;
        const tag = `${index.spec.name}\u0000${key}`;
        const other = seen.get(tag);
        if (other !== undefined && other !== doc._id) throw new DuplicateKeyError(collection, index.spec.name);
        seen.set(tag, doc._id);
      }
    }
    let lines = '';
    const fields = this.fieldIndexes.get(collection);
    for (const doc of puts) {
      const previous = docs.get(doc._id);
      if (fields) {
        for (const [field, index] of fields) {
          if (previous) removeFromFieldIndex(index, field, previous);
          addToFieldIndex(index, field, doc);
        }
      }
      for (const index of indexes) {
        if (previous) {
          const oldKey = indexKey(index, previous);
          if (oldKey !== null && index.entries.get(oldKey) === doc._id) index.entries.delete(oldKey);
        }
        const key = indexKey(index, doc);
        if (key !== null) index.entries.set(key, doc._id);
      }
      docs.set(doc._id, doc);
      if (this.fd !== null) lines += encodeRecord({ c: collection, p: doc });
    }
    for (const id of deletes) {
      const previous = docs.get(id);
      if (!previous) continue;
      if (fields) for (const [field, index] of fields) removeFromFieldIndex(index, field, previous);
      for (const index of indexes) {
        const oldKey = indexKey(index, previous);
        if (oldKey !== null && index.entries.get(oldKey) === id) index.entries.delete(oldKey);
      }
      docs.delete(id);
      if (this.fd !== null) lines += encodeRecord({ c: collection, d: id });
    }
    if (this.fd === null || lines.length === 0) return Promise.resolve();
    this.pending.push(lines);
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    // Let the other writes of this tick join the batch: one fsync for all of them.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0 || this.waiters.length > 0) {
      const lines = this.pending.join('');
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        if (this.failure) throw this.failure;
        if (lines.length > 0 && this.fd !== null) {
          const bytes = Buffer.from(lines, 'utf8');
          await writeAll(this.fd, bytes);
          if (this.durable) await new Promise<void>((res, rej) => fs.fdatasync(this.fd!, (e) => (e ? rej(e) : res())));
          this.goodSize += bytes.length;
        }
        for (const w of waiters) w.resolve();
      } catch (error) {
        // Memory is now ahead of disk: refuse every write until it is rolled back and writing works again.
        this.failure ??= error as Error;
        const unavailable = new StoreUnavailableError('the embedded store could not write its journal', { cause: error });
        for (const w of waiters) w.reject(unavailable);
      }
    }
    this.flushing = null;
    if (this.failure && !this.rolledBack) this.rollBack();
  }
}

function writeAll(fd: number, buffer: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      fs.write(fd, buffer, offset, buffer.length - offset, null, (error, written) => {
        if (error) return reject(error);
        if (offset + written < buffer.length) step(offset + written);
        else resolve();
      });
    };
    step(0);
  });
}

function getPath(doc: Record<string, unknown>, dotted: string): unknown {
  let value: unknown = doc;
  for (const part of dotted.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Same rules as MongoDB: a missing field indexes as null unless the index is sparse. */
function indexKey(index: UniqueIndex, doc: Doc): string | null {
  const values = index.keys.map((k) => getPath(doc, k));
  if (index.spec.sparse && values.every((v) => v === undefined)) return null;
  return JSON.stringify(values.map((v) => (v === undefined ? null : v)));
}

const EMPTY: Set<string> = new Set();
const PROBE_INTERVAL_MS = 1_000;
const PROBE_BYTES = 4_096;

type Accumulator = { count: true } | { field: string[] };
const COMPLEX = Symbol('complex');

/**
 * `[$match?, $group, ...]` with field-path keys and `$sum` accumulators,
 * evaluated directly: mingo's generic `$group` costs several µs per document,
 * which is most of a province report (300,000 logs). Anything else returns
 * null and goes through mingo; the contract suite holds both paths to
 * MongoDB's results.
 */
function groupFast(source: Doc[], pipeline: PipelineStage[]): { rows: Record<string, unknown>[]; rest: PipelineStage[] } | null {
  let index = 0;
  let match: Query | null = null;
  const first = pipeline[0] as { $match?: Filter } | undefined;
  if (first && Object.keys(first).length === 1 && first.$match) {
    match = new Query(first.$match);
    index = 1;
  }
  const stage = pipeline[index] as { $group?: Record<string, unknown> } | undefined;
  if (!stage || Object.keys(stage).length !== 1 || !stage.$group) return null;
  const { _id: idSpec, ...accSpecs } = stage.$group;
  let keyFields: [string, string[]][] | null = null;
  let singleKey: string[] | null = null;
  if (typeof idSpec === 'string' && idSpec.startsWith('$')) singleKey = idSpec.slice(1).split('.');
  else if (idSpec !== null && typeof idSpec === 'object' && !Array.isArray(idSpec)) {
    keyFields = [];
    for (const [name, expr] of Object.entries(idSpec)) {
      if (typeof expr !== 'string' || !expr.startsWith('$') || name.startsWith('$')) return null;
      keyFields.push([name, expr.slice(1).split('.')]);
    }
  } else if (idSpec !== null) return null;
  const accumulators: [string, Accumulator][] = [];
  for (const [name, spec] of Object.entries(accSpecs)) {
    const op = spec as Record<string, unknown>;
    if (!op || typeof op !== 'object' || Object.keys(op).length !== 1 || !('$sum' in op)) return null;
    if (op.$sum === 1) accumulators.push([name, { count: true }]);
    else if (typeof op.$sum === 'string' && op.$sum.startsWith('$')) accumulators.push([name, { field: op.$sum.slice(1).split('.') }]);
    else return null;
  }
  const groups = new Map<string, Record<string, unknown>>();
  for (const doc of source) {
    if (match && !match.test(doc)) continue;
    // The group's hash is built from the values alone; the _id object only for a new group.
    let hash = '';
    if (singleKey) {
      const value = walk(doc, singleKey);
      if (value === COMPLEX) return null;
      hash = hashPart(value);
    } else if (keyFields) {
      for (const [, path] of keyFields) {
        const value = walk(doc, path);
        if (value === COMPLEX) return null;
        hash += hashPart(value) + '\u0001';
      }
    }
    let row = groups.get(hash);
    if (!row) {
      let id: unknown = null;
      if (singleKey) id = walk(doc, singleKey) ?? null;
      else if (keyFields) {
        const key: Record<string, unknown> = {};
        for (const [name, path] of keyFields) {
          const value = walk(doc, path);
          if (value !== undefined) key[name] = value;
        }
        id = key;
      }
      row = { _id: id };
      for (const [name] of accumulators) row[name] = 0;
      groups.set(hash, row);
    }
    for (const [name, acc] of accumulators) {
      if ('count' in acc) row[name] = (row[name] as number) + 1;
      else {
        const value = walk(doc, acc.field);
        if (value === COMPLEX) return null;
        if (typeof value === 'number') row[name] = (row[name] as number) + value;
      }
    }
  }
  return { rows: [...groups.values()], rest: pipeline.slice(index + 1) };
}

function hashPart(value: unknown): string {
  if (typeof value === 'string' && !value.includes('\u0001')) return 's' + value;
  if (value === undefined) return 'u';
  return 'j' + JSON.stringify(value);
}

/** A dotted path through plain objects; an array on the way is beyond the fast path. */
function walk(doc: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value) || typeof value !== 'object') return i === 0 ? value : Array.isArray(value) ? COMPLEX : undefined;
    value = (value as Record<string, unknown>)[path[i]!];
  }
  return value;
}

function isIndexable(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function fieldKeys(doc: Doc, field: string): string[] {
  const value = getPath(doc, field);
  if (Array.isArray(value)) return value.filter(isIndexable).map((v) => JSON.stringify(v));
  return isIndexable(value) ? [JSON.stringify(value)] : [];
}

function addToFieldIndex(index: Map<string, Set<string>>, field: string, doc: Doc): void {
  for (const key of fieldKeys(doc, field)) {
    let ids = index.get(key);
    if (!ids) index.set(key, (ids = new Set()));
    ids.add(doc._id);
  }
}

function removeFromFieldIndex(index: Map<string, Set<string>>, field: string, doc: Doc): void {
  for (const key of fieldKeys(doc, field)) {
    const ids = index.get(key);
    if (!ids) continue;
    ids.delete(doc._id);
    if (ids.size === 0) index.delete(key);
  }
}

/**
 * Deep copy of JSON-like documents, built with this realm's literals. Not
 * structuredClone: under jest's vm sandbox that returns objects of another
 * realm, which mingo then hashes by identity (equal arrays stop grouping).
 */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    if (value instanceof Date) return new Date(value.getTime()) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clone(v);
    return out as T;
  }
  return value;
}

const OPERATOR = /^\$/;

/** Fields an upsert copies from its filter: plain equality on top-level or dotted keys. */
function seedFromFilter(filter: Filter): Record<string, unknown> {
  const seed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (OPERATOR.test(key)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => OPERATOR.test(k))) continue;
    seed[key] = clone(value);
  }
  return seed;
}

class EmbeddedCollection<T extends Doc> implements Collection<T> {
  constructor(
    private readonly store: EmbeddedStore,
    readonly name: string,
  ) {}

  async insertOne(doc: T): Promise<void> {
    await this.insertMany([doc]);
  }

  async insertMany(docs: T[]): Promise<void> {
    this.store.check();
    const existing = this.store.docs(this.name);
    const ids = new Set<string>();
    for (const doc of docs) {
      if (typeof doc._id !== 'string' || doc._id.length === 0) throw new TypeError('_id must be a non-empty string');
      if (existing.has(doc._id) || ids.has(doc._id)) throw new DuplicateKeyError(this.name, '_id_');
      ids.add(doc._id);
    }
    await this.store.commit(this.name, docs.map(clone), []);
  }

  async findOne(filter: Filter, options: Omit<FindOptions, 'limit' | 'skip'> = {}): Promise<T | null> {
    const [first] = await this.find(filter, { ...options, limit: 1 });
    return first ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    await this.ready();
    const cursor = this.query(filter, options.projection);
    if (options.sort) cursor.sort(options.sort);
    if (options.skip) cursor.skip(options.skip);
    if (options.limit) cursor.limit(options.limit);
    return clone(cursor.all() as T[]);
  }

  async countDocuments(filter: Filter): Promise<number> {
    await this.ready();
    return this.query(filter).all().length;
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.updateWhere(filter, update, options.upsert ?? false, true);
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.updateWhere(filter, update, false, false);
  }

  async deleteMany(filter: Filter): Promise<number> {
    await this.ready();
    const ids = (this.query(filter).all() as Doc[]).map((d) => d._id);
    await this.store.commit(this.name, [], ids);
    return ids.length;
  }

  async aggregate<R = Record<string, unknown>>(pipeline: PipelineStage[]): Promise<R[]> {
    await this.ready();
    // A leading $match narrows the input through the indexes; mingo still applies it.
    const first = pipeline[0] as { $match?: Filter } | undefined;
    const source = first?.$match ? this.store.candidates(this.name, first.$match) : Array.from(this.store.docs(this.name).values());
    const fast = groupFast(source, pipeline);
    if (fast) return clone(fast.rest.length > 0 ? (new Aggregator(fast.rest).run(fast.rows) as R[]) : (fast.rows as R[]));
    return clone(new Aggregator(pipeline).run(source) as R[]);
  }

  private async ready(): Promise<void> {
    this.store.check();
    await this.store.barrier();
  }

  private query(filter: Filter, projection?: Record<string, 0 | 1>) {
    const source = this.store.candidates(this.name, filter);
    return new Query(filter).find<Doc>(source, projection);
  }

  private async updateWhere(filter: Filter, update: Update, upsert: boolean, single: boolean): Promise<UpdateResult> {
    this.store.check();
    await this.store.barrier();
    const { $setOnInsert, ...modifier } = update;
    const matches = this.query(filter).all() as Doc[];
    const targets = single ? matches.slice(0, 1) : matches;
    if (targets.length === 0) {
      if (!upsert) return { matched: 0, modified: 0, upserted: false };
      const doc = seedFromFilter(filter) as Doc;
      doc._id ??= randomUUID();
      if (Object.keys(modifier).length > 0) applyUpdate(doc, modifier);
      if ($setOnInsert) applyUpdate(doc, { $set: $setOnInsert });
      const existing = this.store.docs(this.name);
      if (existing.has(doc._id)) throw new DuplicateKeyError(this.name, '_id_');
      await this.store.commit(this.name, [doc], []);
      return { matched: 0, modified: 0, upserted: true };
    }
    const changed: Doc[] = [];
    for (const target of targets) {
      const copy = clone(target);
      const fields = applyUpdate(copy, modifier);
      if (copy._id !== target._id) throw new TypeError('an update may not change _id');
      if (fields.length > 0) changed.push(copy);
    }
    await this.store.commit(this.name, changed, []);
    return { matched: targets.length, modified: changed.length, upserted: false };
  }
}

export function openEmbeddedStore(options: EmbeddedStoreOptions = {}): EmbeddedStore {
  return EmbeddedStore.open(options);
}
