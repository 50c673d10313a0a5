import { distance } from 'fastest-levenshtein';
import { phraseWords } from './tokens';

/**
 * A table of phrases (one or more folded words) to meanings, matched at a
 * position in a message, with typo tolerance per word.
 *
 * Typos are looked up word by word against the words the table knows (never
 * phrase by phrase against the message), which keeps the cost at
 * (tokens × known words of similar length) however long the input is. A word
 * may have several equally close readings (`thonn`: `thon` or `thong`); the
 * phrase around it decides which one fits (`hop thonn` → `hop thon`).
 *
 * Words under {@link MIN_FUZZY_LENGTH} letters get no typo budget, with one
 * exception: a letter typed twice (`hoop`, `tnn`, a sticky key) is read as the
 * short word, but only when no word that is a phrase of its own with another
 * meaning is also one edit from what was typed (`hoo` is `ho` doubled but also
 * `hop` mistyped, so it stays as typed; `tnn` is one edit from `tin` too, but
 * `tin` alone means nothing, so `tnn` is `tn`).
 */

/** Shortest word that gets typo tolerance: 3-letter words and codes (`hs`, `kcn`) are too close to each other. */
const MIN_FUZZY_LENGTH = 4;
/** Words of this length and longer tolerate two edits; shorter ones one. */
const TWO_EDITS_LENGTH = 8;
const LETTERS = /^[a-z]+$/;

/** Edits tolerated between two words: decided by the shorter one, so `nie` never becomes `nien`. */
export function typoBudget(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  if (shorter < MIN_FUZZY_LENGTH) return 0;
  return shorter >= TWO_EDITS_LENGTH ? 2 : 1;
}

/** True when `b` is `a` with two neighbouring letters swapped, the commonest slip on a keypad. */
function isOneSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return (
    i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
  );
}

/** Levenshtein distance, except that one swap of neighbouring letters (`nein`/`nien`) counts as one edit. */
export function typoDistance(a: string, b: string): number {
  const d = distance(a, b);
  return d === 2 && isOneSwap(a, b) ? 1 : d;
}

/** The readings of one typed word: itself when known, else the closest known words. */
export interface Readings {
  words: readonly string[];
  /** Edits needed to reach any of `words`; 0 when the word was typed as known. */
  edits: number;
}

/** A non-word token (number, date): nothing in a lexicon can start or continue there. */
export const NO_READINGS: Readings = { words: [], edits: 0 };

export interface LexiconMatch<M> {
  meaning: M;
  /** How many words the phrase covered. */
  length: number;
}

interface Phrase<M> {
  words: string[];
  meaning: M;
  key: string;
  source: string;
  /** 0 for glue words, which should not cost anything when splitting a run of words. */
  weight: number;
}

export class Lexicon<M> {
  private readonly phrases = new Map<string, Phrase<M>>();
  private readonly byFirstWord = new Map<string, Array<Phrase<M>>>();
  private readonly known = new Set<string>();
  private readonly fuzzyWords = new Set<string>();
  private readonly byLength = new Map<number, string[]>();
  /** Non-glue words under the fuzzy length: the targets of a doubled-letter reading. */
  private readonly shortWords = new Set<string>();
  /** Every known word by length, to check a doubled-letter reading against its neighbours. */
  private readonly knownByLength = new Map<number, string[]>();

