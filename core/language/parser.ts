import { MAX_PARTICIPANTS } from '../domain/session-log';
import { FORM_CODES, GROUP_CODES } from '../domain/vocabulary-codes';
import { DateTime } from 'luxon';
import { keyBounds, localDate, periodKeyOf, previousKey } from '../periods';
import { fold } from '../text';
import {
  WEEKDAYS,
  type Command,
  type LogChanges,
  type ParseContext,
  type ParseError,
  type ParseResult,
  type ParticipantsByGroup,
  type PeriodRef,
  type SummaryPeriod,
} from './commands';
import { resolveDate, resolveDates } from './dates';
import { Lexicon, NO_READINGS } from './lexicon';
import { readLinkCommand } from './link-commands';
import { bodyMeaningKey, quoted, readBody, type BodyMeaning, type BodyReading, type BodyTables } from './log-body';
import { phraseWords, stripInvisible, tokenize, type Token } from './tokens';
import type { Vocabulary } from './vocabulary';

/** Reads one incoming text as a command. Pure: the same text and context give the same result. */
export interface Parser {
  /**
   * Never throws on any text: whatever arrives, the result says what it means
   * or what is wrong with it. (An invalid `ctx.timeZone` is a caller bug and throws.)
   */
  parse(text: string, ctx: ParseContext): ParseResult;
}

/** The first words of a message. `logAgain` is `log` with the "deliberately another session" flag. */
type CommandKey = keyof Vocabulary['commands'];

/** What a word after an officer command says about the period. */
type PeriodWord = SummaryPeriod | 'previous' | 'current';

/** Longest command phrase considered; keywords are one to three words. */
const HEAD_WORDS = 6;
const CODE = /^#?([A-Za-z0-9]{4,6})$/;
const LETTERS_THEN_DIGITS = /^(\p{L}+)(\d[\p{L}\p{N}]*)$/u;

const fail = (error: ParseError): ParseResult => ({ ok: false, error });
const succeed = (command: Command): ParseResult => ({ ok: true, command });

// Telegram appends the bot's name to commands in groups (`/tt@LoaBot`); it says nothing about the intent.
// Bot usernames always end in "bot", which keeps `TT@Dong` (a village, see readPlace) apart.
const BOT_SUFFIX = /^(\s*\S*?)@[A-Za-z0-9_]{2,61}bot(?=[\s,;:.]|$)/i;

interface Tables {
  head: Lexicon<CommandKey>;
  body: Lexicon<BodyMeaning>;
  periods: Lexicon<PeriodWord>;
  placeWords: ReadonlySet<string>;
  gluable: ReadonlySet<string>;
  sentenceWords: ReadonlySet<string>;
}

