import { fold } from '../text';

/**
 * Cuts a message into tokens. Only the first {@link MAX_TOKENS} are read: a real
 * log is under 15 words, and a cap keeps the cost of a 10,000-character paste
 * linear (the scan stops there) and bounded (no per-token work grows with it).
 */
export const MAX_TOKENS = 60;

/** A day and month as typed (`20/11`, `20-11-26`), not yet placed in a year. */
export interface DayMonth {
  day: number;
  month: number;
  /** Four-digit year, or null when the sender left it out. */
  year: number | null;
}

interface TokenBase {
  /** The sender's own spelling, kept for notes and codes. */
  text: string;
  /** Lower case, no diacritics: what vocabulary is compared with. */
  folded: string;
}

export type Token =
  | (TokenBase & { kind: 'word' })
  | (TokenBase & { kind: 'number'; value: number })
  | (TokenBase & { kind: 'date'; date: DayMonth })
  /** Looks like a date (has a `/`) but is no date shape we read: `12/2026`, `1/2/3/4`. */
  | (TokenBase & { kind: 'bad_date' })
  /** A clock time (`8h30`, `14:00`): belongs in the note, never a participant count. */
  | (TokenBase & { kind: 'time' })
  /** A `?` standing alone: a request for help when it opens the message. */
  | (TokenBase & { kind: 'mark' });

// Digit runs joined by separators first, so `20/11`, `1.200` and `8:30` stay whole;
// then words (letters, combining marks, digits, `#` for codes); then a lone `?`.
// Everything else (spaces, `, ; . : -`, other punctuation, emoji) separates.
const TOKEN = /(\d+(?:[/.,:-]\d+)+)|([\p{L}\p{M}\p{N}#]+)|(\?)/gu;
const DATE = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/;
const GROUPED_NUMBER = /^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?:,\d{3})+$/;
const CLOCK = /^(?:[01]?\d|2[0-3]):[0-5]\d$/;
const CLOCK_WORD = /^(?:[01]?\d|2[0-3])[hg](?:[0-5]\d)?$/;
const DIGITS = /^\d+$/;

/**
 * Reads a run of ASCII digits as a count. Absurd lengths are clamped so the
 * value stays an exact integer; the caller rejects them as too many anyway.
 */
export function digitsValue(digits: string): number {
  const value = digits.length > 15 ? Number.MAX_SAFE_INTEGER : Number(digits);
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}

function numberToken(text: string): Token {
  return { kind: 'number', text, folded: text, value: digitsValue(text.replace(/[.,]/g, '')) };
}

function compoundTokens(text: string): Token[] {
  const date = DATE.exec(text);
  const [, day = '', month = '', year] = date ?? [];
  // Only a plausible day and month make a date: `45-50` is a range of people, `31/02` a date that does not exist.
  if (date && Number(day) >= 1 && Number(day) <= 31 && Number(month) >= 1 && Number(month) <= 12) {
    const fullYear = year === undefined ? null : year.length === 2 ? 2000 + Number(year) : Number(year);
    return [{ kind: 'date', text, folded: text, date: { day: Number(day), month: Number(month), year: fullYear } }];
  }
  if (CLOCK.test(text)) return [{ kind: 'time', text, folded: text }];
  if (GROUPED_NUMBER.test(text)) return [numberToken(text)];
  if (text.includes('/')) return [{ kind: 'bad_date', text, folded: text }];
  // `45-50`, `3.5.7`: separators between plain numbers, read one by one.
  return text.split(/[.,:-]/).map(numberToken);
}

const ASCII = /^[\x00-\x7f]*$/;

/** `fold`, with a shortcut for the plain-ASCII words most SMS are made of (normalising is the costly part). */
function foldWord(text: string): string {
  return ASCII.test(text) ? text.toLowerCase() : fold(text);
}

function wordToken(text: string): Token {
  const folded = foldWord(text);
  if (DIGITS.test(text)) return numberToken(text);
  if (CLOCK_WORD.test(folded)) return { kind: 'time', text, folded };
  return { kind: 'word', text, folded };
}

/** Tokens of `text`, at most `limit` of them; the rest of the text is not scanned. */
export function tokenize(text: string, limit: number = MAX_TOKENS): Token[] {
  const tokens: Token[] = [];
  for (const match of text.normalize('NFC').matchAll(TOKEN)) {
    const [, compound, word, mark] = match;
    const found =
      compound !== undefined
        ? compoundTokens(compound)
        : word !== undefined
          ? [wordToken(word)]
          : [{ kind: 'mark' as const, text: mark ?? '?', folded: '?' }];
    for (const token of found) {
      if (tokens.length >= limit) return tokens;
      tokens.push(token);
    }
  }
  return tokens;
}

/** The folded words of a vocabulary phrase, split exactly as messages are. */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase, Number.POSITIVE_INFINITY).map((token) => token.folded);
}
