import type { Place, PlaceLevel } from '../domain/places';
import { localDate } from '../periods';
import type { PlacesRepo } from '../repos/places-repo';

/**
 * The places under one root, loaded once per computation (a province has a
 * few thousand), so rolling a village up to its commune is a map lookup
 * instead of a query.
 */
export interface PlaceTree {
  readonly root: Place;
  readonly byId: ReadonlyMap<string, Place>;
  /** Places of a level under the root (the root included when it has that level), by name. */
  ofLevel(level: PlaceLevel): Place[];
  /** The place itself or its ancestor at `level`, when that lies inside the tree. */
  ancestorAt(placeId: string, level: PlaceLevel): Place | null;
  /** Places of `level` under `placeId` (itself included when it has that level). */
  under(placeId: string, level: PlaceLevel): Place[];
  /**
   * Local date from which the place counts in a period: its roster `since`
   * date, else the beginning of time (a late roster import must not make
   * villages vanish from the periods their back-dated logs fall in).
   */
  joinedOn(place: Place): string;
  /** Local date the place was put on Loa's roster: "silent for 30 days" needs that long of watching. */
  onRosterSince(place: Place): string;
}

export async function loadPlaceTree(places: PlacesRepo, rootId: string, timeZone: string): Promise<PlaceTree | null> {
  const subtree = await places.subtree(rootId);
  const root = subtree.find((p) => p._id === rootId);
  if (!root) return null;
  return buildPlaceTree(root, subtree, timeZone);
}

export function buildPlaceTree(root: Place, places: Place[], timeZone: string): PlaceTree {
  return new LoadedPlaceTree(root, places, timeZone);
}

/** Vietnamese collation, made once: `localeCompare(b, 'vi')` builds a collator on every call (the same order, far slower). */
const byVietnameseName = new Intl.Collator('vi').compare;

/** Join dates, computed on demand; kept outside the tree so trees compare as plain data. */
const joinedCache = new WeakMap<LoadedPlaceTree, Map<string, string>>();

class LoadedPlaceTree implements PlaceTree {
  readonly byId: ReadonlyMap<string, Place>;
  private readonly sorted: Place[];

  constructor(
    readonly root: Place,
    places: Place[],
    private readonly timeZone: string,
  ) {
    this.byId = new Map(places.map((p) => [p._id, p]));
    this.sorted = [...places].sort((a, b) => byVietnameseName(a.name, b.name));
  }

  ofLevel(level: PlaceLevel): Place[] {
    return this.sorted.filter((p) => p.level === level);
  }

  ancestorAt(placeId: string, level: PlaceLevel): Place | null {
    const place = this.byId.get(placeId);
    if (!place) return null;
    for (let i = place.path.length - 1; i >= 0; i--) {
      const candidate = this.byId.get(place.path[i]!);
      if (candidate?.level === level) return candidate;
    }
    return null;
  }

  under(placeId: string, level: PlaceLevel): Place[] {
    return this.sorted.filter((p) => p.level === level && p.path.includes(placeId));
  }

  joinedOn(place: Place): string {
    return place.since ?? '0000-01-01';
  }

  onRosterSince(place: Place): string {
    let cache = joinedCache.get(this);
    if (!cache) joinedCache.set(this, (cache = new Map()));
    let date = cache.get(place._id);
    if (date === undefined) {
      const instant = new Date(place.createdAt);
      date = Number.isNaN(instant.getTime()) ? '0000-01-01' : localDate(instant, this.timeZone);
      cache.set(place._id, date);
    }
    return date;
  }
}
