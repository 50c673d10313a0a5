import { fold } from '../text';
import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { ParseError, Weekday } from './commands';
import type { DateSpec } from './dates';
import type { Lexicon, LexiconMatch, Readings } from './lexicon';
import { digitsValue, type Token } from './tokens';

/** What a word or phrase means inside the details of a log or a correction. */
export type BodyMeaning =
  | { type: 'form'; code: FormCode }
  | { type: 'group'; code: GroupCode }
  | { type: 'days_ago'; days: number }
  | { type: 'day_of_month' }
  | { type: 'weekday'; weekday: Weekday }
  /** `thu` before a number: `thu 2` … `thu 7` are listed as weekdays; any other number is refused. */
  | { type: 'weekday_number' }
  | { type: 'vague_date' }
  | { type: 'unit' }
  | { type: 'session_unit' }
  | { type: 'filler' };

export function bodyMeaningKey(meaning: BodyMeaning): string {
  switch (meaning.type) {
    case 'form':
    case 'group':
      return `${meaning.type}:${meaning.code}`;
    case 'days_ago':
      return `days_ago:${meaning.days}`;
    case 'weekday':
      return `weekday:${meaning.weekday}`;
    default:
      return meaning.type;
  }
}

/** What the body reader needs from the vocabulary. */
export interface BodyTables {
  lexicon: Lexicon<BodyMeaning>;
  /** Words naming a place (`thon`): a number right after one may be a village name. */
  placeWords: ReadonlySet<string>;
  /** Words a count may be glued to (`45ng`, `30hs`, `2lan`): units, session units, groups, forms. */
  gluable: ReadonlySet<string>;
  /** Words that make a clause: a group word beside one is part of a free sentence (see core/language/README.md). */
  sentenceWords: ReadonlySet<string>;
}

export interface CountReading {
  value: number;
  text: string;
}

/** Everything found in the details, before any of it is judged. */
export interface BodyReading {
  /** Numbers not bound to a group, in order: at most one may be the count. */
  numbers: CountReading[];
  /** Numbers typed right before a group (`30 tn`, `30 nguoi thanh nien`), in order. */
  bound: Array<CountReading & { group: GroupCode }>;
  /** The first thing typed where a count goes that is no count (`5O`, `-5`, `3 buoi`), as the error to answer. */
  countProblem: ParseError | null;
  form: FormCode | null;
  /** Every group named, in order, bound to a number or not. */
  groups: GroupCode[];
  /** Groups named without a number before them, as typed. */
  unboundGroups: Array<{ code: GroupCode; text: string }>;
  /** Every date given, in order; the parser refuses two that disagree. */
  dates: DateSpec[];
  /** The first date word that names no single day (`tuan truoc`), as typed. */
  vagueDate: string | null;
  /** Unrecognised words in the sender's spelling, trimmed and clipped. */
  note: string;
}

/** Longest note kept; the rest of a long paste is dropped, not refused. */
export const MAX_NOTE_LENGTH = 200;
/** Longest piece of the sender's text quoted in an error reply, so the reply stays one SMS segment. */
export const MAX_QUOTED_LENGTH = 20;
const MAX_DAY = 31;

/** A body token: a message token, or a word that starts like a number but is none (`5O`, `1O0`). */
type BodyToken = Token | { kind: 'unclear'; text: string; folded: string };

type Item =
  | { kind: 'note' | 'filler' | 'used'; text: string }
  | { kind: 'number'; text: string; value: number; signed: boolean; afterPlace: boolean; group: GroupCode | null }
  | { kind: 'unclear'; text: string; afterPlace: boolean }
  /** A number of sessions (`3 buoi`), already joined to its unit. */
  | { kind: 'session'; text: string };

const DIGITS_THEN_LETTERS = /^(\d+)(\p{L}+)$/u;
const HAS_DIGIT = /\d/;
const STARTS_WITH_DIGIT = /^\d/;
/** Only digits and letters that look like digits on a keypad or screen (`O5`, `l00`, `1O0`). */
const DIGIT_LOOKALIKES = /^[\dOoIl]+$/;

/**
 * `45ng`, `30hs`, `2lan`: a count glued to a word a count goes with is read as
 * two tokens. Any other word that starts with a digit or mixes digits with
 * look-alike letters (`5O`, `4S`, `O5`) is an unclear number: reading `5O` as
 * `5` + `ở` stored 5 people for a meeting of 50.
 *
 * @returns the tokens, and the indexes of numbers split off a glued word
 *   (their unit follows at the next index).
 */
