/** Why a store cannot open or write: said plainly to the person starting Loa (app/main.ts). */

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

/** A schema migration failed at open: nothing of it was applied (its transaction rolled back). */
export class StoreMigrationError extends Error {
  override readonly name = 'StoreMigrationError';
  constructor(
    readonly version: number,
    readonly migration: string,
    options: { cause: unknown },
  ) {
    super(`Loa could not upgrade its database (migration ${version}, ${migration}: ${(options.cause as Error).message}). Nothing was changed; restore a backup or report this.`, options);
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
