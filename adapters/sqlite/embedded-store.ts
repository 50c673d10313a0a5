import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import Database from 'libsql';
import AsyncDatabase from 'libsql/promise';
import { DuplicateKeyError, StoreClosedError, StoreUnavailableError } from '../../core/ports/store-errors';
import { isDiskFull, StoreDamagedError, StoreDiskFullError } from '../store/store-errors';
import type { StoreDriver } from '../store/store-driver';
import { acquirePidLock } from './pid-lock';
import { replayJournal, type JournalDoc, type ReplayReport } from './legacy-journal';
import { migrate } from './migrations';
import { UNREADABLE_ROSTER } from './migration-roster';
import { printQuarantine, type QuarantineEvent } from '../store/record-check';
import { SqliteQuarantine } from './quarantine';
import { walDamageBeforeOpen, walDamageMessage, type WalDamage } from './wal-check';

type Db = InstanceType<typeof Database>;
/** The part of a prepared statement used here (libsql's typings bind a tuple type). */
interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(toggle?: boolean): Statement;
}

export interface JournalImport extends ReplayReport {
  documents: number;
  /** Where the old journal now lies. */
  keptAs: string;
}

export interface EmbeddedStoreOptions {
  /** Folder for `loa.db`; omit for a memory-only store (tests, benches). */
  dataDir?: string;
  /** synchronous=FULL: a write resolves once its transaction is on disk (default true). Off only in benches that say so. */
  durable?: boolean;
  /**
   * Take the folder's server lock: a second server on the same folder is
   * refused, while command-line tools (which do not take it) share the database.
   */
  serverLock?: boolean;
  /** Called once when a journal of Loa 0.1 was imported into `loa.db`. */
  onImport?: (report: JournalImport) => void;
  /** Told when the WAL found at open is damaged and SQLite will drop commits after the damage (default: one line on stderr). */
  onWalDamage?: (message: string, damage: WalDamage) => void;
  /** Told once per damaged record moved aside (default: one line on stderr). */
  onQuarantine?: (event: QuarantineEvent) => void;
  /** @internal Tests: replaces the fdatasync of the WAL (resolve when it is on disk). */
  flushWal?: (fd: number) => Promise<void>;
}

/** A write waiting for its batch's COMMIT; `durable`: then also for an fdatasync that began after it. */
interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
  durable: boolean;
}

/** Resolved once the fdatasync covering commit number `seq` finished. */
interface SyncWaiter {
  seq: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** A running unit as its caller holds it ({@link EmbeddedStore.unitWith}): opaque, passed back to {@link EmbeddedStore.within}. */
export type UnitScope = object;

/** A running {@link EmbeddedStore.unit}; writes issued after its end wait for their own fsync again. */
interface Unit {
  ended: boolean;
  /** SQLite's `data_version`, read once per unit ({@link EmbeddedStore.cacheEpoch}). */
  dataVersion?: number;
}

/**
 * The WAL is folded into loa.db by a second connection on libsql's own thread
 * (its async API) after this many commits, so the copy and its two fsyncs
 * never block the event loop. SQLite's own checkpoint at COMMIT (1,000 pages
 * by default) cost ~4 ms of every group commit of 16 messages.
 */
const CHECKPOINT_EVERY_COMMITS = 16;
/**
 * The writer's own checkpoint stays as a safety net, at 4,000 pages (16 MB): under
 * unbroken writes the background one may never catch the WAL's tail, and the WAL
 * starts over only once a checkpoint did. By then it has little left to copy.
 */
const WRITER_CHECKPOINT_PAGES = 4000;
/** The background connection: synchronous=NORMAL, so its checkpoint fsyncs the WAL before and loa.db after copying; a small cache, it only copies pages. */
const CHECKPOINTER_PRAGMAS = 'PRAGMA synchronous = NORMAL; PRAGMA cache_size = -512';

/** Temporary storage (statement journals, sorts) while a batch of messages is open, and otherwise ({@link EmbeddedStore.begin}). */
const TEMP_IN_MEMORY = 'PRAGMA temp_store = MEMORY';
const TEMP_ON_DISK = 'PRAGMA temp_store = FILE';

const fdatasync = (fd: number): Promise<void> => new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));

