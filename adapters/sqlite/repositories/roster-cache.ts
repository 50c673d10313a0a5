import { senderKey, type Person, type SenderIdentity } from '../../../core/domain/people';
import type { Place } from '../../../core/domain/places';
import { COLLECTIONS } from '../../store/collections';
import { DocumentPeopleRepo } from '../../store/repositories/people-repo';
import { DocumentPlacesRepo } from '../../store/repositories/places-repo';
import type { EmbeddedStore } from '../embedded-store';

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
    if (this.entries.has(key)) return structuredClone(this.entries.get(key) as V);
    const value = await load();
    // Only if nothing changed while it loaded.
    if (this.store.cacheEpoch(this.table) === epoch) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, structuredClone(value));
    }
    return value;
  }
}

/** People on SQLite: the sender lookup every message makes, from memory while the roster is unchanged. */
export class CachedPeopleRepo extends DocumentPeopleRepo {
  private readonly cache: EpochCache<Person | null>;

  constructor(store: EmbeddedStore) {
    super(store);
    this.cache = new EpochCache(store, COLLECTIONS.people);
  }

  override get(id: string): Promise<Person | null> {
    return this.cache.get(`id:${id}`, () => super.get(id));
  }

  override findByIdentity(identity: SenderIdentity): Promise<Person | null> {
    return this.cache.get(senderKey(identity), () => super.findByIdentity(identity));
  }
}

/** Places on SQLite: a place by id (every log names its village), from memory while the roster is unchanged. */
export class CachedPlacesRepo extends DocumentPlacesRepo {
  private readonly cache: EpochCache<Place | null>;

  constructor(store: EmbeddedStore) {
    super(store);
    this.cache = new EpochCache(store, COLLECTIONS.places);
  }

  override get(id: string): Promise<Place | null> {
    return this.cache.get(id, () => super.get(id));
  }
}
