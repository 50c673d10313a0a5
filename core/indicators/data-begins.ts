import type { Place } from '../domain/places';
import { earlierOf } from './buckets';
import type { ScopeData } from './scope-data';

/** Per tree, per place: computed once (a province has thousands of villages asking for their commune's date). */
const cache = new WeakMap<ScopeData, Map<string, string>>();

/**
 * The local date a commune's (or any place's) data begins: the date an admin
 * set (`loa data-begins`), else the earlier of its roster import and the first
 * log at or under it, back-dated logs included, before a plan's start too
 * (`ScopeData.earlier`). Before it, nothing can be told about the place: not
 * failure, `chưa có dữ liệu`. `own`: only logs at the place itself count.
 * A month fact gives its month's first day, a daily fact its day.
 */
export function dataBeginsOf(data: ScopeData, place: Place, own = false): string {
  let byPlace = cache.get(data);
  if (!byPlace) cache.set(data, (byPlace = new Map()));
  const cacheKey = own ? `own:${place._id}` : place._id;
  const known = byPlace.get(cacheKey);
  if (known !== undefined) return known;
  if (place.dataBegins !== undefined) {
    byPlace.set(cacheKey, place.dataBegins);
    return place.dataBegins;
  }
  const roster = data.tree.onRosterSince(place);
  // `own`: a district's or province's own press and training begin with its own logs, not its communes'.
  const key = own ? `own:${place._id}` : place._id;
  const { months, days } = firstsOf(data);
  const firstMonth = months.get(key) ?? null;
  let begins = roster;
  if (firstMonth !== null && `${firstMonth}-01` < roster) {
    // The day itself when daily facts reach that month, else the month's first day.
    const firstDay = days.get(`${key}|${firstMonth}`);
    begins = earlierOf(roster, data.fromDay <= `${firstMonth}-01` && firstDay !== undefined ? firstDay : `${firstMonth}-01`);
  }
  byPlace.set(cacheKey, begins);
  return begins;
}

/**
 * The first month with a session at or under every place (and at each place
 * itself, `own:<id>`), and the first day of each such place-month, in one pass
 * over the facts: asking each commune of a province to scan every fact was
 * quadratic (1.9 s of a 300,000-log province report).
 */
const firsts = new WeakMap<ScopeData, { months: Map<string, string>; days: Map<string, string> }>();

function firstsOf(data: ScopeData): { months: Map<string, string>; days: Map<string, string> } {
  const known = firsts.get(data);
  if (known) return known;
  const months = new Map<string, string>();
  const days = new Map<string, string>();
  const keep = (map: Map<string, string>, key: string, value: string) => {
    const current = map.get(key);
    if (current === undefined || value < current) map.set(key, value);
  };
  const keysOf = (placeId: string): string[] => [`own:${placeId}`, ...(data.tree.byId.get(placeId)?.path ?? [])];
  // Any log begins the data, a press item too. Each place's first month, then its ancestors' (a place-month each would be ×5 the map work).
  const own = new Map<string, string>();
  for (const rows of [data.earlier ?? [], data.months]) for (const row of rows) if (row.sessions + row.items > 0) keep(own, row.place, row.bucket);
  for (const [place, month] of own) for (const key of keysOf(place)) keep(months, key, month);
  for (const [placeMonth, day] of data.days?.firsts ?? []) {
    const place = placeMonth.slice(0, placeMonth.lastIndexOf('|'));
    for (const key of keysOf(place)) keep(days, `${key}|${day.slice(0, 7)}`, day);
  }
  const result = { months, days };
  firsts.set(data, result);
  return result;
}