export const DATABASE_FILE = 'loa.db';
const LEGACY_JOURNAL = 'journal.jsonl';
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The embedded store: SQLite (through libsql, whose prebuilt binaries come
 * from the npm registry) holding one table of JSON documents per collection,
 * with expression indexes for the declared index keys. WAL, so readers in
 * other processes (the CLI) never block the server and see only committed
 * data. Group commit: the writes issued in one event-loop turn share one
 * transaction, each in its own savepoint (a refused write undoes only
 * itself), and every one of them resolves only after COMMIT returned and an
 * fdatasync of the WAL that began after it finished (SQLite's own fsync at
 * synchronous=FULL would block the event loop for every batch).
 */
export class EmbeddedStore implements StoreDriver {
  readonly kind = 'embedded' as const;
  readonly description: string;
  private readonly statements = new Map<string, Statement>();
  private waiters: Waiter[] = [];
  private commitScheduled = false;
  /** The WAL, fsynced off the event loop after each group commit (null: not durable, or in memory). */
  private walFd: number | null = null;
  private flushWal: (fd: number) => Promise<void> = fdatasync;
  private syncWaiters: SyncWaiter[] = [];
  /** The background checkpoint's connection (durable file stores only), the one in flight, and the commit it began at. */
  private checkpointer: AsyncDatabase | null = null;
  private checkpointing: Promise<void> | null = null;
  private checkpointedAt = 0;
  /** @internal Tests: background checkpoints finished. */
  checkpoints = 0;
  private syncing = false;
  /** A commit scheduled while an fsync was in flight: made when it ends ({@link scheduleCommit}). */
  private commitDeferred = false;
  /** COMMITs that returned, and how many of them an fdatasync has covered. */
  private committed = 0;
  private synced = 0;
  /** COMMITs that failed (rolled back): a unit that saw one is not acknowledged. */
  private failedCommits = 0;
  private readonly units = new AsyncLocalStorage<Unit>();
  /** The last write failed (cleared by the next one that commits): ping reports it. */
  private writeFailure: Error | null = null;
  /** Shutdown began: no new unit or lone write is taken; units in flight finish. */
  private closing = false;
  private closed = false;
  /** Units running now, and who waits for the last one to end (close). */
  private activeUnits = 0;
  private unitsDone: (() => void) | null = null;
  /** @internal Damaged rows are moved here instead of failing every read that meets them. */
  readonly quarantine: SqliteQuarantine;

  private constructor(
    private readonly db: Db,
    readonly file: string | null,
    private readonly release: () => void,
  ) {
    this.description = file ? `SQLite store ${file}` : 'SQLite store in memory';
    this.quarantine = new SqliteQuarantine(db, (collection, fn) => this.write(collection, fn), printQuarantine);
  }

  static open(options: EmbeddedStoreOptions = {}): EmbeddedStore {
    const { dataDir } = options;
    if (!dataDir) {
      const db = configure(new Database(':memory:'), false, ':memory:');
      migrate(db);
      const memory = new EmbeddedStore(db, null, () => undefined);
      if (options.onQuarantine) memory.quarantine.listen(options.onQuarantine);
      return memory;
    }
    try {
      return EmbeddedStore.openIn(dataDir, options);
    } catch (error) {
      if (isDiskFull(error) || (error as { code?: string }).code === 'SQLITE_FULL') throw new StoreDiskFullError(dataDir, { cause: error });
      throw error;
    }
  }

  private static openIn(dataDir: string, options: EmbeddedStoreOptions): EmbeddedStore {
    fs.mkdirSync(dataDir, { recursive: true });
    const release = options.serverLock ? acquirePidLock(dataDir) : () => undefined;
    const file = path.join(dataDir, DATABASE_FILE);
    let db: Db | null = null;
    const rowDamage: string[] = [];
    try {
      const walDamage = walDamageBeforeOpen(file);
      if (walDamage) (options.onWalDamage ?? ((message) => process.stderr.write(`${message}\n`)))(walDamageMessage(file, walDamage), walDamage);
      try {
        db = configure(new Database(file), options.durable ?? true, file, rowDamage);
      } catch (error) {
        throw asDamaged(error, file);
      }
      const store = new EmbeddedStore(db, file, release);
      if (options.durable ?? true) {
        store.walFd = fs.openSync(`${file}-wal`, 'a');
        store.checkpointer = new AsyncDatabase(file, { timeout: 5 });
        // In flight until done, so the first checkpoint runs after it on this connection.
        store.checkpointing = store.quietly(store.checkpointer.exec(CHECKPOINTER_PRAGMAS));
        db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
      }
      if (options.flushWal) store.flushWal = options.flushWal;
      if (options.onQuarantine) store.quarantine.listen(options.onQuarantine);
      const imported = store.importLegacyJournal(dataDir);
      // After the journal import: a Loa 0.1 journal lands in the JSON layout, which the migrations then move.
      migrate(db);
      // A typed log row whose JSON column no longer parses goes to the quarantine now (one line each), not at some report.
      for (const table of ['logs', ...Object.keys(UNREADABLE_ROSTER)]) if (rowDamage.some((p) => new RegExp(` ${table}\\b`).test(p))) store.quarantine.sweep(table);
      if (imported) options.onImport?.(imported);
      return store;
    } catch (error) {
      db?.close();
      release();
      throw error;
    }
  }

