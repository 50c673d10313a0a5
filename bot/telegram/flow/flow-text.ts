import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import { LOG_WORD } from '../../../core/commands/tt';
import { fullDate } from '../../../core/periods';

export interface FlowEntry {
  participants: number;
  form: FormCode;
  groups: GroupCode[];
  /** YYYY-MM-DD, local. */
  date: string;
}

/** The word the parser reads for a code. */
export type VocabularyWord = (kind: 'forms' | 'groups', code: string) => string;

/**
 * The codes themselves: the parser reads every code as its own keyword, they
 * are what the SMS examples teach (`TT 120 truong hs`), and unlike multi-word
 * synonyms two adjacent codes never fuse into another phrase
 * (`nguoi lao dong kcn` reads as one group, `ld kcn` as two).
 */
export const codeWords: VocabularyWord = (_kind, code) => code;

/**
 * The text a collaborator would have typed for the same session, e.g.
 * `TT 45 hop tn 20/11/2026` (the log command's word from the registry). The guided flow sends exactly this through the
 * core, so buttons and typing can never disagree about what is stored. The
 * date is always explicit: "today" means the day the user saw on the button.
 */
export function buildLogText(entry: FlowEntry, word: VocabularyWord = codeWords): string {
  const parts = [LOG_WORD, String(entry.participants), word('forms', entry.form), ...entry.groups.map((g) => word('groups', g))];
  parts.push(fullDate(entry.date));
  return parts.join(' ');
}

/** A local YYYY-MM-DD `days` earlier (pure calendar arithmetic, no zone involved). */
export function daysBefore(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
