import type { i18n as I18n } from 'i18next';
import type { Language } from '../domain/people';
import type { Place } from '../domain/places';
import type { SummaryPeriod } from '../language/commands';
import { fitsOneGsm7Segment } from '../i18n/gsm7';
import { renderReply } from '../i18n/render';
import { shortDate } from '../periods';
import type { Reply } from '../reply';

/**
 * Small localized pieces (period names, target labels) rendered in the
 * recipient's language before they go into a reply's values, because a reply
 * template cannot loop over a list.
 */
export interface Texts {
  readonly lng: Language;
  t(key: string, values?: Record<string, unknown>): string;
  period(kind: SummaryPeriod, key: string, from: string, to: string): string;
  periodShort(kind: SummaryPeriod, key: string, from: string, to: string): string;
  /** The period as it reads after `trong` (`quý 3/2026`, `năm 2026`). */
  periodIn(kind: SummaryPeriod, key: string): string;
  groupName(code: string): string;
  formName(code: string): string;
  /**
   * The longest prefix of `items` (with `+N` for the rest) whose reply still
   * renders as one GSM-7 segment; what an SMS shows of a list.
   */
  fitList(items: string[], make: (text: string) => Reply, more?: (count: number) => string): string;
}

export function createTexts(i18n: I18n, lng: Language): Texts {
  const t = (key: string, values: Record<string, unknown> = {}): string => i18n.t(key, { ...values, lng } as Record<string, unknown>) as string;
  const numberOf = (kind: SummaryPeriod, key: string): { n: string; year: string } => {
    const year = key.slice(0, 4);
    if (kind === 'week') return { n: String(Number(key.slice(6))), year };
    if (kind === 'month') return { n: String(Number(key.slice(5, 7))), year };
    if (kind === 'quarter' || kind === 'half') return { n: key.slice(6), year };
    return { n: year, year };
  };
  return {
    lng,
    t,
    period: (kind, key, from, to) => t(`summary:period.${periodName(kind, key)}`, { ...numberOf(kind, key), from: shortDate(from), to: shortDate(to) }),
    periodIn: (kind, key) => t(`summary:period_in.${periodName(kind, key)}`, numberOf(kind, key)),
    periodShort: (kind, key, from, to) => t(`summary:period_short.${periodName(kind, key)}`, { ...numberOf(kind, key), from: shortDate(from), to: shortDate(to) }),
    groupName: (code) => t(`vocabulary:groups.${code}.label`, { defaultValue: code }),
    formName: (code) => t(`vocabulary:forms.${code}.label`, { defaultValue: code }),
    fitList(items, make, more = (n) => `+${n}`) {
      if (items.length === 0) return t('summary:none');
      const text = (k: number): string =>
        k === 0 ? more(items.length) : items.slice(0, k).join(', ') + (k < items.length ? ` ${more(items.length - k)}` : '');
      const fits = (k: number): boolean => fitsOneGsm7Segment(renderReply(i18n, make(text(k)), lng, 'sms'));
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(mid)) lo = mid;
        else hi = mid - 1;
      }
      return text(lo);
    },
  };
}

/** The locale key of a period's name: the two halves of a year read differently (`6 tháng đầu năm`). */
function periodName(kind: SummaryPeriod, key: string): string {
  return kind === 'half' ? `half_${key.slice(6)}` : kind;
}

/** The short name collaborators use (`Đông` for `Thôn Đông`): SMS lists hold more of them. */
export function shortName(place: Place): string {
  return place.aliases[0] ?? place.name;
}
