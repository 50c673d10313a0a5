import { may } from '../access/policy';
import type { Person } from '../domain/people';
import type { Place, PlaceLevel } from '../domain/places';
import type { FormCode } from '../domain/vocabulary-codes';
import { reply, type Reply } from '../reply';
import { fold } from '../text';
import type { UseCaseContext } from './context';
import type { PlacesRepo } from '../repos/places-repo';

/**
 * Forms an officer or admin logs at their own place (the commune, district or
 * province itself): a press item or a training is not held in a village.
 */
export const OWN_PLACE_FORMS: readonly FormCode[] = ['bao', 'taphuan'];

/**
 * Words that start a place's name and that people often leave out or add
 * (`thon Dong` = `Dong`, `Huyen Ba To` = `Ba To`), by the level of the place
 * matched: `xa` is a commune's prefix but the first word of a village `Xà Lộc`.
 */
const PLACE_PREFIXES: Record<PlaceLevel, readonly string[]> = {
  village: ['to dan pho', 'khu pho', 'thon', 'xom', 'ban', 'ap', 'lang', 'buon', 'plei', 'khu', 'to', 'village', 'hamlet'],
  commune: ['thi tran', 'phuong', 'xa', 'commune', 'ward', 'town'],
  district: ['thanh pho', 'thi xa', 'huyen', 'quan', 'district'],
  province: ['thanh pho', 'tinh', 'province', 'city'],
};

type Named = Pick<Place, 'name' | 'code' | 'aliases'> & { level?: PlaceLevel };

function placeKey(text: string, level: PlaceLevel = 'village'): string {
  let key = fold(text).replace(/[^a-z0-9]+/g, ' ').trim();
  for (const prefix of PLACE_PREFIXES[level]) {
    if (key.startsWith(`${prefix} `)) {
      key = key.slice(prefix.length + 1);
      break;
    }
  }
  return key.replace(/\s+/g, '');
}

/** Where a log goes, by the role rules: a collaborator's own village; an officer's or admin's named village or own place. */
export type LogPlace = { ok: true; place: Place } | { ok: false; reply: Reply };

export async function logPlaceFor(ctx: UseCaseContext, person: Person, form: FormCode, asked: { placeName?: string | undefined; placeId?: string | undefined }): Promise<LogPlace> {
  const { placeName, placeId } = asked;
  const own = await ctx.repos.places.get(person.role.placeId);
  if (person.role.kind === 'collaborator') {
    if (!own || own.level !== 'village') return { ok: false, reply: reply('log.no_village') };
    // A collaborator names no other place: the only place the policy lets them log at is their own village.
    if ((placeName && !matches(own, placeName)) || (placeId !== undefined && placeId !== own._id)) return { ok: false, reply: reply('log.own_village_only', { village: own.name }) };
    return { ok: true, place: own };
  }
  if (!own) return { ok: false, reply: reply('log.no_village') };
  if (placeId !== undefined && placeId !== own._id) return villageById(ctx, person, own, placeId);
  if (placeName) return resolveVillage(ctx, own, placeName);
  if (OWN_PLACE_FORMS.includes(form) || own.level === 'village') return { ok: true, place: own };
  const villages = await ctx.repos.places.subtree(own._id, 'village');
  return { ok: false, reply: reply('log.need_village', { example: villages[0]?.name ?? 'Thôn Đông', place: own.name }) };
}

/**
 * A village chosen from a door's list (the web form sends its id): the policy
 * must let the sender log there. Refused as an unknown name, never saying
 * whether the id exists outside their area.
 */
async function villageById(ctx: UseCaseContext, person: Person, own: Place, placeId: string): Promise<LogPlace> {
  const place = await ctx.repos.places.get(placeId);
  if (place && place.level === 'village' && may(person, 'log', place).allowed) return { ok: true, place };
  const example = (await ctx.repos.places.subtree(own._id, 'village'))[0]?.name;
  return { ok: false, reply: reply('log.place_unknown', { name: placeId, place: own.name, example: example ?? 'Thôn Đông' }) };
}

/** Exact match on a village's name, code or alias (case, diacritics and a leading `thon` ignored); never the nearest one. */
export async function resolveVillage(ctx: UseCaseContext, root: Place, name: string): Promise<LogPlace> {
  const villages = await ctx.repos.places.subtree(root._id, 'village');
  const found = villages.filter((v) => matches(v, name));
  if (found.length === 1) return { ok: true, place: found[0]! };
  if (found.length > 1) {
    const parents = new Map((await ctx.repos.places.subtree(root._id)).map((p) => [p._id, p.name]));
    const list = found.map((v) => `${v.name} (${parents.get(v.parentId ?? '') ?? v.parentId})`);
    return { ok: false, reply: reply('log.place_ambiguous', { name, places: list.join(', ') }) };
  }
  return { ok: false, reply: reply('log.place_unknown', { name, place: root.name, example: villages[0]?.name ?? 'Thôn Đông' }) };
}