function buildTables(vocabularies: readonly Vocabulary[]): Tables {
  const keepAsTyped = new Set(vocabularies.flatMap((v) => v.keepAsTyped.flatMap(phraseWords)));
  const head = new Lexicon<CommandKey>((key) => key, keepAsTyped);
  const body = new Lexicon<BodyMeaning>(bodyMeaningKey, keepAsTyped);
  const periods = new Lexicon<PeriodWord>((period) => period, keepAsTyped);
  const placeWords = new Set<string>();
  const gluable = new Set<string>();
  const sentenceWords = new Set(vocabularies.flatMap((v) => v.sentenceWords.flatMap(phraseWords)));
  const addGluable = (phrase: string): void => {
    for (const word of phraseWords(phrase)) gluable.add(word);
  };

  vocabularies.forEach((v, index) => {
    const where = (section: string): string => `vocabulary #${index + 1} ${section}`;
    for (const [key, phrases] of Object.entries(v.commands) as Array<[CommandKey, string[]]>) {
      for (const phrase of phrases) head.add(phrase, key, where(`commands.${key}`));
    }
    for (const [period, phrases] of Object.entries(v.periods) as Array<[PeriodWord, string[]]>) {
      for (const phrase of phrases) periods.add(phrase, period, where(`periods.${period}`));
    }
    for (const code of FORM_CODES) {
      for (const phrase of v.forms[code].synonyms) {
        body.add(phrase, { type: 'form', code }, where(`forms.${code}`));
        addGluable(phrase);
      }
    }
    for (const code of GROUP_CODES) {
      for (const phrase of v.groups[code].synonyms) {
        body.add(phrase, { type: 'group', code }, where(`groups.${code}`));
        addGluable(phrase);
      }
    }
    const relative: Array<[string[], number]> = [
      [v.dates.today, 0],
      [v.dates.yesterday, 1],
      [v.dates.dayBeforeYesterday, 2],
    ];
    for (const [phrases, days] of relative) {
      for (const phrase of phrases) body.add(phrase, { type: 'days_ago', days }, where('dates'));
    }
    for (const phrase of v.dates.dayOfMonth) body.add(phrase, { type: 'day_of_month' }, where('dates.dayOfMonth'), true);
    for (const weekday of WEEKDAYS) {
      for (const phrase of v.dates.weekdays[weekday].synonyms) {
        body.add(phrase, { type: 'weekday', weekday }, where(`dates.weekdays.${weekday}`));
      }
    }
    for (const phrase of v.dates.weekdayNumber) {
      body.add(phrase, { type: 'weekday_number' }, where('dates.weekdayNumber'), true);
    }
    for (const phrase of v.dates.vague) body.add(phrase, { type: 'vague_date' }, where('dates.vague'));
    for (const phrase of v.participantUnits) {
      body.add(phrase, { type: 'unit' }, where('participantUnits'), true);
      addGluable(phrase);
    }
    for (const phrase of v.sessionUnits) {
      body.add(phrase, { type: 'session_unit' }, where('sessionUnits'), true);
      addGluable(phrase);
    }
    for (const phrase of v.fillers) body.add(phrase, { type: 'filler' }, where('fillers'), true);
    for (const phrase of v.placeWords) for (const word of phraseWords(phrase)) placeWords.add(word);
  });
  return { head, body, periods, placeWords, gluable, sentenceWords };
}

/**
 * Builds a parser that understands all the given vocabularies at once (a sender
 * may write `TT 45 meeting` or `LOG 45 hop thon`), each command keyword read by
 * its grammar (`core/commands/registry.ts` passes those of its modules). Throws
 * if two vocabularies give one phrase two meanings, or a keyword has no
 * grammar: that is a locale bug, found at start-up. `asksAboutAPlace`: the
 * keys whose `@name` is the place asked about (XEM, TONGHOP…), read before the
 * grammar and added to the command as `placeName`.
 */
export function createLanguageParser(vocabularies: readonly Vocabulary[], grammars: HeadGrammars, asksAboutAPlace: ReadonlySet<string> = new Set()): Parser {
  const tables = buildTables(vocabularies);
  const orphans = vocabularies.flatMap((v) => Object.keys(v.commands)).filter((key) => grammars[key] === undefined);
  if (orphans.length > 0) throw new Error(`Vocabulary keywords without a command module: commands.${[...new Set(orphans)].join(', commands.')}`);
  return { parse: (text, ctx) => parseText(tables, grammars, asksAboutAPlace, text, ctx) };
}

function parseText(tables: Tables, grammars: HeadGrammars, asksAboutAPlace: ReadonlySet<string>, raw: string, ctx: ParseContext): ParseResult {
  const text = stripInvisible(raw);
  if (text.trim() === '') return fail({ code: 'empty' });
  const link = readLinkCommand(text);
  if (link !== null) return succeed(link);
  const tokens = tokenize(text.replace(BOT_SUFFIX, '$1'));
  const head = readHead(tables, tokens);
  if (head === null) return fail({ code: 'unknown' });
  const grammar = grammars[head.key];
  if (grammar === undefined) return fail({ code: 'unknown' });
  // `@name` is the village of a log (its grammar reads `tokens`), or the place an officer asks about
  // (`XEM @Ke Sat`, `TONGHOP @Ba To`, taken out here); elsewhere the `@` is punctuation.
  const scope = asksAboutAPlace.has(head.key) ? readPlace(tables, head.rest, ctx.isPlaceName, (t) => tables.periods.knows(t.folded) || GLUED_PERIOD.test(t.folded)) : null;
  if (scope !== null && !scope.ok) return fail(scope.error);
  const rest = scope !== null ? scope.rest : withoutPlaces(head.rest);
  const parsed = grammar({ key: head.key, tokens: head.rest, rest, ctx, read: kitOf(tables) });
  return scope?.name && parsed.ok ? succeed({ ...parsed.command, placeName: scope.name } as Command) : parsed;
}