  /**
   * Whether the store can serve and write. After a failed write (a full disk)
   * it probes with a small write of its own, so /healthz turns healthy again
   * by itself once space is back.
   */
  async ping(): Promise<void> {
    this.check();
    try {
      this.db.prepare('SELECT 1').get();
      if (this.writeFailure && !this.db.inTransaction) {
        this.db.exec('CREATE TABLE IF NOT EXISTS loa_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)');
        this.db.prepare("INSERT OR REPLACE INTO loa_meta (key, value) VALUES ('write_probe', ?)").run(new Date().toISOString() + ' '.repeat(4096));
        this.writeFailure = null;
      }
    } catch (error) {
      throw this.failure(error);
    }
  }

  /**
   * Final: waits for the units in flight (messages being handled) to end,
   * commits and flushes what they wrote, then closes. From its call on, a new
   * unit or a write outside a running unit fails with {@link StoreClosedError};
   * after it, every call does (the native binding would panic on a closed
   * connection, so no path may reach it).
   */
  async close(): Promise<void> {
    if (this.closing) {
      while (!this.closed) await new Promise((resolve) => setImmediate(resolve));
      return;
    }
    this.closing = true;
    if (this.activeUnits > 0) await new Promise<void>((resolve) => (this.unitsDone = resolve));
    if (this.db.inTransaction) this.commit();
    while (this.syncing) await new Promise((resolve) => setImmediate(resolve));
    await this.checkpointing;
    this.checkpointer?.close();
    this.checkpointer = null;
    this.closed = true;
    if (this.walFd !== null) fs.closeSync(this.walFd);
    this.walFd = null;
    if (this.file) {
      try {
        // Fold the WAL into loa.db, so a stopped Loa leaves one file to copy as a backup.
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Another process is reading: the WAL stays and is folded in later, nothing is lost.
      }
    }
    this.db.close();
    this.release();
  }