  /**
   * @param keyOf identifies a meaning, so the same phrase listed twice for the
   *   same thing (e.g. in two locales) is fine, but for two things is a clash.
   * @param keepAsTyped words never corrected into a known word.
   */
  constructor(
    private readonly keyOf: (meaning: M) => string,
    private readonly keepAsTyped: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * Adds a phrase and, for multi-word phrases, its spelling without spaces
   * (`hopthon`, `tonghop`), which people type as often as the spaced one.
   * Throws when the phrase already means something else: a vocabulary that
   * reads one text two ways is a bug to fix in the locale files.
   *
   * @param glue marks glue words (fillers, units). They are matched exactly:
   *   `luat` (law) must not be corrected into `luot` (a unit) and vanish from the
   *   note. And they do not count as phrases when splitting, so `nguoi` +
   *   `lao dong khu cong nghiep` (one group) beats `nguoi lao dong` + `khu cong nghiep` (two).
   */
  add(phrase: string, meaning: M, source: string, glue = false): void {
    const words = phraseWords(phrase);
    this.addWords(words, meaning, source, glue);
    if (words.length > 1 && words.every((word) => LETTERS.test(word))) {
      this.addWords([words.join('')], meaning, source, glue);
    }
  }

  private addWords(words: string[], meaning: M, source: string, glue: boolean): void {
    const first = words[0];
    if (first === undefined) return;
    const text = words.join(' ');
    const key = this.keyOf(meaning);
    const existing = this.phrases.get(text);
    if (existing && existing.key !== key) {
      throw new Error(`Vocabulary clash: "${text}" means ${existing.key} (${existing.source}) and ${key} (${source})`);
    }
    if (!existing) {
      const entry: Phrase<M> = { words, meaning, key, source, weight: glue ? 0 : 1 };
      this.phrases.set(text, entry);
      const starting = this.byFirstWord.get(first) ?? [];
      starting.push(entry);
      this.byFirstWord.set(first, starting);
    }
    for (const word of words) {
      if (!this.known.has(word)) {
        this.known.add(word);
        const sameLength = this.knownByLength.get(word.length) ?? [];
        sameLength.push(word);
        this.knownByLength.set(word.length, sameLength);
      }
      if (!glue && LETTERS.test(word) && word.length < MIN_FUZZY_LENGTH) this.shortWords.add(word);
      if (glue || this.fuzzyWords.has(word) || !LETTERS.test(word) || word.length < MIN_FUZZY_LENGTH) continue;
      this.fuzzyWords.add(word);
      const sameLength = this.byLength.get(word.length) ?? [];
      sameLength.push(word);
      this.byLength.set(word.length, sameLength);
    }
  }

  /** Whether the word (folded) is part of any phrase. */
  knows(word: string): boolean {
    return this.known.has(word);
  }

  /**
   * What a typed (folded) word may stand for: itself when it is known, not a
   * plain lower-case word or protected; otherwise every known word at the
   * smallest distance within the typo budget, else the short word it doubles a
   * letter of (itself if none is).
   */
  readings(word: string): Readings {
    const asTyped = { words: [word], edits: 0 };
    if (this.known.has(word) || this.keepAsTyped.has(word) || !LETTERS.test(word)) return asTyped;
    if (word.length >= MIN_FUZZY_LENGTH) {
      const fuzzy = this.closest(word);
      if (fuzzy !== null) return fuzzy;
    }
    return this.undoubled(word) ?? asTyped;
  }

  /** Known words of the fuzzy length at the smallest distance within the budget, or null. */
  private closest(word: string): Readings | null {
    let best: string[] = [];
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let length = word.length - 2; length <= word.length + 2; length += 1) {
      for (const candidate of this.byLength.get(length) ?? []) {
        const budget = typoBudget(word, candidate);
        if (Math.abs(candidate.length - word.length) > budget) continue;
        const d = typoDistance(word, candidate);
        if (d > budget || d > bestDistance) continue;
        if (d < bestDistance) best = [];
        best.push(candidate);
        bestDistance = d;
      }
    }
    return best.length > 0 ? { words: best, edits: bestDistance } : null;
  }

  /**
   * `hoop` → `hop`: the one short word that `word` is with a letter doubled,
   * provided no one-word phrase meaning something else is within one edit of
   * `word` (else two readings compete and neither is guessed).
   */
  private undoubled(word: string): Readings | null {
    if (word.length > MIN_FUZZY_LENGTH) return null;
    let target: string | null = null;
    for (let i = 0; i + 1 < word.length; i += 1) {
      if (word[i] !== word[i + 1]) continue;
      const candidate = word.slice(0, i) + word.slice(i + 1);
      if (!this.shortWords.has(candidate)) continue;
      if (target !== null && target !== candidate) return null;
      target = candidate;
    }
    if (target === null) return null;
    const meaning = this.phrases.get(target)?.key;
    for (let length = word.length - 1; length <= word.length + 1; length += 1) {
      for (const other of this.knownByLength.get(length) ?? []) {
        const otherMeaning = this.phrases.get(other)?.key;
        if (other === target || otherMeaning === undefined || otherMeaning === meaning) continue;
        if (typoDistance(word, other) <= 1) return null;
      }
    }
    return { words: [target], edits: 1 };
  }

