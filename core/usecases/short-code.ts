import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L, 5/S, 8/B: codes are read aloud and retyped on keypads. */
const LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
const DIGITS = '234679';
const ALPHABET = LETTERS + DIGITS;

/**
 * A 4-character confirmation code (`A7K2`), unique within a village by index.
 * It always holds a digit, so it can never read as a word of the message
 * language (`HUY THON` must not be taken for a code).
 */
export function newShortCode(length = 4): string {
  const chars = Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  if (!chars.some((c) => DIGITS.includes(c))) chars[randomInt(length)] = DIGITS[randomInt(DIGITS.length)]!;
  return chars.join('');
}