function separateGluedCounts(tokens: readonly Token[], gluable: ReadonlySet<string>): { tokens: BodyToken[]; glued: Set<number> } {
  const out: BodyToken[] = [];
  const glued = new Set<number>();
  for (const token of tokens) {
    if (token.kind !== 'word' || !HAS_DIGIT.test(token.text)) {
      out.push(token);
      continue;
    }
    const split = DIGITS_THEN_LETTERS.exec(token.text);
    if (split && gluable.has(fold(split[2] ?? ''))) {
      const [, digits = '', letters = ''] = split;
      glued.add(out.length);
      out.push({ kind: 'number', text: digits, folded: digits, value: digitsValue(digits), signed: false });
      out.push({ kind: 'word', text: letters, folded: fold(letters) });
    } else if (STARTS_WITH_DIGIT.test(token.text) || DIGIT_LOOKALIKES.test(token.text)) {
      out.push({ kind: 'unclear', text: token.text, folded: token.folded });
    } else {
      out.push(token);
    }
  }
  return { tokens: out, glued };
}

/** Cuts at a UTF-16 boundary that does not split a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end).trimEnd();
}

/** The sender's words as quoted in an error reply: short enough to keep the reply one segment. */
export function quoted(text: string): string {
  return clip(text, MAX_QUOTED_LENGTH);
}

const NO_READINGS: Readings = { words: [], edits: 0 };

/**
 * Reads the details of a log (`45 nguoi hop thon thanh nien hom qua`), in any order.
 * Rules that are not obvious:
 * - the first form wins; a different form later goes to the note, as typed;
 * - every date is collected (the parser refuses two that disagree);
 * - a number right before a group (`30 tn`, units allowed between) is bound to
 *   it: that is how a split by group is written (`50 hop 30 tn 20 pn`);
 * - a number right after a place word (`thon 3`) is a village name, but only
 *   when it would otherwise clash with another number. Before a group it is
 *   bound only when another number is bound too (`hop thon 30 tn 20 pn` is a
 *   split; `hop xom 2 thanh nien` is hamlet 2). Before a session word it is a
 *   number of sessions all the same (`hop thon 2 buoi` is asked about);
 * - a weekday right after a session word (`lan thu 2`) is an ordinal, kept in the note;
 * - a filler word is dropped unless it sits between two note words, so
 *   `thanh nien va phu nu` loses its `va` but `noi chuyen o nha van hoa` keeps its `o`.
 */
export function readBody(rawTokens: readonly Token[], tables: BodyTables): BodyReading {
  return new BodyReader(rawTokens, tables).read();
}

type NumberItem = Extract<Item, { kind: 'number' }>;

/** One pass over the details: each token or phrase lands in `items`, and forms, groups and dates are collected. */
class BodyReader {
  private readonly tokens: BodyToken[];
  /** Indexes of numbers split off a glued word (`45ng`). */
  private readonly glued: Set<number>;
  private readonly phrases: Array<LexiconMatch<BodyMeaning> | null>;
  private readonly items: Item[] = [];
  private form: FormCode | null = null;
  private readonly groups: GroupCode[] = [];
  private readonly unboundGroups: BodyReading['unboundGroups'] = [];
  private readonly dates: DateSpec[] = [];
  private vagueDate: string | null = null;
  /** The number a group word right after it binds to (only units may stand between). */
  private pending: NumberItem | null = null;
  /** The kind of phrase that ended right before the current position. */
  private previousPhrase: BodyMeaning['type'] | null = null;

  constructor(
    rawTokens: readonly Token[],
    private readonly tables: BodyTables,
  ) {
    const { tokens, glued } = separateGluedCounts(rawTokens, tables.gluable);
    this.tokens = tokens;
    this.glued = glued;
    // Numbers get readings too, for phrases such as `thu 2`; no phrase starts with one.
    // A long paste repeats its words: each distinct word is looked up once.
    const seen = new Map<string, Readings>();
    const readingsOf = (folded: string): Readings => {
      let found = seen.get(folded);
      if (found === undefined) {
        found = tables.lexicon.readings(folded);
        seen.set(folded, found);
      }
      return found;
    };
    const readings = tokens.map((token) => (token.kind === 'word' || token.kind === 'number' ? readingsOf(token.folded) : NO_READINGS));
    this.phrases = tables.lexicon.segment(readings);
  }

