import type { i18n as I18n } from 'i18next';
import type { FormCode, GroupCode } from '../../core/domain/vocabulary-codes';
import { fold } from '../../core/text';

export interface FlowEntry {
  participants: number;
  form: FormCode;
  groups: GroupCode[];
  /** YYYY-MM-DD, local. */
  date: string;
}

/** The word the parser reads for a code (a vocabulary keyword). */
export type VocabularyWord = (kind: 'forms' | 'groups', code: string) => string;

/**
 * The text a collaborator would have typed for the same session, e.g.
 * `TT 45 thanh nien hop 20/11/2026`. The guided flow sends exactly this through the
 * core, so buttons and typing can never disagree about what is stored. The
 * date is always explicit: "today" means the day the user saw on the button.
 */
export function buildLogText(entry: FlowEntry, word: VocabularyWord): string {
  // Groups before the form: a form phrase may end with a group's word (`tap huan can bo`).
  const parts = ['TT', String(entry.participants), ...entry.groups.map((g) => word('groups', g)), word('forms', entry.form)];
  parts.push(slashDate(entry.date, true));
  return parts.join(' ');
}

/** `2026-11-20` → `20/11/2026` (or `20/11`). */
export function slashDate(isoDate: string, withYear: boolean): string {
  const [y, m, d] = isoDate.split('-');
  return withYear ? `${d}/${m}/${y}` : `${d}/${m}`;
}

/** A local YYYY-MM-DD `days` earlier (pure calendar arithmetic, no zone involved). */
export function daysBefore(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The word the parser reads for a code: the first Vietnamese synonym without
 * diacritics (what a collaborator types by SMS), else the code itself.
 */
export function vocabularyWords(i18n: I18n): VocabularyWord {
  return (kind, code) => {
    const words = i18n.t(`vocabulary:${kind}.${code}.synonyms`, { lng: 'vi', returnObjects: true, defaultValue: [] }) as unknown;
    return Array.isArray(words) && typeof words[0] === 'string' ? fold(words[0]) : code;
  };
}
