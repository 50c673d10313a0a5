import { may } from '../access/policy';
import type { Person } from '../domain/people';
import type { Place } from '../domain/places';
import type { FormCode } from '../domain/vocabulary-codes';
import { reply, type Reply } from '../reply';
import { fold } from '../text';
import type { UseCaseContext } from './context';

/**
 * Forms an officer or admin logs at their own place (the commune, district or
 * province itself): a press item or a training is not held in a village.
 */
export const OWN_PLACE_FORMS: readonly FormCode[] = ['bao', 'taphuan'];

/** Words that start a village's name and that people often leave out or add (`thon Dong` = `Dong`). */
const PLACE_PREFIXES = ['to dan pho', 'khu pho', 'thon', 'xom', 'ban', 'ap', 'lang', 'buon', 'plei', 'khu', 'to', 'village', 'hamlet'];

function placeKey(text: string): string {
  let key = fold(text).replace(/[^a-z0-9]+/g, ' ').trim();
  for (const prefix of PLACE_PREFIXES) {
    if (key.startsWith(`${prefix} `)) {
      key = key.slice(prefix.length + 1);
      break;
    }
  }
  return key.replace(/\s+/g, '');
}

/** Where a log goes, by the role rules: a collaborator's own village; an officer's or admin's named village or own place. */
export type LogPlace = { ok: true; place: Place } | { ok: false; reply: Reply };

export async function logPlaceFor(ctx: UseCaseContext, person: Person, form: FormCode, placeName: string | undefined): Promise<LogPlace> {
  const own = await ctx.repos.places.get(person.role.placeId);
  if (person.role.kind === 'collaborator') {
    if (!own || own.level !== 'village') return { ok: false, reply: reply('log.no_village') };
    // A collaborator names no other place: the only place the policy lets them log at is their own village.
    if (placeName && !matches(own, placeName)) return { ok: false, reply: reply('log.own_village_only', { village: own.name }) };
    return { ok: true, place: own };
  }
  if (!own) return { ok: false, reply: reply('log.no_village') };
  if (placeName) return resolveVillage(ctx, own, placeName);
  if (OWN_PLACE_FORMS.includes(form) || own.level === 'village') return { ok: true, place: own };
  const villages = await ctx.repos.places.subtree(own._id, 'village');
  return { ok: false, reply: reply('log.need_village', { example: villages[0]?.name ?? 'Thôn Đông', place: own.name }) };
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

function matches(place: Pick<Place, 'name' | 'code' | 'aliases'>, name: string): boolean {
  const wanted = placeKey(name);
  if (!wanted) return false;
  return [place.name, place.code, ...place.aliases].some((candidate) => placeKey(candidate) === wanted);
}

/**
 * The names a sender may put after `@`, for the parser (see `ParseContext.isPlaceName`):
 * a collaborator's own village, an officer's or admin's villages. Read only when
 * the text holds an `@`, so most messages cost no query.
 */
export async function placeNamesFor(ctx: UseCaseContext, person: Person, text: string): Promise<((name: string) => boolean) | undefined> {
  if (!text.includes('@')) return undefined;
  const villages = person.role.kind === 'collaborator' ? [await ctx.repos.places.get(person.role.placeId)].filter((p): p is Place => p !== null) : await ctx.repos.places.subtree(person.role.placeId, 'village');
  return placeNameTest(villages);
}

/** Whether a typed name is one of `villages` by the same rule the log's village is found by ({@link resolveVillage}). */
export function placeNameTest(villages: readonly Pick<Place, 'name' | 'code' | 'aliases'>[]): (name: string) => boolean {
  const keys = new Set(villages.flatMap((v) => [v.name, v.code, ...v.aliases].map(placeKey)).filter((key) => key !== ''));
  return (name) => keys.has(placeKey(name));
}

/** Whether `name`, as typed after `@`, names `place` (case, diacritics and a leading `thon` ignored). */
export function namesPlace(place: Pick<Place, 'name' | 'code' | 'aliases'>, name: string): boolean {
  return matches(place, name);
}

/** Whether staff may change a log placed at `placePath` (officers and admins: anything under their place); collaborators go by authorship instead. */
export function mayRepair(person: Person, placePath: readonly string[], action: 'cancel' | 'correct' = 'cancel'): boolean {
  return person.role.kind !== 'collaborator' && may(person, action, { _id: placePath[placePath.length - 1] ?? '', path: placePath }).allowed;
}

/** A place chosen by the door itself (the web's village list), checked by the policy instead of matched by name. */
export function logPlaceAt(person: Person, place: Place): LogPlace {
  if (!may(person, 'log', place).allowed) return { ok: false, reply: reply('log.place_unknown', { name: place.name, place: person.role.placeId, example: place.name }) };
  return { ok: true, place };
}
