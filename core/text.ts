/**
 * Vietnamese text folding. SMS replies are the `vi` text with these folds
 * applied (so the words are kept once), and the parser matches on folded words.
 */

const ASCII = /^[\x00-\x7f]*$/;

/** Removes tone marks and vowel hats; `đ` becomes `d`. Case is kept. */
export function stripDiacritics(text: string): string {
  // Every SMS reply is folded (Vietnamese text ~150 characters long), and most incoming texts are ASCII:
  // letter by letter from a table when every character has its fold there, the Unicode way otherwise.
  if (ASCII.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out += text[i];
      continue;
    }
    const folded = code < TABLE_END ? FOLDED[code] : undefined;
    if (folded === undefined) return unicodeStrip(text);
    out += folded;
  }
  return out;
}

/**
 * The fold by Unicode: decompose, drop the marks, `đ` → `d`, compose. Exact
 * for any text; for a 150-character reply ~2.7 µs against ~1 µs by the table.
 */
function unicodeStrip(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/**
 * The fold of each character from U+0080 to U+024F (Latin-1, Latin
 * Extended-A and -B) and of Latin Extended Additional (U+1E00–U+1EFF: most
 * Vietnamese letters), made by {@link unicodeStrip} itself. Folding a text of
 * these (and ASCII) letter by letter gives what folding it whole gives: none
 * is a combining mark, and the base letters left compose with nothing but
 * marks. Anything else (a combining mark, another script) takes the Unicode way.
 */
const TABLE_END = 0x1f00;
const FOLDED: (string | undefined)[] = new Array<string | undefined>(TABLE_END);
for (const [from, to] of [
  [0x80, 0x24f],
  [0x1e00, 0x1eff],
] as const) {
  for (let code = from; code <= to; code++) {
    const ch = String.fromCharCode(code);
    if (!/\p{M}/u.test(ch)) FOLDED[code] = unicodeStrip(ch);
  }
}

/** Lower case, no diacritics: the form every keyword comparison uses. */
export function fold(text: string): string {
  return stripDiacritics(text).toLowerCase();
}
