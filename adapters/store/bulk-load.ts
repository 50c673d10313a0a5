import type { Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';
import type { SessionLog } from '../../core/domain/session-log';

/**
 * Records loaded in bulk behind the use-cases: benches seeding a province or
 * a country, the copy tool filling a new store. Each record is checked by its
 * domain schema as a repository's write checks it; the rollups are recounted
 * once after the logs (`rollups rebuild`), not kept log by log.
 *
 * Places come parents first. A record whose id is already stored is refused
 * (DuplicateKeyError), except with `replace` (the copy tool's `--force`).
 */
export interface BulkLoad {
  places?: readonly Place[];
  people?: readonly Person[];
  /** In batches: a generator keeps one batch in memory at a time (3 million logs in the national bench). */
  logs?: Iterable<readonly SessionLog[]>;
  /** Records with an id already stored replace it (the others are kept). */
  replace?: boolean;
}

export interface BulkLoaded {
  places: number;
  people: number;
  logs: number;
  /** Place-months of rollups after the recount; null when no logs were loaded (nothing recounted). */
  rollups: number | null;
}

/** What each store implements (adapters/sqlite/repositories/bulk-load.ts, adapters/mongo/repositories/bulk-load.ts). */
export type BulkLoader = (load: BulkLoad) => Promise<BulkLoaded>;

/** A record handed to a bulk load fails its domain schema: nothing of the load's logs is stored. */
export class BulkRecordInvalidError extends TypeError {
  override readonly name = 'BulkRecordInvalidError';
  constructor(
    readonly table: string,
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`${table} record ${id} is not valid: nothing of the load was stored`, options);
  }
}
