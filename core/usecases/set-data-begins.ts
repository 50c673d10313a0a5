import { may, type AccessRefusal } from '../access/policy';
import type { Person } from '../domain/people';
import type { Place } from '../domain/places';
import type { PlacesRepo } from '../repos/places-repo';
import { localDate } from '../periods';

/** Why a date was not set: stable codes the CLI (or a later door) words. */
export type SetDataBeginsRefusal = 'unknown_place' | 'not_commune' | 'bad_date' | 'future_date' | AccessRefusal;

export type SetDataBeginsResult = { ok: true; place: Place; date: string | null } | { ok: false; reason: SetDataBeginsRefusal };

/** `dd/mm/yyyy` → `yyyy-mm-dd` when it is a real day; null otherwise. */
export function readDay(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An admin says when a commune's data begins (the commune is the unit that
 * adopts Loa): from that day its months are counted, before it they are
 * `chưa có dữ liệu`. It replaces what Loa finds (roster import, first log),
 * both ways: earlier when the commune kept records before Loa, later when
 * back-dated tries should not count. `date` null goes back to what Loa finds.
 * The write asks the access policy with the admin as the actor.
 */
export async function setDataBegins(
  deps: { places: Pick<PlacesRepo, 'get' | 'setDataBegins'>; timeZone: string },
  request: { actor: Pick<Person, '_id' | 'role'>; placeId: string; date: string | null; now: Date },
): Promise<SetDataBeginsResult> {
  const place = await deps.places.get(request.placeId);
  const access = place ? may(request.actor, 'set_data_begins', place) : null;
  // Outside the admin's area a place is as unknown as one that is nowhere.
  if (!place || (access && !access.allowed && access.reason === 'outside_scope')) return { ok: false, reason: 'unknown_place' };
  if (access && !access.allowed) return { ok: false, reason: access.reason };
  if (place.level !== 'commune') return { ok: false, reason: 'not_commune' };
  if (request.date !== null && request.date > localDate(request.now, deps.timeZone)) return { ok: false, reason: 'future_date' };
  await deps.places.setDataBegins(place._id, request.date);
  return { ok: true, place, date: request.date };
}
