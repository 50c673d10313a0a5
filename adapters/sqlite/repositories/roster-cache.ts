import { senderKey, type Person, type SenderIdentity } from '../../../core/domain/people';
import type { Place } from '../../../core/domain/places';
import type { EmbeddedStore } from '../embedded-store';
import { SqlitePeopleRepo } from './people-repo';
import { SqlitePlacesRepo } from './places-repo';

/**
 * A deep copy of plain data (objects, arrays, strings, numbers, booleans,
 * null: what a decoded person or place is), ~6× cheaper than `structuredClone`,
 * which every message paid for its sender and village.
 */
function copyPlain<V>(value: V): V {
  if (Array.isArray(value)) return value.map(copyPlain) as V;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
    return out as V;
  }
  return value;
}

/** Enough for a province's roster; past it the cache starts over rather than grow. */
const MAX_ENTRIES = 50_000;

/**
 * Rows read once and served from memory until anything could have changed
 * them: a write to their table in this process (a roster import, a linked
 * chat account), a rolled-back write, or a commit by another connection (a
 * CLI import; SQLite's `data_version`, read once per message). A stale
 * person would let the wrong sender in, so the check is per message, never
 * a timer. Callers get copies.
 */
class EpochCache<V> {
  private readonly entries = new Map<string, V>();
  private epoch = '';

  constructor(
    private readonly store: EmbeddedStore,
    private readonly table: string,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const epoch = this.store.cacheEpoch(this.table);
    if (epoch !== this.epoch) {
      this.entries.clear();
      this.epoch = epoch;
    }
    if (this.entries.has(key)) return copyPlain(this.entries.get(key) as V);
    const value = await load();
    // Only if nothing changed while it loaded.
    if (this.store.cacheEpoch(this.table) === epoch) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, copyPlain(value));
    }
    return value;
  }
}

/** People on SQLite: the sender lookup every message makes, from memory while the roster is unchanged. */
export class CachedPeopleRepo extends SqlitePeopleRepo {
  private readonly cache: EpochCache<Person | null>;

  constructor(store: EmbeddedStore) {
    super(store);
    this.cache = new EpochCache(store, 'people');
  }

  override get(id: string): Promise<Person | null> {
    return this.cache.get(`id:${id}`, () => super.get(id));
  }

  override findByIdentity(identity: SenderIdentity): Promise<Person | null> {
    return this.cache.get(senderKey(identity), () => super.findByIdentity(identity));
  }
}

/** Places on SQLite: a place by id (every log names its village), from memory while the roster is unchanged. */
export class CachedPlacesRepo extends SqlitePlacesRepo {
  private readonly cache: EpochCache<Place | null>;

  constructor(store: EmbeddedStore) {
    super(store);
    this.cache = new EpochCache(store, 'places');
  }

  override get(id: string): Promise<Place | null> {
    return this.cache.get(id, () => super.get(id));
  }
}
