import { createI18n, LANGUAGES } from '../../../core/i18n/i18n';
import type { ParseError } from '../../../core/language/commands';

/**
 * Every way a text fails to parse (except `empty`/`unknown`, answered with help)
 * is answered with `error.<code>`. The record type makes adding a ParseError
 * code without listing it here a compile error, so no code ships without a reply.
 */
const REPLIED: Record<Exclude<ParseError['code'], 'empty' | 'unknown'>, true> = {
  no_participants: true,
  two_numbers: true,
  unclear_number: true,
  signed_number: true,
  session_count: true,
  split_mismatch: true,
  group_without_count: true,
  zero_participants: true,
  too_many_participants: true,
  no_form: true,
  bad_date: true,
  two_dates: true,
  vague_date: true,
  two_places: true,
  future_date: true,
  too_old: true,
  missing_code: true,
  nothing_to_correct: true,
  bad_period: true,
  future_period: true,
};

describe('parse error replies', () => {
  const i18n = createI18n();
  it.each(LANGUAGES.flatMap((lng) => Object.keys(REPLIED).map((code) => [lng, code] as const)))(
    '%s has a reply for the parse error %s',
    (lng, code) => {
      expect(i18n.exists(`error.${code}`, { lng, fallbackLng: false })).toBe(true);
    },
  );
});
