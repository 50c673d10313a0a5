import { fold } from '../text';

/**
 * Characters that show nothing (Unicode's default-ignorable set: zero-width
 * space, joiners and non-joiners, word joiner, soft hyphen, BOM, variation
 * selectors, bidi controls). Phones and copy-paste slip them into words, where
 * they would cut `ho‍p` into `ho` + `p`; they are removed before anything else.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

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
  /** `signed`: typed with a `-`/`+` right before it and not after a digit (`-5`, not `45-50`). */
  | (TokenBase & { kind: 'number'; value: number; signed: boolean })
  | (TokenBase & { kind: 'date'; date: DayMonth })
  /** Looks like a date (has a `/`) but is no date shape we read: `12/2026`, `1/2/3/4`. */
  | (TokenBase & { kind: 'bad_date' })
  /** A clock time (`8h30`, `14:00`): belongs in the note, never a participant count. */
  | (TokenBase & { kind: 'time' })
  /** A `?` standing alone: a request for help when it opens the message. */
  | (TokenBase & { kind: 'mark' })
  /** `@Dong`, `@Dong-Phong`: a village named by an officer; `name` is what follows the `@`. */
  | (TokenBase & { kind: 'place'; name: string });

// Digit runs joined by separators first, so `20/11`, `1.200` and `8:30` stay whole;
// then `@` names (inner `.`, `-`, `_` kept: `@Dong-Phong`); then words (letters,
// combining marks, digits, `#` for codes); then a lone `?`.
// Everything else (spaces, `, ; . : -`, other punctuation, emoji) separates.
const TOKEN = /(\d+(?:[/.,:-]\d+)+)|@([\p{L}\p{M}\p{N}_]+(?:[.\-][\p{L}\p{M}\p{N}_]+)*)|([\p{L}\p{M}\p{N}#]+)|(\?)/gu;
const SIGNS = new Set(['-', '+', '\u2212', '\u2013']);
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
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

/** A count; `sign` is kept in the text (for the error that names it) but never in the value. */
function numberToken(digits: string, sign: string | null = null): Token {
  const text = `${sign ?? ''}${digits}`;
  return { kind: 'number', text, folded: text, value: digitsValue(digits.replace(/[.,]/g, '')), signed: sign !== null };
}

/** A `-`/`+` glued to the front of the token, itself not glued to a word or number (`-5`, `:-5`; not `45-50`, `thon-5`). */
function signBefore(text: string, index: number): string | null {
  const sign = text[index - 1];
  if (sign === undefined || !SIGNS.has(sign)) return null;
  const before = text[index - 2];
  return before === undefined || !WORD_CHAR.test(before) ? sign : null;
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
  return text.split(/[.,:-]/).map((digits) => numberToken(digits));
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

/**
 * Tokens of the whole `text`. One regular-expression pass and constant work per
 * token, so the cost grows linearly with the length (`npm run bench -- parse`).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const normalized = text.normalize('NFC');
  for (const match of normalized.matchAll(TOKEN)) {
    const [whole, compound, place, word, mark] = match;
    if (compound !== undefined) {
      const sign = signBefore(normalized, match.index);
      const found = compoundTokens(compound);
      const first = found[0];
      if (sign !== null && first?.kind === 'number') found[0] = numberToken(first.text, sign);
      tokens.push(...found);
    } else if (place !== undefined) {
      tokens.push({ kind: 'place', text: whole, folded: foldWord(whole), name: place });
    } else if (word !== undefined) {
      const token = wordToken(word);
      const sign = token.kind === 'number' ? signBefore(normalized, match.index) : null;
      tokens.push(sign === null ? token : numberToken(word, sign));
    } else {
      tokens.push({ kind: 'mark', text: mark ?? '?', folded: '?' });
    }
  }
  return tokens;
}

/** The folded words of a vocabulary phrase, split exactly as messages are. */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.folded);
}
