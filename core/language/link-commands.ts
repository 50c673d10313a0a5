import { fold } from '../text';

/**
 * The linking words, read before the log grammar: `DK 0905123456` asks for a
 * one-time code, a bare 6-digit number is that code, `HUYLK 0905123456` is an
 * officer removing someone's chat links. Kept apart from the vocabulary-driven
 * parser because a phone number must be read whole (spaces, dots, `+84`),
 * never as a participant count, and no typo tolerance is wanted here.
 */
export type LinkCommand =
  /** `DK 0905123456`: link this chat to the roster person with that phone (a one-time code is sent to them). */
  | { kind: 'register'; phone: string }
  /** A bare 6-digit number: the one-time code asked for with `register`. */
  | { kind: 'verify'; code: string }
  /** Officers: `HUYLK 0905123456` removes that person's Zalo and Telegram links. */
  | { kind: 'unlink'; phone: string };

// Telegram adds a leading `/` to commands; `ĐK` folds to `dk`.
const REGISTER = /^\/?(?:dk|dang\s*ky|register)(?:\s+|[:.,-]\s*)([+\d][\d\s().-]{5,24})$/;
const UNLINK = /^\/?(?:huylk|huy\s*lk|huy\s*lien\s*ket|unlink)(?:\s+|[:.,-]\s*)([+\d][\d\s().-]{5,24})$/;
const CODE = /^(\d{3})\s?(\d{3})$/;

export function readLinkCommand(text: string): LinkCommand | null {
  const folded = fold(text).trim().replace(/\s+/g, ' ');
  const code = CODE.exec(folded);
  if (code) return { kind: 'verify', code: `${code[1]}${code[2]}` };
  const register = REGISTER.exec(folded);
  if (register) return { kind: 'register', phone: register[1]!.trim() };
  const unlink = UNLINK.exec(folded);
  if (unlink) return { kind: 'unlink', phone: unlink[1]!.trim() };
  return null;
}
