import type { i18n as I18n } from 'i18next';
import type { Language } from '../domain/people';
import type { PlaceLevel } from '../domain/places';

type PersonKind = 'collaborator' | 'officer' | 'admin';

/**
 * Why a roster row (or the whole file) is refused: a stable code with its
 * values, so the web page says it in the viewer's language and the CLI in
 * English (`roster:problems.<code>`), and tests match codes, not sentences.
 */
export type RosterProblemDetail =
  | { code: 'unreadable_csv'; values: { reason: 'quote' | 'other' } }
  | { code: 'missing_columns'; values: { columns: string } }
  | { code: 'duplicate_columns'; values: { columns: string } }
  | { code: 'bad_kind'; values: { value: string } }
  | { code: 'name_missing'; values: Record<string, never> }
  | { code: 'too_long'; values: { column: string; max: number } }
  | { code: 'telegram_id_digits'; values: { value: string } }
  | { code: 'bad_language'; values: { value: string } }
  | { code: 'place_id_invalid'; values: { value: string } }
  | { code: 'place_id_twice'; values: { id: string; first: number } }
  | { code: 'since_invalid'; values: { value: string } }
  | { code: 'parent_required'; values: { level: PlaceLevel } }
  | { code: 'parent_unknown'; values: { parent: string } }
  | { code: 'parent_cycle'; values: { id: string } }
  | { code: 'parent_wrong_level'; values: { level: PlaceLevel; parent: string; parentLevel: PlaceLevel } }
  | { code: 'code_taken'; values: { code: string; parent: string; first: number } }
  | { code: 'code_taken_stored'; values: { code: string; parent: string; id: string } }
  | { code: 'phone_invalid'; values: { value: string } }
  | { code: 'phone_twice'; values: { phone: string; first: number } }
  | { code: 'telegram_id_twice'; values: { telegramId: number; first: number } }
  | { code: 'contact_missing'; values: Record<string, never> }
  | { code: 'person_place_unknown'; values: { kind: PersonKind; value: string } }
  | { code: 'person_wrong_level'; values: { kind: PersonKind; levels: PlaceLevel[]; place: string; level: PlaceLevel } }
  | { code: 'phone_taken'; values: { phone: string; name: string; id: string } }
  | { code: 'phone_taken_elsewhere'; values: { phone: string } }
  | { code: 'telegram_id_taken'; values: { telegramId: number } }
  | { code: 'taken_meanwhile'; values: Record<string, never> }
  | { code: 'staff_change'; values: { id: string; kind: 'officer' | 'admin' } }
  | { code: 'outside_scope'; values: { what: 'parent' | 'place' | 'person'; id: string; scope: string } }
  | { code: 'admin_only'; values: { kind: 'officer' | 'admin' } };

/** A refused row by its line in the file (a sheet's row number for an .xlsx; 1 is the header). */
export type RosterProblem = { line: number } & RosterProblemDetail;

export type RosterProblemCode = RosterProblemDetail['code'];

/** Values that name a kind of place or person, said as words of the language. */
const KIND_VALUES = ['level', 'parentLevel', 'kind'] as const;

/** The problem as a sentence in `lng` (without its line number: the page and the CLI each put that their own way). */
export function rosterProblemText(i18n: I18n, problem: RosterProblem, lng: Language): string {
  const kindWord = (kind: string): string => i18n.t(`roster:kinds.${kind}`, { lng, defaultValue: kind }) as string;
  const values: Record<string, unknown> = { ...problem.values };
  for (const name of KIND_VALUES) if (typeof values[name] === 'string') values[name] = kindWord(values[name] as string);
  if (Array.isArray(values.levels)) values.levels = (values.levels as string[]).map(kindWord).join(i18n.t('roster:or', { lng }) as string);
  if (problem.code === 'outside_scope') values.what = i18n.t(`roster:what.${problem.values.what}`, { lng });
  if (problem.code === 'unreadable_csv') values.reason = i18n.t(`roster:reason.${problem.values.reason}`, { lng });
  return i18n.t(`roster:problems.${problem.code}`, { ...values, lng } as Record<string, unknown>) as string;
}
