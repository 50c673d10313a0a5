/**
 * Vietnamese text folding. SMS replies are the `vi` text with these folds
 * applied (so the words are kept once), and the parser matches on folded words.
 */

/** Removes tone marks and vowel hats; `đ` becomes `d`. Case is kept. */
export function stripDiacritics(text: string): string {
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
