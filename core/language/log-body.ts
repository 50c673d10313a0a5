import { fold } from '../text';
import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { DateSpec } from './dates';
import { NO_READINGS, type Lexicon } from './lexicon';
import { digitsValue, type Token } from './tokens';

/** What a word or phrase means inside the details of a log or a correction. */
export type BodyMeaning =
  | { type: 'form'; code: FormCode }
  | { type: 'group'; code: GroupCode }
  | { type: 'days_ago'; days: number }
  | { type: 'day_of_month' }
  | { type: 'unit' }
  | { type: 'filler' };

export function bodyMeaningKey(meaning: BodyMeaning): string {
  switch (meaning.type) {
    case 'form':
    case 'group':
      return `${meaning.type}:${meaning.code}`;
    case 'days_ago':
      return `days_ago:${meaning.days}`;
    default:
      return meaning.type;
  }
}

/** Everything found in the details, before any of it is judged. */
export interface BodyReading {
  /** Bare numbers, in order: exactly one is a valid count. */
  numbers: Array<{ value: number; text: string }>;
  form: FormCode | null;
  groups: GroupCode[];
  date: DateSpec | null;
  /** Unrecognised words in the sender's spelling, trimmed and clipped. */
  note: string;
}

/** Longest note kept; the rest of a long paste is dropped, not refused. */
export const MAX_NOTE_LENGTH = 200;
const MAX_DAY = 31;

type Item =
  | { kind: 'note' | 'filler' | 'used'; text: string }
  | { kind: 'number'; text: string; value: number; afterPlace: boolean };

const DIGITS_THEN_LETTERS = /^(\d+)(\p{L}+)$/u;

/**
 * `45ng`, `30hs`: a count glued to a known word is read as two tokens. Glued to
 * anything else (`4S`, a slip for `45`) it stays one unknown word: guessing a
 * count from it would store a wrong number without a word of warning.
 */
function separateGluedCounts(tokens: readonly Token[], lexicon: Lexicon<BodyMeaning>): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const glued = token.kind === 'word' ? DIGITS_THEN_LETTERS.exec(token.text) : null;
    if (glued && lexicon.knows(fold(glued[2] ?? ''))) {
      const [, digits = '', letters = ''] = glued;
      out.push({ kind: 'number', text: digits, folded: digits, value: digitsValue(digits) });
      out.push({ kind: 'word', text: letters, folded: fold(letters) });
    } else {
      out.push(token);
    }
  }
  return out;
}

/** Cuts at a UTF-16 boundary that does not split a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end).trimEnd();
}

/**
 * Reads the details of a log (`45 nguoi hop thon thanh nien hom qua`), in any order.
 * Rules that are not obvious:
 * - the first form wins; a different form later goes to the note, as typed;
 * - the first date wins; later ones go to the note;
 * - a number right after a place word (`thon 3`) is a village name, but only
 *   when it would otherwise clash with another number;
 * - a filler word is dropped unless it sits between two note words, so
 *   `thanh nien va phu nu` loses its `va` but `noi chuyen o nha van hoa` keeps its `o`.
 */
export function readBody(
  rawTokens: readonly Token[],
  lexicon: Lexicon<BodyMeaning>,
  placeWords: ReadonlySet<string>,
): BodyReading {
  const tokens = separateGluedCounts(rawTokens, lexicon);
  const readings = tokens.map((token) => (token.kind === 'word' ? lexicon.readings(token.folded) : NO_READINGS));
  const phrases = lexicon.segment(readings);
  const items: Item[] = [];
  let form: FormCode | null = null;
  const groups: GroupCode[] = [];
  let date: DateSpec | null = null;

  const mark = (kind: 'note' | 'filler' | 'used', from: number, count: number): void => {
    for (let k = from; k < from + count; k += 1) items.push({ kind, text: tokens[k]?.text ?? '' });
  };

  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (token === undefined) break;
    switch (token.kind) {
      case 'number': {
        const previous = tokens[i - 1];
        const afterPlace = previous !== undefined && placeWords.has(previous.folded);
        items.push({ kind: 'number', text: token.text, value: token.value, afterPlace });
        i += 1;
        continue;
      }
      case 'date':
      case 'bad_date': {
        if (date === null) {
          date =
            token.kind === 'date'
              ? { kind: 'day_month', date: token.date, text: token.text }
              : { kind: 'unreadable', text: token.text };
          mark('used', i, 1);
        } else {
          mark('note', i, 1);
        }
        i += 1;
        continue;
      }
      case 'time':
        mark('note', i, 1);
        i += 1;
        continue;
      case 'mark':
        mark('used', i, 1);
        i += 1;
        continue;
      case 'word':
        break;
    }
    const match = phrases[i] ?? null;
    if (match === null) {
      mark('note', i, 1);
      i += 1;
      continue;
    }
    const { meaning, length } = match;
    switch (meaning.type) {
      case 'form':
        if (form === null) form = meaning.code;
        mark(form === meaning.code ? 'used' : 'note', i, length);
        break;
      case 'group':
        if (!groups.includes(meaning.code)) groups.push(meaning.code);
        mark('used', i, length);
        break;
      case 'days_ago':
        if (date === null) {
          date = { kind: 'days_ago', days: meaning.days };
          mark('used', i, length);
        } else {
          mark('note', i, length);
        }
        break;
      case 'day_of_month': {
        const next = tokens[i + length];
        if (date === null && next?.kind === 'number' && next.value >= 1 && next.value <= MAX_DAY) {
          const text = tokens
            .slice(i, i + length + 1)
            .map((t) => t.text)
            .join(' ');
          date = { kind: 'day_of_month', day: next.value, text };
          mark('used', i, length + 1);
          i += length + 1;
          continue;
        }
        mark('filler', i, length);
        break;
      }
      case 'unit':
        mark('used', i, length);
        break;
      case 'filler':
        mark('filler', i, length);
        break;
    }
    i += length;
  }

  return { ...settleNumbers(items), form, groups, date, note: noteOf(items) };
}

/** Moves place-name numbers (`thon 3`) into the note when they would clash with the count. */
function settleNumbers(items: Item[]): { numbers: BodyReading['numbers'] } {
  const all = items.flatMap((item, index) => (item.kind === 'number' ? [{ item, index }] : []));
  const counts = all.filter(({ item }) => !item.afterPlace);
  const keepAll = all.length <= 1 || counts.length === 0;
  const numbers: BodyReading['numbers'] = [];
  for (const { item, index } of all) {
    if (keepAll || !item.afterPlace) {
      numbers.push({ value: item.value, text: item.text });
      continue;
    }
    const previous = items[index - 1];
    // The place word may have been eaten by a phrase (`hop thon 3`): repeat it so the note reads `thon 3`.
    const text = previous?.kind === 'used' ? `${previous.text} ${item.text}` : item.text;
    items[index] = { kind: 'note', text };
  }
  return { numbers };
}

function noteOf(items: readonly Item[]): string {
  const parts: string[] = [];
  let length = 0;
  for (let k = 0; k < items.length && length <= MAX_NOTE_LENGTH; k += 1) {
    const item = items[k];
    if (item === undefined) continue;
    const keep =
      item.kind === 'note' ||
      (item.kind === 'filler' && items[k - 1]?.kind === 'note' && items[k + 1]?.kind === 'note');
    if (!keep) continue;
    parts.push(item.text);
    length += item.text.length + 1;
  }
  return clip(parts.join(' ').trim(), MAX_NOTE_LENGTH);
}