  /**
   * A consistent copy of the whole database in one new file (`VACUUM INTO`),
   * taken between write batches while the server keeps serving; readers in
   * other processes are not blocked. The file must not exist.
   */
  async snapshotTo(target: string): Promise<void> {
    this.check();
    // The batch in progress commits first: the copy holds every acknowledged write.
    if (this.db.inTransaction) this.commit();
    while (this.db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
    try {
      this.db.prepare('VACUUM INTO ?').run(target);
    } catch (error) {
      throw this.failure(error);
    }
  }

  /**
   * `PRAGMA integrity_check` (every page, every index entry), after moving
   * unreadable rows aside (an expression index over one makes the pragma itself
   * fail). Returns SQLite's problems; empty when the file is sound.
   */
  integrityCheck(tables: string[]): string[] {
    this.check();
    for (const table of tables) {
      if (this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) this.quarantine.sweep(table);
    }
    try {
      return (this.db.pragma('integrity_check(50)') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    } catch (error) {
      return [`integrity_check could not run: ${(error as Error).message}`];
    }
  }

  /** @internal Tests: every call fails as if the database went away (test/support/switchable-store.ts). */
  outage = false;

  get sqlite(): EmbeddedStore {
    return this;
  }

  /** @internal Refuses a call once closed, or once closing unless it belongs to a unit still in flight. */
  check(): void {
    if (this.outage) throw new StoreUnavailableError('test: store is down');
    if (this.closed || (this.closing && !this.activeUnit())) throw new StoreClosedError('the embedded store');
  }

  /** @internal */ statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size > 500) this.statements.clear();
      statement = this.traced(sql, this.db.prepare(sql) as unknown as Statement);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * @internal Tests and benches: `listener` hears the SQL of every statement
   * run from now on (data statements and transaction control), so the cost of
   * one message is counted, not guessed. `null` stops it.
   */
  traceStatements(listener: ((sql: string) => void) | null): void {
    this.tracer = listener;
  }

  private tracer: ((sql: string) => void) | null = null;

  private traced(sql: string, inner: Statement): Statement {
    // libsql leaves a statement whose get() failed (a unique key, a full disk) unreset: every later get()
    // of it fails the same way. A failed statement leaves the cache, so the next use prepares it anew.
    const evicting = <R>(call: () => R): R => {
      try {
        return call();
      } catch (error) {
        if (this.statements.get(sql) === self) this.statements.delete(sql);
        throw error;
      }
    };
    const self: Statement = {
      run: (...params) => (this.tracer?.(sql), evicting(() => inner.run(...params))),
      get: (...params) => (this.tracer?.(sql), evicting(() => inner.get(...params))),
      all: (...params) => (this.tracer?.(sql), evicting(() => inner.all(...params))),
      pluck: (toggle = true) => (inner.pluck(toggle), self),
    };
    return self;
  }

  /**
   * @internal What caches of rows (the roster, place paths) compare to know
   * they still hold: changes when another connection (a CLI import) commits
   * (SQLite's `data_version`) or when a write of this one was rolled back.
   * Read once per unit, so a message pays one cheap statement for all its caches.
   */
  cacheEpoch(...tables: string[]): string {
    // Before touching the connection: after close, Loa's error, never the binding's panic.
    this.check();
    const unit = this.activeUnit();
    // Inside the batch's write transaction no other connection can commit (it holds the write lock), so one
    // read serves every message of the batch; it is forgotten when the transaction ends.
    const inTransaction = this.db.inTransaction;
    let version = inTransaction ? this.transactionDataVersion : undefined;
    if (version === undefined && unit && !unit.ended) version = unit.dataVersion;
    if (version === undefined) {
      version = this.read(() => Number((this.statement('PRAGMA data_version').get() as { data_version: number }).data_version));
      if (unit && !unit.ended) unit.dataVersion = version;
    }
    if (inTransaction) this.transactionDataVersion = version;
    return `${version}:${this.rollbacks}:${tables.map((t) => this.writesTo.get(t) ?? 0).join(':')}`;
  }

  /** Writes or batches rolled back in this process: a cache filled by one may hold what never committed. */
  private rollbacks = 0;
  /** Writes issued in this process per table (any write, by any repository or the maintenance port). */
  private readonly writesTo = new Map<string, number>();

  /** @internal Several statements at once (a rebuild), traced. */
  execRaw(sql: string): void {
    this.exec(sql);
  }

  /** Transaction control, traced like a statement. */
  private exec(sql: string): void {
    this.tracer?.(sql);
    this.db.exec(sql);
  }

  /**
   * @internal Runs a read; a database error becomes a typed store error. A
   * row of `collection` that SQLite cannot parse is quarantined and the read
   * runs once more without it.
   */
  read<R>(fn: () => R, collection?: string): R {
    this.check();
    // A read outside the batch's transaction (a report) sorts on disk ({@link begin}).
    if (this.tempInMemory && !this.db.inTransaction) this.setTempStore(false);
    try {
      return this.quarantine.healing(collection, fn);
    } catch (error) {
      throw error instanceof TypeError ? error : this.failure(error);
    }
  }

  /**
   * @internal Runs one write inside the current batch's transaction, in its
   * own savepoint (none for a `singleStatement` write: SQLite undoes a failed
   * statement, its triggers included, by itself), and resolves with its
   * result once the batch is durable. Inside a {@link unit} (unless
   * `eachDurable`) it resolves at once: the unit's writes share the open
   * transaction, and the unit itself is acknowledged only after the COMMIT
   * and the fdatasync that follow, or refused if that batch is lost.
   */
  write<R>(collection: string, fn: () => R, eachDurable = false, singleStatement = false): Promise<R> {
    this.check();
    const unit = this.activeUnit();
    const inUnit = unit !== undefined && !unit.ended;
    let result: R;
    try {
      // A lone write (a rebuild's GROUP BY over every log) never runs with a batch's temporary storage in memory.
      if (!inUnit && this.tempInMemory && this.db.inTransaction) this.commit();
      if (!this.db.inTransaction) this.begin(inUnit);
      result = this.quarantine.healing(collection, singleStatement ? () => this.counted(collection, fn) : () => this.inSavepoint(collection, fn));
    } catch (error) {
      if (error instanceof TypeError || error instanceof DuplicateKeyError) throw error;
      if (isUniqueViolation(error)) throw new DuplicateKeyError(collection, uniqueIndexName(error));
      const failure = this.failure(error);
      this.writeFailure = failure;
      if (!this.db.inTransaction) {
        // SQLite rolled the whole transaction back (a full disk): the batch is lost. Its waiters are told, and
        // the units whose writes resolved inside it fail at their end (they see failedCommits move).
        this.failedCommits++;
        this.rollbacks++;
        this.transactionEnded();
        this.rejectBatch(failure);
      }
      throw failure;
    }
    if (!eachDurable && inUnit) {
      this.scheduleCommit();
      return Promise.resolve(result);
    }
    return new Promise<R>((resolve, reject) => this.afterCommit({ resolve: () => resolve(result), reject, durable: true }));
  }

  /**
   * Opens the batch's transaction. One begun by a unit (messages: a few
   * small statements each) keeps SQLite's temporary storage in memory for
   * its length, so each statement's journal (a copy of every page it
   * changes, kept to undo that statement alone) never spills to a temporary
   * file: with `temp_store = FILE` it did past 64 KiB, and a log's insert (its
   * row, seven indexes, the rollup rows of its triggers) wrote ~56 KiB of
   * journal through ~26 write calls per message. Any other transaction, and
   * every read outside one, runs with temporary storage on disk, so a big sort
   * (a rebuild, the national report) stays bounded ({@link configure}).
   * The setting can change only outside a transaction, is evaluated at BEGIN,
   * and is switched only when the kind of work changes: a change while
   * SQLite's temp schema is open resets every prepared statement (a
   * switch back after each batch cost ~0.5 ms and the batch's statements'
   * re-preparation), so back-to-back batches of messages switch nothing.
   */
  private begin(small: boolean): void {
    this.setTempStore(small);
    this.transactionDataVersion = undefined;
    this.exec('BEGIN IMMEDIATE');
  }

  /** After COMMIT or ROLLBACK: the next transaction reads data_version anew. */
  private transactionEnded(): void {
    this.transactionDataVersion = undefined;
  }

  /** SQLite's data_version as read inside the open write transaction ({@link cacheEpoch}). */
  private transactionDataVersion: number | undefined;

  private tempInMemory = false;

  private setTempStore(memory: boolean): void {
    if (this.tempInMemory === memory) return;
    // Not a prepared statement: SQLite applies this PRAGMA while preparing it, so a re-run would change nothing.
    this.exec(memory ? TEMP_IN_MEMORY : TEMP_ON_DISK);
    this.tempInMemory = memory;
  }

  /** Runs `fn` in its own savepoint, so a refused write undoes only itself. */
  private inSavepoint<R>(collection: string, fn: () => R): R {
    this.exec('SAVEPOINT w');
    try {
      const value = fn();
      this.exec('RELEASE w');
      this.noteWrite(collection, value);
      return value;
    } catch (error) {
      this.rollbacks++;
      if (this.db.inTransaction) this.exec('ROLLBACK TO w; RELEASE w');
      throw error;
    }
  }

  /** Runs a one-statement `fn` (atomic by itself in SQLite) and counts it like {@link inSavepoint}. */
  private counted<R>(collection: string, fn: () => R): R {
    let value: R;
    try {
      value = fn();
    } catch (error) {
      this.rollbacks++;
      throw error;
    }
    this.noteWrite(collection, value);
    return value;
  }

  private noteWrite(collection: string, value: unknown): void {
    // An update that matched nothing to change (setLastChannel on every message) leaves caches of the table valid.
    if (!changedNothing(value)) this.writesTo.set(collection, (this.writesTo.get(collection) ?? 0) + 1);
  }

  /**
   * Runs `fn` as one durable unit: its writes resolve once their transaction
   * committed (visible, in order, and safe from a crash of the process, since
   * the OS holds them), and the unit resolves only after one fdatasync of the
   * WAL that began after everything committed so far. The WAL is appended in
   * commit order, so that fsync covers every commit before it, including
   * other units' commits this one may have read; a power loss before it loses
   * a tail of commits, never one without an earlier one. A unit that fails
   * still waits for that fsync, then rethrows; nothing in it was acknowledged.
   * Writes that guard an external effect pass `eachDurable` to {@link write}.
   */
  async unit<T>(fn: () => Promise<T>): Promise<T> {
    if (this.activeUnit()) return fn();
    this.check();
    this.activeUnits++;
    try {
      return await this.runUnit((unit) => this.units.run(unit, fn));
    } finally {
      if (--this.activeUnits === 0) this.unitsDone?.();
    }
  }

  /**
   * {@link unit} without AsyncLocalStorage: `fn` gets the unit, and only the
   * store calls made {@link within} it count as the unit's (the repositories
   * {@link reposInUnit} hands it bind each call). Node 20's AsyncLocalStorage,
   * once entered, runs promise hooks for every promise of the process: ~80 µs
   * of CPU per message (~17%). A call made without the unit is a lone write:
   * it waits for its own commit and fsync, as outside any unit (slower, never
   * less durable).
   */
  async unitWith<T>(fn: (unit: UnitScope) => Promise<T>): Promise<T> {
    this.check();
    this.activeUnits++;
    try {
      return await this.runUnit(fn);
    } finally {
      if (--this.activeUnits === 0) this.unitsDone?.();
    }
  }

  /** Runs the synchronous part of `fn` (a repository call: its statements run before its first await) as `unit`'s. */
  within<R>(unit: UnitScope, fn: () => R): R {
    const before = this.currentUnit;
    this.currentUnit = unit as Unit;
    try {
      return fn();
    } finally {
      this.currentUnit = before;
    }
  }

  /** The unit a store call belongs to: the one it runs {@link within}, else the AsyncLocalStorage of {@link unit}. */
  private activeUnit(): Unit | undefined {
    return this.currentUnit ?? this.units.getStore();
  }

  private currentUnit: Unit | undefined;

  private async runUnit<T>(enter: (unit: Unit) => Promise<T>): Promise<T> {
    const unit: Unit = { ended: false };
    const failedBefore = this.failedCommits;
    let result: T;
    try {
      result = await enter(unit);
    } catch (error) {
      unit.ended = true;
      await this.durableNow().catch(() => undefined);
      throw error;
    }
    unit.ended = true;
    await this.durableNow();
    // A batch rolled back after this unit began: it may have read writes that never became durable.
    if (this.failedCommits !== failedBefore) throw this.writeFailure ?? new StoreUnavailableError('the embedded store could not commit a write');
    return result;
  }

  /** Resolves once everything committed or pending so far is on disk. */
  private durableNow(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.closed) return reject(new StoreClosedError('the embedded store'));
      // An open transaction (this unit's writes, or writes it read): wait for its COMMIT first.
      if (this.db.inTransaction) this.afterCommit({ resolve, reject, durable: true });
      else this.afterSync({ seq: this.committed, resolve, reject });
    });
  }

  private afterCommit(waiter: Waiter): void {
    this.waiters.push(waiter);
    this.scheduleCommit();
  }

  /** The open transaction commits at the next turn of the event loop (group commit: this turn's writes share it). */
  private scheduleCommit(): void {
    if (!this.commitScheduled) {
      this.commitScheduled = true;
      // close() commits a batch still open; its scheduled commit must not touch the closed connection.
      setImmediate(() => {
        if (this.closed) return;
        // An fsync is in flight: nothing committed now could be acknowledged before it ends, so the writes of
        // every turn until then commit together, just before the next fsync ({@link sync}): one transaction
        // instead of one per turn (over HTTP, webhooks arrive a few per turn), fewer pages to the WAL.
        if (this.syncing) this.commitDeferred = true;
        else this.commit();
      });
    }
  }

  private afterSync(waiter: SyncWaiter): void {
    if (this.walFd === null || waiter.seq <= this.synced) return waiter.resolve();
    this.syncWaiters.push(waiter);
    if (!this.syncing) void this.sync();
  }

  private commit(): void {
    this.commitScheduled = false;
    const waiters = this.waiters;
    this.waiters = [];
    if (this.closed) {
      // close() committed them already; nothing may touch the closed connection.
      for (const w of waiters) w.reject(new StoreClosedError('the embedded store'));
      return;
    }
    if (!this.db.inTransaction) {
      for (const w of waiters) w.resolve();
      return;
    }
    try {
      this.exec('COMMIT');
    } catch (error) {
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        this.transactionEnded();
      } catch {
        // The connection is unusable; the next write reports it.
      }
      this.failedCommits++;
      this.rollbacks++;
      const failure = this.failure(error);
      this.writeFailure = failure;
      for (const w of waiters) w.reject(failure);
      return;
    }
    this.transactionEnded();
    this.writeFailure = null;
    const seq = ++this.committed;
    for (const w of waiters) {
      if (w.durable) this.afterSync({ seq, resolve: w.resolve, reject: w.reject });
      else w.resolve();
    }
  }

  /**
   * Group commit's second half: one fdatasync of the WAL (in libuv's thread
   * pool, so other requests keep running) covering every COMMIT that returned
   * before it started; only then are the writers waiting for those commits
   * acknowledged.
   */
  private async sync(): Promise<void> {
    this.syncing = true;
    while (this.syncWaiters.length > 0 && this.walFd !== null) {
      const target = this.committed;
      const fd = this.walFd;
      let failure: Error | null = null;
      try {
        await this.flushWal(fd);
        this.synced = Math.max(this.synced, target);
      } catch (error) {
        failure = new StoreUnavailableError('the embedded store could not flush its write-ahead log', { cause: error });
        this.writeFailure = failure;
      }
      // Waiters that joined during the fsync for an earlier commit are covered by it too.
      const done = this.syncWaiters.filter((w) => w.seq <= target);
      this.syncWaiters = this.syncWaiters.filter((w) => w.seq > target);
      for (const w of done) {
        if (failure) w.reject(failure);
        else w.resolve();
      }
      // The batch gathered during that fsync commits now; its waiters join the next one.
      if (this.commitDeferred && !this.closed) {
        this.commitDeferred = false;
        this.commit();
      }
    }
    this.syncing = false;
    this.checkpointSoon();
  }

  /**
   * Every {@link CHECKPOINT_EVERY_COMMITS} commits, one PASSIVE checkpoint on
   * the background connection: it copies committed pages into loa.db and
   * fsyncs (synchronous=NORMAL), never blocks the writer, and loses nothing
   * if it fails or the process dies in it (the pages stay in the WAL).
   */
  private checkpointSoon(): void {
    const checkpointer = this.checkpointer;
    if (!checkpointer || this.checkpointing || this.closing || this.committed - this.checkpointedAt < CHECKPOINT_EVERY_COMMITS) return;
    this.checkpointedAt = this.committed;
    this.checkpointing = this.quietly((checkpointer.exec('PRAGMA wal_checkpoint(PASSIVE)') as Promise<void>).then(() => void this.checkpoints++));
  }

  /** A background checkpoint's promise, cleared when done. Busy or failed: the writer's own checkpoint, or the next one here, copies those pages. */
  private quietly(work: Promise<unknown>): Promise<void> {
    const done: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      if (this.checkpointing === done) this.checkpointing = null;
    });
    return done;
  }

  private rejectBatch(failure: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(failure);
  }

  /** @internal What callers see of a database error: the store is unavailable (503), or damaged. */
  failure(error: unknown): Error {
    const code = (error as { code?: string }).code ?? '';
    if (this.file && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')) return asDamaged(error, this.file);
    const detail = code === 'SQLITE_FULL' ? `disk full${this.file ? ` under ${path.dirname(this.file)}` : ''}; it retries by itself` : code.startsWith('SQLITE_BUSY') ? 'the database is busy' : (error as Error).message;
    return new StoreUnavailableError(`the embedded store cannot write (${detail})`, { cause: error });
  }

  /**
   * Loa 0.1 kept an append-only journal. Its documents go into `loa.db` once,
   * in one transaction that also records the import, and the file is renamed
   * aside (never deleted), so a crash at any point neither loses nor doubles.
   */
  private importLegacyJournal(dataDir: string): JournalImport | null {
    const journal = path.join(dataDir, LEGACY_JOURNAL);
    if (!fs.existsSync(journal)) return null;
    const keptAs = path.join(dataDir, `${LEGACY_JOURNAL}.imported`);
    this.db.exec('CREATE TABLE IF NOT EXISTS loa_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)');
    const done = this.db.prepare("SELECT value FROM loa_meta WHERE key = 'journal_import'").get() as { value: string } | undefined;
    if (done) {
      fs.renameSync(journal, keptAs);
      return null;
    }
    const collections = new Map<string, Map<string, JournalDoc>>();
    const report = replayJournal(journal, (record) => {
      let docs = collections.get(record.c);
      if (!docs) collections.set(record.c, (docs = new Map()));
      if ('p' in record) docs.set(record.p._id, record.p);
      else docs.delete(record.d);
    });
    let documents = 0;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const [name, docs] of collections) {
        // The JSON layout of that time, typed tables included: the migrations run after this move them.
        if (!NAME.test(name)) throw new TypeError(`collection name ${name} is not a plain identifier`);
        this.db.exec(`CREATE TABLE IF NOT EXISTS "${name}" (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
        const insert = this.statement(`INSERT INTO "${name}" (id, doc) VALUES (?, ?)`);
        for (const doc of docs.values()) {
          insert.run(doc._id, JSON.stringify(doc));
          documents++;
        }
      }
      const summary = { at: new Date().toISOString(), records: report.records, documents, skipped: report.skipped };
      this.statement("INSERT INTO loa_meta (key, value) VALUES ('journal_import', ?)").run(JSON.stringify(summary));
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    fs.renameSync(journal, keptAs);
    return { ...report, documents, keptAs };
  }
}

/** quick_check lines about one row breaking its table's constraints (a flipped byte in a typed row), not about the file's pages. */
const ROW_DAMAGE = /^(CHECK constraint failed in |NOT NULL constraint failed in |NULL value in |non-\w+ value in )/;

/** `rowDamage` hears quick_check's lines about rows (read paths quarantine them); damage to the file refuses it. */
function configure(db: Db, durable: boolean, file: string, rowDamage: string[] = []): Db {
  db.pragma('busy_timeout = 5000');
  // A forgotten person's roster line is zeroed in the file, not left in a free page (docs/privacy.md).
  db.pragma('secure_delete = ON');
  // 8 MB of page cache (default 2 MB). It was 32 MB, for inserts at 300k logs measured at ~1 ms with 2 MB
  // when logs were JSON documents; on the typed tables (issue 23) 5,000 inserts, 16 at once, into a copy of a
  // 300k-log store cost the same with 2, 8, 16 or 32 MB (305–365 µs each, the OS's page cache serves the rest),
  // the province report and Monday summary at 300k too (32 and 45–50 ms), while RSS after the load bench fell
  // by the cache's fill (malloc 23–27 → 18 MB). More than 2 MB keeps a report's rollup pages between reads.
  db.pragma('cache_size = -8192');
  if (file !== ':memory:') {
    db.pragma('journal_mode = WAL');
    // NORMAL: COMMIT writes the WAL without fsync; a durable store fsyncs the WAL itself,
    // off the event loop, before acknowledging (see EmbeddedStore.sync).
    db.pragma('synchronous = NORMAL');
    // The binding is built with temp tables in RAM: a rollup rebuild's GROUP BY or the migration's
    // ORDER BY over millions of logs then sorted in memory (3.2 GB RSS in the national bench). A file
    // stays bounded; small sorts still fit in the page cache.
    db.pragma('temp_store = FILE');
    // Reads the whole file once: a damaged page is found now, by name, not in the middle of a report.
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    rowDamage.push(...problems.filter((p) => ROW_DAMAGE.test(p)));
    const fileDamage = problems.filter((p) => !ROW_DAMAGE.test(p));
    if (fileDamage.length > 0) throw new StoreDamagedError(file, fileDamage.slice(0, 3).join('; '));
  }
  return db;
}

function asDamaged(error: unknown, file: string): Error {
  if (error instanceof StoreDamagedError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new StoreDamagedError(file, (error as Error).message);
  return error as Error;
}

/** A write's result that says it changed nothing (`{ modified: 0, upserted: false }`, as repositories report an update that matched nothing new). */
function changedNothing(result: unknown): boolean {
  const r = result as { modified?: number; upserted?: boolean } | null;
  return typeof r === 'object' && r !== null && r.modified === 0 && r.upserted === false;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** SQLite names the index ("index 'x'") for expression indexes, the columns for a typed table's, the id column for the primary key. */
function uniqueIndexName(error: unknown): string {
  const message = (error as Error).message;
  const index = /index '([^']+)'/.exec(message)?.[1];
  if (index) return index;
  const columns = /UNIQUE constraint failed: (.+)$/.exec(message)?.[1];
  return columns && !/^\w+\.id$/.test(columns) ? columns.replace(/\s/g, '') : '_id_';
}

export function openEmbeddedStore(options: EmbeddedStoreOptions = {}): EmbeddedStore {
  return EmbeddedStore.open(options);
}