/**
 * What a command's grammar reads its arguments with: the language's own
 * readers (a log's body, a code, a period), so every command module speaks
 * the one language and none re-implements a part of it.
 */
export interface GrammarKit {
  /** A TT body: village, count, form, groups, date, note (`again`: TT2/TT THEM). */
  log(tokens: readonly Token[], ctx: ParseContext, again: boolean): ParseResult;
  /** `SUA <code> <details>`. */
  correct(tokens: readonly Token[], ctx: ParseContext): ParseResult;
  /** A log code as the next token, and what follows it. */
  code(tokens: readonly Token[]): { code: string; rest: Token[] } | null;
  /** The period after TONGHOP, CHUA, CHITIEU, XUAT, BAOCAO; null when none was given. */
  period(tokens: readonly Token[], ctx: ParseContext, fallback: SummaryPeriod): PeriodReading;
}

/** What a command's grammar gets: the vocabulary key that started the text and the tokens after it. */
export interface GrammarArgs {
  /** The `commands.<key>` of the vocabulary that matched (`log`, `logAgain`, …). */
  key: string;
  /** The tokens after the keyword, as typed (`@name` kept as a place). */
  tokens: readonly Token[];
  /** The same with `@name` read back as words. */
  rest: readonly Token[];
  ctx: ParseContext;
  read: GrammarKit;
}

/** The parse of one command's arguments. */
export type HeadGrammar = (args: GrammarArgs) => ParseResult;

/** Grammars by the vocabulary key that starts them (the command registry derives it from its modules). */
export type HeadGrammars = Readonly<Record<string, HeadGrammar>>;

/** One kit per vocabulary's tables, made once: its closures were made (and named, under tsx) on every parse. */
const KITS = new WeakMap<Tables, GrammarKit>();

function kitOf(tables: Tables): GrammarKit {
  let kit = KITS.get(tables);
  if (kit === undefined) KITS.set(tables, (kit = makeKit(tables)));
  return kit;
}

function makeKit(tables: Tables): GrammarKit {
  return {
    log: (tokens, ctx, again) => readLog(tables, tokens, ctx, again),
    correct: (tokens, ctx) => readCorrect(tables, tokens, ctx),
    code: (tokens) => readCode(tables, tokens),
    period: (tokens, ctx, fallback) => readPeriod(tables, tokens, ctx, fallback),
  };
}

/**
 * The command keyword at the start, longest phrase first. `tt45` (no space)
 * is read as `tt 45` unless the glued form is itself a keyword (`tt2`).
 */
function readHead(tables: Tables, tokens: readonly Token[]): { key: CommandKey; rest: Token[] } | null {
  const first = tokens[0];
  if (first === undefined) return null;
  const found = headOf(tables, tokens);
  if (found !== null) return found;
  const glued = first.kind === 'word' ? LETTERS_THEN_DIGITS.exec(first.text) : null;
  if (glued === null) return null;
  const [, letters = '', rest = ''] = glued;
  const split = tokenize(`${letters} ${rest}`);
  return headOf(tables, [...split, ...tokens.slice(1)]);
}

/** The keyword `candidate` starts with, and the tokens after it. */
function headOf(tables: Tables, candidate: readonly Token[]): { key: CommandKey; rest: Token[] } | null {
  const readings = candidate
    .slice(0, HEAD_WORDS)
    .map((t) => (t.kind === 'word' || t.kind === 'mark' ? tables.head.readings(t.folded) : NO_READINGS));
  const match = tables.head.match(readings, 0);
  return match === null ? null : { key: match.meaning, rest: candidate.slice(match.length) };
}

