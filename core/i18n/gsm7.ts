/**
 * GSM 03.38 accounting: which texts fit in one SMS segment. Written here
 * because it is a few lines and the libraries for it are unmaintained.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(BASIC);
const extended = new Set(EXTENDED);

export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7 (extended characters count two), UTF-16 units for UCS-2. */
  units: number;
  segments: number;
}

export function smsSegments(text: string): SegmentInfo {
  let septets = 0;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

export function fitsOneGsm7Segment(text: string): boolean {
  const info = smsSegments(text);
  return info.encoding === 'GSM-7' && info.segments === 1;
}

/** Replaces anything outside GSM-7 with its closest plain form, so an SMS never silently becomes UCS-2. */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (basic.has(ch) || extended.has(ch)) out += ch;
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
