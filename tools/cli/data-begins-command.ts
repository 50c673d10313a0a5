import type { Clock } from '../../core/clock';
import { normalizePhone } from '../../core/domain/phone';
import type { PeopleRepo } from '../../core/repos/people-repo';
import type { PlacesRepo } from '../../core/repos/places-repo';
import { readDay, setDataBegins, type SetDataBeginsRefusal } from '../../core/usecases/set-data-begins';
import { resolveAskedPlace } from '../../core/usecases/log-scope';
import { fullDate } from '../../core/periods';

export const DATA_BEGINS_USAGE = `  data-begins <place> <dd/mm/yyyy|auto> --by <admin phone>
                          when a commune's data begins (before it: no data, not failure); the admin named by --by must
                          hold the commune in their area; auto goes back to what Loa finds (roster import, first log)`;

export interface DataBeginsDeps {
  places: Pick<PlacesRepo, 'get' | 'subtree' | 'setDataBegins'>;
  people: Pick<PeopleRepo, 'findByPhone'>;
  clock: Clock;
  timeZone: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const REFUSALS: Record<SetDataBeginsRefusal, string> = {
  unknown_place: 'no such place in the area of the admin named by --by',
  not_commune: 'data begins per commune (the unit that adopts Loa): name a commune',
  bad_date: 'the date must be dd/mm/yyyy, a real day',
  future_date: 'the date is in the future',
  admin_only: 'only an admin may set when data begins (the person named by --by is not one)',
  staff_only: 'only an admin may set when data begins (the person named by --by is not one)',
  officer_only: 'only an admin may set when data begins',
  outside_scope: 'no such place in the area of the admin named by --by',
  own_village_only: 'only an admin may set when data begins (the person named by --by is not one)',
  own_logs_only: 'only an admin may set when data begins',
};

/**
 * `loa data-begins ke-sat 01/03/2026 --by 0905…`: the command line's way for an
 * admin to say when a commune's data begins. The admin is named, so the write
 * goes through the same access policy as every door. Returns the exit code.
 */
export async function runDataBeginsCommand(args: string[], deps: DataBeginsDeps): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const err = deps.err ?? ((line: string) => console.error(line));
  const by = args.indexOf('--by');
  const phone = by >= 0 ? normalizePhone(args[by + 1] ?? '') : null;
  const rest = by >= 0 ? [...args.slice(0, by), ...args.slice(by + 2)] : args;
  const dateText = rest.at(-1) ?? '';
  const placeText = rest.slice(0, -1).join(' ');
  if (!phone?.ok || !placeText || !dateText) {
    err(`usage: npm run loa --\n${DATA_BEGINS_USAGE}`);
    return 2;
  }
  const date = dateText === 'auto' ? null : readDay(dateText);
  if (date === null && dateText !== 'auto') return refuse(err, 'bad_date');
  const actor = await deps.people.findByPhone(phone.e164);
  if (!actor) {
    err('nobody on the roster has the phone given by --by');
    return 1;
  }
  // A place id, or a name resolved as `TONGHOP @<name>` would be, inside the admin's area.
  const byId = await deps.places.get(placeText);
  const placeId = byId?._id ?? (await resolveAskedPlace(deps.places, actor, placeText).then((r) => (r.ok ? r.place._id : null)));
  if (!placeId) return refuse(err, 'unknown_place');
  const result = await setDataBegins({ places: deps.places, timeZone: deps.timeZone }, { actor, placeId, date, now: deps.clock.now() });
  if (!result.ok) return refuse(err, result.reason);
  out(
    result.date === null
      ? `${result.place.name} (${result.place._id}): data begins where Loa finds it again (roster import or first log).`
      : `${result.place.name} (${result.place._id}): data begins ${fullDate(result.date)}; earlier months are "chưa có dữ liệu", out of every count.`,
  );
  return 0;
}

function refuse(err: (line: string) => void, reason: SetDataBeginsRefusal): number {
  err(`Not set: ${REFUSALS[reason]}.`);
  return 1;
}