/** A log code (`A7K2`, `#a7k2`) as the next token; a vocabulary word is not a code unless marked with `#`. */
function readCode(tables: Tables, tokens: readonly Token[]): { code: string; rest: Token[] } | null {
  let start = 0;
  if (tokens[0]?.text === '#') start = 1;
  const token = tokens[start];
  // A code can read as a clock time (`9G37`: 9 giờ 37), and the tokenizer cannot tell; after HUY/SUA it is a code.
  if (token === undefined || (token.kind !== 'word' && token.kind !== 'number' && token.kind !== 'time')) return null;
  const match = CODE.exec(token.text);
  if (match === null) return null;
  const marked = token.text.startsWith('#') || start === 1;
  const word = token.folded.replace(/^#/, '');
  if (!marked && (tables.body.knows(word) || tables.head.knows(word) || tables.periods.knows(word))) return null;
  return { code: (match[1] ?? '').toUpperCase(), rest: tokens.slice(start + 1) };
}

const LETTER_PERIOD: Record<string, SummaryPeriod> = { t: 'month', q: 'quarter', h: 'half' };
const NUMBER_LIMIT: Record<SummaryPeriod, number> = { week: 53, month: 12, quarter: 4, half: 2, year: 0 };
/** `T11`, `Q3`, `H1`: a period letter glued to its number. */
const GLUED_PERIOD = /^([tqh])(\d{1,2})$/;
/** `11/2026`, `11/26`: a month and a year. */
const NUMBER_YEAR = /^(\d{1,2})\/(\d{4}|\d{2})$/;

export type PeriodReading = { ok: true; period: PeriodRef | null } | { ok: false; error: ParseError };

/**
 * The period after TONGHOP, CHITIEU, CHUA or XUAT: `THANG 11`, `T11`,
 * `11/2026`, `QUY 3`, `Q3/2026`, `6 THANG`, `H1`, `NAM 2025`, `TRUOC` (the one
 * before the current one). A number without a year is the latest such period
 * that has begun. Anything Loa cannot read is refused, never replaced by the
 * current period: a report signed for November must show November.
 */
function readPeriod(tables: Tables, tokens: readonly Token[], ctx: ParseContext, fallback: SummaryPeriod): PeriodReading {
  if (tokens.length === 0) return { ok: true, period: null };
  const text = tokens.map((t) => t.text).join(' ');
  const bad: PeriodReading = { ok: false, error: { code: 'bad_period', text } };
  const readings = tokens.map((t) => (t.kind === 'word' || t.kind === 'number' ? tables.periods.readings(t.folded) : NO_READINGS));
  let kind: SummaryPeriod | null = null;
  let n: number | null = null;
  let year: number | null = null;
  let previous = false;
  const setKind = (k: SummaryPeriod): boolean => (kind === null || kind === k ? ((kind = k), true) : false);
  const setNumber = (value: number): boolean => (n === null ? ((n = value), true) : false);
  const setYear = (value: number): boolean => (year === null ? ((year = value < 100 ? 2000 + value : value), true) : false);
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    const match = tables.periods.match(readings, i);
    if (match !== null) {
      if (match.meaning === 'previous') previous = true;
      else if (match.meaning !== 'current' && !setKind(match.meaning)) return bad;
      i += match.length;
      continue;
    }
    i += 1;
    if (token.kind === 'word') {
      const glued = GLUED_PERIOD.exec(token.folded);
      if (glued === null || !setKind(LETTER_PERIOD[glued[1]!]!) || !setNumber(Number(glued[2]))) return bad;
    } else if (token.kind === 'number') {
      if (!(token.value >= 1000 && token.value <= 9999 ? setYear(token.value) : setNumber(token.value))) return bad;
    } else if (token.kind === 'bad_date') {
      const pair = NUMBER_YEAR.exec(token.text);
      if (pair === null || !setNumber(Number(pair[1])) || !setYear(Number(pair[2]))) return bad;
    } else return bad;
  }
  const today = localDate(ctx.receivedAt, ctx.timeZone);
  if (kind === null) {
    if (n !== null && year !== null) kind = 'month'; // `11/2026`
    else if (n === null && year !== null) kind = 'year'; // `2025`
    else if (n === null && previous) kind = fallback; // `TRUOC`
    else return bad;
  }
  const k: SummaryPeriod = kind;
  if (n === null && year === null && !previous) return { ok: true, period: { kind: k } };
  let key: string;
  if (k === 'year') {
    if (n !== null || (previous && year !== null)) return bad;
    const y = year ?? Number(today.slice(0, 4));
    key = String(previous ? y - 1 : y);
  } else if (n === null) {
    if (year !== null) return bad; // `THANG 2026`: which month?
    const current = periodKeyOf(today, k);
    key = previous ? previousKey(current, k) : current;
  } else {
    if (previous || n < 1 || n > NUMBER_LIMIT[k]) return bad;
    const keyIn = (y: number): string | null => periodKey(k, y, n!);
    const thisYear = Number(today.slice(0, 4));
    let chosen = year !== null ? keyIn(year) : keyIn(thisYear);
    // Without a year, the latest such period that has begun: `THANG 12` asked in May is last December.
    if (year === null && (chosen === null || keyBounds(chosen).from > today)) chosen = keyIn(thisYear - 1);
    if (chosen === null) return bad;
    key = chosen;
  }
  if (keyBounds(key).from > today) return { ok: false, error: { code: 'future_period', text } };
  return { ok: true, period: { kind: k, key } };
}