  /**
   * The phrases that start at `start`, one per length: for each length, the one
   * needing the fewest corrections. Longest first.
   */
  private matchesAt(readings: readonly Readings[], start: number): Array<LexiconMatch<M> & { weight: number; edits: number }> {
    const found = new Map<number, LexiconMatch<M> & { weight: number; edits: number }>();
    const first = readings[start];
    if (first === undefined) return [];
    for (const word of first.words) {
      for (const phrase of this.byFirstWord.get(word) ?? []) {
        const length = phrase.words.length;
        if (start + length > readings.length) continue;
        let edits = first.edits;
        let fits = true;
        for (let k = 1; k < length && fits; k += 1) {
          const at = readings[start + k];
          const expected = phrase.words[k];
          fits = at !== undefined && expected !== undefined && at.words.includes(expected);
          edits += at?.edits ?? 0;
        }
        if (!fits) continue;
        const previous = found.get(length);
        if (previous === undefined || edits < previous.edits) {
          found.set(length, { meaning: phrase.meaning, length, weight: phrase.weight, edits });
        }
      }
    }
    return [...found.values()].sort((a, b) => b.length - a.length);
  }

  /** The longest phrase starting at `start` (the keyword at the head of a message). */
  match(readings: readonly Readings[], start: number): LexiconMatch<M> | null {
    const [longest] = this.matchesAt(readings, start);
    return longest === undefined ? null : { meaning: longest.meaning, length: longest.length };
  }

  /**
   * Splits a run of words into phrases so that as many words as possible are
   * recognised, then with as few (so as long) phrases as possible, glue not
   * counted, then with as few corrections as possible. Plain longest-first
   * would read `truong hoc sinh` as `truong hoc` + `sinh` and lose the group;
   * this reads `truong` + `hoc sinh`. Linear: each position tries only the
   * phrases that start with one of its readings.
   *
   * @returns for each position, the phrase that starts there, or null.
   */
  segment(readings: readonly Readings[]): Array<LexiconMatch<M> | null> {
    const n = readings.length;
    interface Score {
      covered: number;
      phrases: number;
      edits: number;
      take: LexiconMatch<M> | null;
    }
    const scores = new Array<Score>(n + 1);
    scores[n] = { covered: 0, phrases: 0, edits: 0, take: null };
    for (let i = n - 1; i >= 0; i -= 1) {
      const skip = scores[i + 1] ?? { covered: 0, phrases: 0, edits: 0, take: null };
      let best: Score = { covered: skip.covered, phrases: skip.phrases, edits: skip.edits, take: null };
      for (const found of this.matchesAt(readings, i)) {
        const after = scores[i + found.length] ?? skip;
        const option: Score = {
          covered: found.length + after.covered,
          phrases: found.weight + after.phrases,
          edits: found.edits + after.edits,
          take: { meaning: found.meaning, length: found.length },
        };
        if (isBetter(option, best)) best = option;
      }
      scores[i] = best;
    }
    const out = new Array<LexiconMatch<M> | null>(n).fill(null);
    for (let i = 0; i < n; ) {
      const take = scores[i]?.take ?? null;
      out[i] = take;
      i += take === null ? 1 : take.length;
    }
    return out;
  }
}

/**
 * Orders two ways of reading the rest of a message. On a full tie the one
 * found first wins: candidates come longest first, and taking a phrase beats
 * skipping a word, as plain longest-first would choose.
 */
function isBetter(
  option: { covered: number; phrases: number; edits: number; take: unknown },
  best: { covered: number; phrases: number; edits: number; take: unknown },
): boolean {
  if (option.covered !== best.covered) return option.covered > best.covered;
  if (option.phrases !== best.phrases) return option.phrases < best.phrases;
  if (option.edits !== best.edits) return option.edits < best.edits;
  return best.take === null && option.take !== null;
}
