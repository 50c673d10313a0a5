/**
 * The production store: the port over the official `mongodb` driver. It adds
 * nothing to MongoDB's semantics; what it owns is the process-wide client, the
 * durability setting and failing fast when the server is gone.
 */
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { StoreClosedError, StoreUnavailableError } from '../../core/ports/store-errors';
import type { StoreDriver, StoreMaintenance } from '../store/store-driver';
import { toUnavailable } from './mongo-errors';
import { mongoMaintenance } from './maintenance';
import { databaseFromUri, describeUri } from './mongo-uri';
import { MongoContext, repositoryCall, type AnyDoc } from './repositories/context';
import { mongoNative, type MongoNative } from './repositories';
import { printQuarantine, QUARANTINE, QuarantineLimitError, QUARANTINE_LIMIT, quarantineRecord, type QuarantineEvent, type RecordProblem } from '../store/record-check';

export interface MongoStoreOptions {
  /** Database when the URI names none (default `loa`). A name in the URI wins. */
  dbName?: string;
  /**
   * How long an operation waits for a usable server before it fails with
   * StoreUnavailableError (default 3000 ms). Short on purpose: an SMS webhook must
   * answer "try later" quickly rather than hang until the gateway times out.
   */
  serverSelectionTimeoutMS?: number;
  /** TCP connect timeout (default: the server selection timeout). */
  connectTimeoutMS?: number;
  /** Connection pool size per server (driver default 100). */
  maxPoolSize?: number;
  /** Shown in the server's logs and `currentOp` (default `loa`). */
  appName?: string;
  /** Told once per damaged document moved aside (default: one line on stderr). */
  onQuarantine?: (event: QuarantineEvent) => void;
}

const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 3000;

/** Told of every command a client sends; `repository` names the collection when a native repository sent it. */
export type CommandObserver = (event: CommandStartedEvent, repository: string | undefined) => void;
const observers = new Set<CommandObserver>();

/**
 * For the index test: clients created while an observer is registered monitor
 * their commands (the driver's `monitorCommands`) and tell it of each; others
 * pay nothing. Returns the unregistering function.
 */
export function observeCommands(observer: CommandObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

class MongoStore implements StoreDriver {
  readonly kind = 'mongodb' as const;

  /** Shared with every repository: after close, no call reaches the driver (which would reconnect or fail in its own words). */
  private readonly state = { closed: false };
  private readonly moved = new Map<string, number>();
  /** The native repositories (adapters/mongo/repositories/). */
  readonly mongo: MongoNative;
  /** The admin port's work, with the driver (maintenance.ts). */
  readonly maintenance: StoreMaintenance;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    readonly description: string,
    private readonly onQuarantine: (event: QuarantineEvent) => void = printQuarantine,
  ) {
    const quarantine = (collection: string, raw: AnyDoc, problem: RecordProblem) => this.quarantine(collection, raw, problem);
    this.mongo = mongoNative(new MongoContext(db, description, this.state, quarantine));
    this.maintenance = mongoMaintenance({ db, description, check: () => this.check(), quarantine, bulkLoad: (load) => this.mongo.bulkLoad(load) });
  }

  /** Keeps the whole document in the quarantine collection, then removes it from its own; says so once. */
  private async quarantine(collection: string, raw: AnyDoc, problem: RecordProblem): Promise<void> {
    const id = String(raw._id);
    const count = (this.moved.get(collection) ?? 0) + 1;
    if (count > QUARANTINE_LIMIT) throw new QuarantineLimitError(collection);
    this.moved.set(collection, count);
    try {
      await this.db.collection<AnyDoc>(QUARANTINE).insertOne(quarantineRecord(collection, id, raw, problem));
      await this.db.collection<AnyDoc>(collection).deleteOne({ _id: raw._id });
    } catch (error) {
      throw toUnavailable(error, this.description);
    }
    this.onQuarantine({ table: collection, id, problem });
  }

  async ping(): Promise<void> {
    this.check();
    try {
      await this.db.command({ ping: 1 });
    } catch (error) {
      const mapped = toUnavailable(error, this.description);
      throw mapped instanceof StoreUnavailableError
        ? mapped
        : new StoreUnavailableError(`MongoDB (${this.description}) did not answer ping`, { cause: error });
    }
  }

  close(): Promise<void> {
    this.state.closed = true;
    return this.client.close();
  }

  private check(): void {
    if (this.state.closed) throw new StoreClosedError(`MongoDB (${this.description})`);
  }
}

/**
 * Connects to MongoDB and resolves once a server answered, so a wrong URI or a
 * down server stops start-up with {@link StoreUnavailableError} instead of
 * failing the first webhook. Create one per process and `close()` it on shutdown.
 *
 * Writes use write concern `majority` with journaling: a log is acknowledged only
 * once it survives a crash and a failover. (Standalone servers and FerretDB accept
 * the same setting.)
 */
export async function createMongoStore(uri: string, options: MongoStoreOptions = {}): Promise<StoreDriver> {
  const dbName = databaseFromUri(uri) ?? options.dbName ?? 'loa';
  const description = describeUri(uri, dbName);
  const serverSelectionTimeoutMS = options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  const client = new MongoClient(uri, {
    appName: options.appName ?? 'loa',
    serverSelectionTimeoutMS,
    connectTimeoutMS: options.connectTimeoutMS ?? serverSelectionTimeoutMS,
    ...(options.maxPoolSize !== undefined ? { maxPoolSize: options.maxPoolSize } : {}),
    writeConcern: { w: 'majority', journal: true },
    // Documents carry string ids we choose; never let the driver invent ObjectIds.
    forceServerObjectId: false,
    ignoreUndefined: true,
    ...(observers.size > 0 ? { monitorCommands: true } : {}),
  });
  if (observers.size > 0) {
    client.on('commandStarted', (event) => {
      const repository = repositoryCall.getStore();
      for (const observer of observers) observer(event, repository);
    });
  }
  const store = new MongoStore(client, client.db(dbName), description, options.onQuarantine);
  try {
    await client.connect();
    await store.ping();
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof StoreUnavailableError) throw error;
    throw toUnavailable(error, description) === error
      ? new StoreUnavailableError(`MongoDB (${description}) could not be reached`, { cause: error })
      : toUnavailable(error, description);
  }
  return store;
}