/** The key of the `n`th week, month, quarter or half of year `y`; null when there is no such week. */
function periodKey(kind: SummaryPeriod, y: number, n: number): string | null {
  const nn = String(n).padStart(2, '0');
  switch (kind) {
    case 'week': {
      const monday = DateTime.fromObject({ weekYear: y, weekNumber: n, weekday: 1 }, { zone: 'utc' });
      return monday.isValid && monday.weekYear === y ? `${y}-W${nn}` : null;
    }
    case 'month':
      return `${y}-${nn}`;
    case 'quarter':
      return `${y}-Q${n}`;
    case 'half':
      return `${y}-H${n}`;
    case 'year':
      return String(y);
  }
}

/** `@Dong` tokens read as the words they were before `@` meant a village. */
function withoutPlaces(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((token) => (token.kind === 'place' ? tokenize(token.name) : [token]));
}

type Place = { ok: true; name: string | null; rest: Token[] } | { ok: false; error: ParseError };

/**
 * The village an officer logs for: `@` glued to its name, which runs on over
 * the words after it up to the first number, date or word that starts a phrase
 * Loa knows (`@Dong Phong 45 hop` is `Dong Phong`), so a name typed with spaces is read
 * whole and never cut down to a shorter village's name. A place word after
 * the `@` takes the next word whatever it is (`@thon 3`). One per log.
 */
function readPlace(tables: Tables, tokens: readonly Token[], isPlaceName?: (name: string) => boolean, stopAt?: (token: Token) => boolean): Place {
  const names: string[] = [];
  const rest: Token[] = [];
  if (!tokens.some((token) => token.kind === 'place')) return { ok: true, name: null, rest: [...tokens] };
  const readings = tokens.map((t) => (t.kind === 'word' ? tables.body.readings(t.folded) : NO_READINGS));
  // `stopAt` (a command without a log's body, TONGHOP @Ba To QUY 3): an unknown name runs over every word up to the one that starts what follows.
  const isNameWord = (index: number): boolean =>
    tokens[index]?.kind === 'word' &&
    (stopAt ? !stopAt(tokens[index]!) : readings[index]?.edits === 0 && tables.body.match(readings, index) === null);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (token === undefined) continue;
    if (token.kind !== 'place') {
      rest.push(token);
      continue;
    }
    const words = [token.name];
    const known = isPlaceName ? knownNameRun(tokens, i, token.name, isPlaceName) : 0;
    // After XEM/TONGHOP… a known one-word name ends there (`XUAT @HP T10`); in a log the old rule stands.
    if (known > 0 || (stopAt !== undefined && isPlaceName?.(token.name) === true)) {
      names.push([token.name, ...tokens.slice(i + 1, i + 1 + known).map((t) => t.text)].join(' '));
      i += known;
      continue;
    }
    const next = tokens[i + 1];
    if (tables.placeWords.has(fold(token.name)) && (next?.kind === 'word' || next?.kind === 'number')) {
      words.push(next.text);
      i += 1;
    }
    while (isNameWord(i + 1)) {
      words.push(tokens[i + 1]?.text ?? '');
      i += 1;
    }
    names.push(words.join(' '));
  }
  const [first, second] = names;
  if (second !== undefined && first !== undefined && fold(first) !== fold(second)) {
    return { ok: false, error: { code: 'two_places', names: [quoted(first), quoted(second)] } };
  }
  return { ok: true, name: first ?? null, rest };
}

