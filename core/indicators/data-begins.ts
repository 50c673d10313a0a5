import type { Place } from '../domain/places';
import { earlierOf } from './buckets';
import type { ScopeData } from './scope-data';

/** Per tree, per place: computed once (a province has thousands of villages asking for their commune's date). */
const cache = new WeakMap<ScopeData, Map<string, string>>();

/**
 * The local date a commune's (or any place's) data begins: the earlier of its
 * roster import and the first log at or under it, back-dated logs included.
 * Before it, nothing can be told about the place: not failure, `chưa có dữ liệu`.
 * `own`: only logs at the place itself count.
 * Limit: logs are seen as far back as the loaded facts reach (a plan's start);
 * a month fact gives its month's first day, a daily fact its day.
 */
export function dataBeginsOf(data: ScopeData, place: Place, own = false): string {
  let byPlace = cache.get(data);
  if (!byPlace) cache.set(data, (byPlace = new Map()));
  const cacheKey = own ? `own:${place._id}` : place._id;
  const known = byPlace.get(cacheKey);
  if (known !== undefined) return known;
  const roster = data.tree.onRosterSince(place);
  // `own`: a district's or province's own press and training begin with its own logs, not its communes'.
  const isAtOrUnder = (placeId: string, ancestorId: string): boolean => (own ? placeId === ancestorId : isUnder(data, placeId, ancestorId));
  let firstMonth: string | null = null;
  for (const fact of data.months) {
    if (fact.sessions > 0 && (firstMonth === null || fact.bucket < firstMonth) && isAtOrUnder(fact.place, place._id)) firstMonth = fact.bucket;
  }
  let begins = roster;
  if (firstMonth !== null && `${firstMonth}-01` < roster) {
    // The day itself when daily facts reach that month, else the month's first day.
    const days = (data.days ?? []).filter((f) => f.sessions > 0 && f.bucket.startsWith(firstMonth!) && isAtOrUnder(f.place, place._id));
    const firstDay = data.fromDay <= `${firstMonth}-01` && days.length > 0 ? days.map((f) => f.bucket).sort()[0]! : `${firstMonth}-01`;
    begins = earlierOf(roster, firstDay);
  }
  byPlace.set(cacheKey, begins);
  return begins;
}

function isUnder(data: ScopeData, placeId: string, ancestorId: string): boolean {
  return data.tree.byId.get(placeId)?.path.includes(ancestorId) ?? false;
}
