/**
 * The store failures a use-case must tell apart. Both drivers translate their
 * own errors into these (storage/sqlite, storage/mongo).
 */

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
  override readonly name: string = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store was closed (shutdown): every later call fails with this, never with a driver's own failure. */
export class StoreClosedError extends StoreUnavailableError {
  override readonly name: string = 'StoreClosedError';
  constructor(readonly store: string) {
    super(`${store} is closed`);
  }
}
