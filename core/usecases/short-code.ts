import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L, 5/S, 8/B: codes are read aloud and retyped on keypads. */
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY234679';

/** A 4-character confirmation code (`A7K2`), unique within a village by index. */
export function newShortCode(length = 4): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
