import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L, 5/S, 8/B: codes are read aloud and retyped on keypads. */
export const CODE_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
export const CODE_DIGITS = '234679';
const ALPHABET = CODE_LETTERS + CODE_DIGITS;

/**
 * Codes the message language reads as something else even after HUY/SUA:
 * `THU2`…`THU7` are weekdays (thứ 2 … thứ 7), so `HUY THU2` would not cancel
 * the log. Found by reading every possible code back through the parser
 * (test/core/language/short-codes-read-back.test.ts).
 */
const READS_AS_A_WORD = /^THU[2-7]$/;

/** Whether `code` may be handed out: it holds a digit and reads back as a code. */
export function isIssuableCode(code: string): boolean {
  return [...code].some((c) => CODE_DIGITS.includes(c)) && !READS_AS_A_WORD.test(code);
}

/**
 * A 4-character confirmation code (`A7K2`), unique within a village by index.
 * It always holds a digit, so it can never read as a plain word of the message
 * language (`HUY THON` must not be taken for a code), and it is never one of
 * the few words that hold a digit ({@link READS_AS_A_WORD}).
 */
export function newShortCode(length = 4): string {
  for (;;) {
    const chars = Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]!);
    if (!chars.some((c) => CODE_DIGITS.includes(c))) chars[randomInt(length)] = CODE_DIGITS[randomInt(CODE_DIGITS.length)]!;
    const code = chars.join('');
    if (isIssuableCode(code)) return code;
  }
}