function matches(place: Named, name: string): boolean {
  const wanted = placeKey(name, place.level);
  if (!wanted) return false;
  return [place.name, place.code, ...place.aliases].some((candidate) => placeKey(candidate, place.level) === wanted);
}

/** The typed name with its diacritics ends one of the place's names (`Ba Tơ` is Huyện Ba Tơ, not Xã Ba Tô). */
function matchesAccented(place: Named, name: string): boolean {
  const typed = name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return [place.name, ...place.aliases].some((candidate) => {
    const c = candidate.normalize('NFC').toLowerCase();
    return c === typed || c.endsWith(` ${typed}`);
  });
}

/** The place an officer or admin asks about, or why it cannot be told (never whether a place outside their area exists). */
export type AskedPlace = { ok: true; place: Place } | { ok: false; reply: Reply };

/**
 * `XEM @Ke Sat`, `TONGHOP @Ba To`: a village, commune or district named after
 * `@`, looked for only inside the sender's own area and let through only when
 * the access policy lets them browse it. A place outside gets the same answer
 * as a name that is nowhere, so the reply never tells whether it exists.
 */
export async function resolveAskedPlace(places: Pick<PlacesRepo, 'get' | 'subtree'>, person: Person, name: string): Promise<AskedPlace> {
  const own = await places.get(person.role.placeId);
  if (!own) return { ok: false, reply: reply('summary:no_place') };
  const area = (await places.subtree(own._id)).filter((p) => may(person, 'browse', p).allowed);
  let found = area.filter((p) => matches(p, name));
  if (found.length > 1) {
    const accented = found.filter((p) => matchesAccented(p, name));
    if (accented.length === 1) found = accented;
  }
  if (found.length === 1) return { ok: true, place: found[0]! };
  // The example names a place one level down, the likeliest to be asked about.
  const example = (area.find((p) => p.parentId === own._id) ?? own).name;
  if (found.length > 1) return { ok: false, reply: reply('summary:place_ambiguous', { name, places: found.slice(0, 3).map((p) => p.name).join(', '), example: found[0]!.name }) };
  return { ok: false, reply: reply('summary:place_unknown', { name, place: own.name, example }) };
}

/**
 * The names a sender may put after `@`, for the parser (see `ParseContext.isPlaceName`):
 * a collaborator's own village, an officer's or admin's villages. Read only when
 * the text holds an `@`, so most messages cost no query.
 */
export async function placeNamesFor(ctx: UseCaseContext, person: Person, text: string): Promise<((name: string) => boolean) | undefined> {
  if (!text.includes('@')) return undefined;
  // Staff name villages in a log, and villages, communes and districts of their area after XEM, TONGHOP, CHUA, CHITIEU, XUAT.
  const places = person.role.kind === 'collaborator' ? [await ctx.repos.places.get(person.role.placeId)].filter((p): p is Place => p !== null) : await ctx.repos.places.subtree(person.role.placeId);
  return placeNameTest(places);
}

/** Whether a typed name is one of `places` by the same rule a place is found by ({@link resolveVillage}, {@link resolveAskedPlace}). */
export function placeNameTest(places: readonly Named[]): (name: string) => boolean {
  const levels = [...new Set(places.map((p) => p.level ?? 'village'))];
  const keys = new Set(places.flatMap((p) => [p.name, p.code, ...p.aliases].map((text) => `${p.level ?? 'village'}|${placeKey(text, p.level)}`)));
  return (name) => levels.some((level) => {
    const key = placeKey(name, level);
    return key !== '' && keys.has(`${level}|${key}`);
  });
}

/** Whether `name`, as typed after `@`, names `place` (case, diacritics and a leading `thon` ignored). */
export function namesPlace(place: Named, name: string): boolean {
  return matches(place, name);
}

/** Whether staff may change a log placed at `placePath` (officers and admins: anything under their place); collaborators go by authorship instead. */
export function mayRepair(person: Person, placePath: readonly string[], action: 'cancel' | 'correct' = 'cancel'): boolean {
  return person.role.kind !== 'collaborator' && may(person, action, { _id: placePath[placePath.length - 1] ?? '', path: placePath }).allowed;
}
