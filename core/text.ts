/**
 * Vietnamese text folding. SMS replies are the `vi` text with these folds
 * applied (so the words are kept once), and the parser matches on folded words.
 */

const ASCII = /^[\x00-\x7f]*$/;

/** Removes tone marks and vowel hats; `đ` becomes `d`. Case is kept. */
export function stripDiacritics(text: string): string {
  // Most texts (every SMS a phone sends without Vietnamese input) are ASCII, which folding leaves as it is.
  if (ASCII.test(text)) return text;
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** Lower case, no diacritics: the form every keyword comparison uses. */
export function fold(text: string): string {
  return stripDiacritics(text).toLowerCase();
}