/** Longest name Loa looks for after `@`, in words. */
const MAX_NAME_WORDS = 6;

/**
 * How many words after the `@` word make, with it, the longest name of a
 * place the sender may log for (0: none longer than the first word). Roster
 * names come before vocabulary words, so `@Dong Tien` is never cut at `Tien`.
 */
function knownNameRun(tokens: readonly Token[], at: number, first: string, isPlaceName: (name: string) => boolean): number {
  let best = 0;
  const words = [first];
  for (let k = 1; k < MAX_NAME_WORDS; k += 1) {
    const next = tokens[at + k];
    if (next?.kind !== 'word' && next?.kind !== 'number') break;
    words.push(next.text);
    if (isPlaceName(words.join(' '))) best = k;
  }
  return best;
}

type Count =
  | { ok: true; participants: number | null; byGroup: ParticipantsByGroup | null }
  | { ok: false; error: ParseError };

/** Checks a count on its own: not zero, not more than a session can hold. */
function checkCount(value: number): ParseError | null {
  if (value === 0) return { code: 'zero_participants' };
  if (value > MAX_PARTICIPANTS) return { code: 'too_many_participants', participants: value };
  return null;
}

/**
 * The participants, and their split by group when the sender gave one.
 *
 * - Bare numbers (bound to no group): at most one; two are refused because we
 *   cannot tell which is the count.
 * - Numbers bound to groups (`30 tn 20 pn`) make a split when they name two or
 *   more groups; it must add up to the bare number if there is one, else the
 *   total is its sum. One bound number alone is simply the count (`tt 30 hs truong`).
 * - With a split, every group named must carry its number.
 */
function refuse(error: ParseError): Count {
  return { ok: false, error };
}

function readCount(body: BodyReading): Count {
  if (body.countProblem !== null) return refuse(body.countProblem);
  const [total, second] = body.numbers;
  if (total !== undefined && second !== undefined) {
    return refuse({ code: 'two_numbers', numbers: [total.value, second.value] });
  }
  const [onlyBound] = body.bound;
  if (onlyBound === undefined || (body.bound.length === 1 && total === undefined)) {
    const value = total?.value ?? onlyBound?.value ?? null;
    const problem = value === null ? null : checkCount(value);
    return problem === null ? { ok: true, participants: value, byGroup: null } : refuse(problem);
  }
  const byGroup: ParticipantsByGroup = {};
  for (const { value, group } of body.bound) {
    const problem = checkCount(value);
    if (problem !== null) return refuse(problem);
    byGroup[group] = (byGroup[group] ?? 0) + value;
  }
  const missing = body.unboundGroups.find(({ code }) => byGroup[code] === undefined);
  const split = checkSplit(byGroup, total?.value);
  if (!split.ok && split.error.code === 'split_mismatch') return refuse(split.error);
  if (missing !== undefined) return refuse({ code: 'group_without_count', text: missing.text });
  if (!split.ok) return refuse(split.error);
  return { ok: true, participants: split.participants, byGroup: Object.keys(byGroup).length >= 2 ? byGroup : null };
}

/**
 * A split by group against its total (absent: the total is the split's sum):
 * every share a count of its own, the sum equal to the total, the total a
 * count Loa accepts. Shared by the text grammar and the web's forms.
 */
function checkSplit(byGroup: ParticipantsByGroup, total: number | undefined): { ok: true; participants: number } | { ok: false; error: ParseError } {
  let sum = 0;
  for (const value of Object.values(byGroup)) {
    const problem = checkCount(value ?? 0);
    if (problem !== null) return { ok: false, error: problem };
    sum += value ?? 0;
  }
  const participants = total ?? sum;
  if (participants !== sum) return { ok: false, error: { code: 'split_mismatch', participants, sum } };
  const problem = checkCount(participants);
  return problem === null ? { ok: true, participants } : { ok: false, error: problem };
}