  read(): BodyReading {
    let i = 0;
    while (i < this.tokens.length) {
      const token = this.tokens[i];
      if (token === undefined) break;
      const match = token.kind === 'word' || token.kind === 'number' ? (this.phrases[i] ?? null) : null;
      i = match === null ? this.readToken(token, i) : this.readPhrase(match, i);
    }
    const counts = settleNumbers(this.items);
    const { form, groups, unboundGroups, dates, vagueDate } = this;
    return { ...counts, form, groups, unboundGroups, dates, vagueDate, note: noteOf(this.items) };
  }

  /** A token no phrase covers. Returns the next index. */
  private readToken(token: BodyToken, i: number): number {
    this.previousPhrase = null;
    if (token.kind !== 'number') this.pending = null;
    switch (token.kind) {
      case 'number': {
        const item: NumberItem = { kind: 'number', text: token.text, value: token.value, signed: token.signed, afterPlace: this.afterPlaceWord(i), group: null };
        this.items.push(item);
        this.pending = item.signed ? null : item;
        break;
      }
      case 'unclear':
        this.items.push({ kind: 'unclear', text: token.text, afterPlace: this.afterPlaceWord(i) });
        break;
      case 'date':
        this.dates.push({ kind: 'day_month', date: token.date, text: quoted(token.text) });
        this.mark('used', i, 1);
        break;
      case 'bad_date':
        this.dates.push({ kind: 'unreadable', text: quoted(token.text) });
        this.mark('used', i, 1);
        break;
      case 'mark':
        this.mark('used', i, 1);
        break;
      case 'place':
        this.items.push({ kind: 'note', text: token.name });
        break;
      case 'time':
      case 'word':
        this.mark('note', i, 1);
        break;
    }
    return i + 1;
  }

  /** A phrase of the vocabulary starting at `i`. Returns the next index. */
  private readPhrase({ meaning, length }: LexiconMatch<BodyMeaning>, i: number): number {
    const afterSessionWord = this.previousPhrase === 'session_unit';
    this.previousPhrase = meaning.type;
    if (meaning.type !== 'unit' && meaning.type !== 'group') this.pending = null;
    switch (meaning.type) {
      case 'form':
        // Forms are not held to the sentence rule: `hop thon co 45 nguoi` is a meeting; a later, different form goes to the note.
        if (this.form === null) this.form = meaning.code;
        this.mark(this.form === meaning.code ? 'used' : 'note', i, length);
        break;
      case 'group':
        // A number before it binds it wherever it stands (`30 tn`); else a sentence keeps its words.
        if (this.pending === null && this.inSentence(i, length)) this.mark('note', i, length);
        else this.readGroup(meaning.code, i, length);
        break;
      case 'days_ago':
        this.dates.push({ kind: 'days_ago', days: meaning.days, text: quoted(this.textOf(i, length)) });
        this.mark('used', i, length);
        break;
      case 'weekday':
        if (afterSessionWord) {
          keepOrdinal(this.items);
          this.mark('note', i, length);
        } else {
          this.dates.push({ kind: 'weekday', weekday: meaning.weekday, text: quoted(this.textOf(i, length)) });
          this.mark('used', i, length);
        }
        break;
      case 'weekday_number':
        return this.readWeekdayNumber(i, length, afterSessionWord);
      case 'vague_date':
        this.vagueDate ??= quoted(this.textOf(i, length));
        this.mark('used', i, length);
        break;
      case 'day_of_month':
        return this.readDayOfMonth(i, length);
      case 'session_unit':
        this.readSessionUnit(i, length);
        break;
      case 'unit':
        this.mark('used', i, length);
        break;
      case 'filler':
        this.mark('filler', i, length);
        break;
    }
    return i + length;
  }

  private readGroup(code: GroupCode, i: number, length: number): void {
    if (!this.groups.includes(code)) this.groups.push(code);
    if (this.pending !== null && this.pending.group === null) this.pending.group = code;
    else this.unboundGroups.push({ code, text: quoted(this.textOf(i, length)) });
    this.pending = null;
    this.mark('used', i, length);
  }

  /** `thu` and a number that is no listed weekday (`thu 8`): a date word that names no day, or after a session word an ordinal. */
  private readWeekdayNumber(i: number, length: number, afterSessionWord: boolean): number {
    const next = this.tokens[i + length];
    if (next?.kind !== 'number') {
      this.mark('note', i, length);
      return i + length;
    }
    // `thu 8`: the listed weekdays (`thu 2` … `thu 7`) were matched as phrases already.
    if (afterSessionWord) {
      keepOrdinal(this.items);
      this.mark('note', i, length + 1);
    } else {
      this.vagueDate ??= quoted(this.textOf(i, length + 1));
      this.mark('used', i, length + 1);
    }
    return i + length + 1;
  }

