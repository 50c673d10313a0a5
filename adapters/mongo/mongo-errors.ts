/**
 * Turning driver errors into the port's errors, so callers handle two stable
 * cases: "already done" ({@link DuplicateKeyError}) and "do not acknowledge"
 * ({@link StoreUnavailableError}). Everything else is a bug and passes through.
 */
import {
  MongoBulkWriteError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { StoreUnavailableError } from '../../core/ports/store-errors';

/** MongoDB's DuplicateKey, plus two legacy codes some servers still send. */
const DUPLICATE_KEY_CODES = new Set([11000, 11001, 12582]);

/**
 * Server answers that mean "this node cannot take the write right now"
 * (failover, shutdown): retrying later is right, acknowledging is not.
 */
const UNAVAILABLE_CODES = new Set([
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/**
 * FerretDB 1.x with SQLite reports a unique clash on *update* as InternalError
 * (code 1) carrying SQLite's text: `UNIQUE constraint failed: index '<table>_<hash8>_<index>'`.
 */
const FERRETDB_SQLITE_UNIQUE = /UNIQUE constraint failed: index '[^']*?_[0-9a-f]{8}_([^']+)'/;

/** True when a write was refused by a unique index (including `_id`). */
export function isDuplicateKey(error: unknown): error is MongoServerError | MongoBulkWriteError {
  if (error instanceof MongoBulkWriteError) {
    const first = error.writeErrors;
    const list = Array.isArray(first) ? first : [first];
    return list.some((w) => DUPLICATE_KEY_CODES.has(w.code)) || DUPLICATE_KEY_CODES.has(Number(error.code));
  }
  return (
    error instanceof MongoServerError &&
    (DUPLICATE_KEY_CODES.has(Number(error.code)) || FERRETDB_SQLITE_UNIQUE.test(error.message))
  );
}

/**
 * The index named in a duplicate-key message (`... index: items_phone_unique dup key: ...`).
 * MongoDB names it; FerretDB 1.x does not, and then this returns undefined.
 */
export function duplicateIndexName(error: MongoError): string | undefined {
  const messages = [error.message];
  if (error instanceof MongoBulkWriteError) {
    const list = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    messages.unshift(...list.map((w) => w.errmsg ?? ''));
  }
  for (const message of messages) {
    const match = /index: (\S+?)(?: dup key|\s|$)/.exec(message) ?? FERRETDB_SQLITE_UNIQUE.exec(message);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** True when the error means the store cannot be reached or cannot take writes now. */
export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError ||
    (error instanceof MongoError && (error.hasErrorLabel('ResetPool') || error.name === 'MongoPoolClearedError')) ||
    (error instanceof MongoServerError && UNAVAILABLE_CODES.has(Number(error.code)))
  );
}

/** Wraps an unavailability error for the port, or returns the error unchanged. */
export function toUnavailable(error: unknown, description: string): unknown {
  if (!isUnavailable(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`MongoDB (${description}) is unavailable: ${reason}`, { cause: error });
}
