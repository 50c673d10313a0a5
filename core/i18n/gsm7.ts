/**
 * GSM 03.38 accounting: which texts fit in one SMS segment. Written here
 * because it is a few lines and the libraries for it are unmaintained.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENDED = '^{}\\[~]|€\f';
/**
 * Septets per UTF-16 code unit: 1 basic, 2 extended, 0 not GSM-7. Every
 * GSM-7 character is one code unit, so a surrogate (half of an emoji) is 0.
 * A table, not a Set of characters: every SMS reply is checked twice.
 */
const SEPTETS = new Uint8Array(0x10000);
for (const ch of BASIC) SEPTETS[ch.charCodeAt(0)] = 1;
for (const ch of EXTENDED) SEPTETS[ch.charCodeAt(0)] = 2;

export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7 (extended characters count two), UTF-16 units for UCS-2. */
  units: number;
  segments: number;
}

export function smsSegments(text: string): SegmentInfo {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    const n = SEPTETS[text.charCodeAt(i)]!;
    if (n === 0) {
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
    septets += n;
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

export function fitsOneGsm7Segment(text: string): boolean {
  const info = smsSegments(text);
  return info.encoding === 'GSM-7' && info.segments === 1;
}

/** Replaces anything outside GSM-7 with its closest plain form, so an SMS never silently becomes UCS-2. */
export function toGsm7(text: string): string {
  if (isGsm7(text)) return text;
  let out = '';
  for (const ch of text) {
    if (ch.length === 1 && SEPTETS[ch.charCodeAt(0)] !== 0) out += ch;
    else if (ch === '\u2019' || ch === '\u2018') out += "'";
    else if (ch === '\u201c' || ch === '\u201d') out += '"';
    else if (ch === '\u2013' || ch === '\u2014') out += '-';
    else if (ch === '\u2026') out += '...';
    else if (ch === '\u00a0' || ch === '\t') out += ' ';
    else if (ch === '\u2265') out += '>=';
    else if (ch === '\u2264') out += '<=';
    else if (ch === '\u2022' || ch === '\u00b7') out += '-';
    else out += '?';
  }
  return out;
}

function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (SEPTETS[text.charCodeAt(i)] === 0) return false;
  return true;
}