/** Fields that arrive already structured (the web's forms): a count, a split, a local date. */
export interface StructuredFields {
  participants?: number;
  byGroup?: ParticipantsByGroup;
  /** Local `YYYY-MM-DD`. */
  date?: string;
}

/**
 * The checks the grammar makes on a TT's or SUA's numbers and date, for
 * fields that arrive already structured: the count's range, the split adding
 * up, the date inside the sender's window (`ctx.maxAgeDays`, by role) and not
 * in the future. The first fault is returned as the same {@link ParseError} a
 * text with it gets.
 */
export function checkStructured(fields: StructuredFields, ctx: ParseContext): { ok: true; participants?: number } | { ok: false; error: ParseError } {
  let participants = fields.participants;
  if (fields.byGroup) {
    const split = checkSplit(fields.byGroup, fields.participants);
    if (!split.ok) return split;
    participants = split.participants;
  } else if (participants !== undefined) {
    const problem = checkCount(participants);
    if (problem !== null) return { ok: false, error: problem };
  }
  if (fields.date !== undefined) {
    const [year, month, day] = fields.date.split('-').map(Number) as [number, number, number];
    const resolved = resolveDate({ kind: 'day_month', date: { day, month, year }, text: fields.date }, ctx);
    if (!resolved.ok) return resolved;
  }
  return participants === undefined ? { ok: true } : { ok: true, participants };
}

function bodyTables(tables: Tables): BodyTables {
  return { lexicon: tables.body, placeWords: tables.placeWords, gluable: tables.gluable, sentenceWords: tables.sentenceWords };
}

/**
 * A log, or the first thing wrong with it, checked in the order a sender
 * fixes them: the village, the count, the form, then the date.
 */
function readLog(tables: Tables, tokens: readonly Token[], ctx: ParseContext, again: boolean): ParseResult {
  const place = readPlace(tables, tokens, ctx.isPlaceName);
  if (!place.ok) return fail(place.error);
  const body = readBody(place.rest, bodyTables(tables));
  const count = readCount(body);
  if (!count.ok) return fail(count.error);
  if (count.participants === null) return fail({ code: 'no_participants' });
  if (body.form === null) return fail({ code: 'no_form' });
  if (body.vagueDate !== null) return fail({ code: 'vague_date', text: body.vagueDate });
  const date = resolveDates(body.dates, ctx);
  if (!date.ok) return fail(date.error);
  const command: Extract<Command, { kind: 'log' }> = {
    kind: 'log',
    participants: count.participants,
    form: body.form,
    groups: body.groups,
    date: date.date,
    note: body.note,
    again,
  };
  if (count.byGroup !== null) command.participantsByGroup = count.byGroup;
  if (date.dateWord !== undefined) command.dateWord = date.dateWord;
  if (place.name !== null) command.placeName = place.name;
  return succeed(command);
}

/** `SUA <code> <details>`: only what the sender gave changes; unknown words replace the note. */
function readCorrect(tables: Tables, tokens: readonly Token[], ctx: ParseContext): ParseResult {
  const code = readCode(tables, tokens);
  if (code === null) return fail({ code: 'missing_code', command: 'correct' });
  const body = readBody(code.rest, bodyTables(tables));
  const changes: LogChanges = {};
  const count = readCount(body);
  if (!count.ok) return fail(count.error);
  if (count.participants !== null) changes.participants = count.participants;
  if (count.byGroup !== null) changes.participantsByGroup = count.byGroup;
  if (body.form !== null) changes.form = body.form;
  if (body.groups.length > 0) changes.groups = body.groups;
  if (body.vagueDate !== null) return fail({ code: 'vague_date', text: body.vagueDate });
  if (body.dates.length > 0) {
    const date = resolveDates(body.dates, ctx);
    if (!date.ok) return fail(date.error);
    changes.date = date.date;
    if (date.dateWord !== undefined) changes.dateWord = date.dateWord;
  }
  if (body.note !== '') changes.note = body.note;
  if (Object.keys(changes).length === 0) return fail({ code: 'nothing_to_correct', logCode: code.code });
  return succeed({ kind: 'correct', code: code.code, changes });
}