  /** `ngay 18`: a day of this month when a plausible day number follows, else a filler word. */
  private readDayOfMonth(i: number, length: number): number {
    const next = this.tokens[i + length];
    if (next?.kind === 'number' && !next.signed && next.value >= 1 && next.value <= MAX_DAY) {
      this.dates.push({ kind: 'day_of_month', day: next.value, text: quoted(this.textOf(i, length + 1)) });
      this.mark('used', i, length + 1);
      return i + length + 1;
    }
    this.mark('filler', i, length);
    return i + length;
  }

  /** `3 buoi`: a number of sessions where people belong, joined to its unit for the error reply. */
  private readSessionUnit(i: number, length: number): void {
    const last = this.items[this.items.length - 1];
    const numberIndex = i - 1;
    if (last?.kind === 'number' && this.tokens[numberIndex]?.kind === 'number') {
      const unit = this.textOf(i, length);
      const text = this.glued.has(numberIndex) ? `${last.text}${unit}` : `${last.text} ${unit}`;
      this.items[this.items.length - 1] = { kind: 'session', text: quoted(text) };
      this.mark('used', i, length);
    } else {
      this.mark('filler', i, length);
    }
    this.pending = null;
  }

  private mark(kind: 'note' | 'filler' | 'used', from: number, count: number): void {
    for (let k = from; k < from + count; k += 1) this.items.push({ kind, text: this.tokens[k]?.text ?? '' });
  }

  private textOf(from: number, count: number): string {
    return this.tokens
      .slice(from, from + count)
      .map((t) => t.text)
      .join(' ');
  }

  /** Whether the phrase at `from` stands beside a clause word (`nguoi dan rat dong`): then it is part of a free sentence. */
  private inSentence(from: number, count: number): boolean {
    const beside = [this.tokens[from - 1], this.tokens[from + count]];
    return beside.some((token) => token?.kind === 'word' && this.tables.sentenceWords.has(token.folded));
  }

  private afterPlaceWord(index: number): boolean {
    const previous = this.tokens[index - 1];
    return previous !== undefined && this.tables.placeWords.has(previous.folded);
  }
}

/** `lan thu 2`: the session word before an ordinal is part of the note, not glue. */
function keepOrdinal(items: Item[]): void {
  const last = items[items.length - 1];
  if (last?.kind === 'filler') items[items.length - 1] = { kind: 'note', text: last.text };
}

/**
 * Moves place-name numbers (`thon 3`) into the note when they would clash with
 * the count, then sorts the numbers into bare counts and group-bound ones and
 * finds the first thing that cannot be a count.
 */
function settleNumbers(items: Item[]): Pick<BodyReading, 'numbers' | 'bound' | 'countProblem'> {
  // `thon 20 tn` next to another count is a share, asked about if it does not add up; alone, `xom 2 thanh nien` is hamlet 2.
  const otherCount = items.some((item) => item.kind === 'number' && !item.afterPlace);
  for (const item of items) {
    if (item.kind !== 'number' || !item.afterPlace || item.group === null) continue;
    if (otherCount) item.afterPlace = false;
    else item.group = null;
  }
  const candidates = items.filter(
    (item) => (item.kind === 'number' || item.kind === 'unclear') && !item.afterPlace,
  ).length;
  // A number after a place word is the count when nothing else can be (`tt hop thon 45`).
  const numbers: BodyReading['numbers'] = [];
  const bound: BodyReading['bound'] = [];
  let countProblem: ParseError | null = null;
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    if (item === undefined) continue;
    if ((item.kind === 'number' || item.kind === 'unclear') && item.afterPlace && candidates > 0) {
      const previous = items[index - 1];
      // The place word may have been eaten by a phrase (`hop thon 3`): repeat it so the note reads `thon 3`.
      const text = previous?.kind === 'used' ? `${previous.text} ${item.text}` : item.text;
      items[index] = { kind: 'note', text };
      continue;
    }
    switch (item.kind) {
      case 'session':
        countProblem ??= { code: 'session_count', text: item.text };
        break;
      case 'unclear':
        countProblem ??= { code: 'unclear_number', text: quoted(item.text) };
        break;
      case 'number':
        if (item.signed) countProblem ??= { code: 'signed_number', text: quoted(item.text) };
        else if (item.group !== null) bound.push({ value: item.value, text: item.text, group: item.group });
        else numbers.push({ value: item.value, text: item.text });
        break;
      default:
        break;
    }
  }
  return { numbers, bound, countProblem };
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
