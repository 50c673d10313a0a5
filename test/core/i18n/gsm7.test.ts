import { fitsOneGsm7Segment, smsSegments, toGsm7 } from '../../../core/i18n/gsm7';

/** GSM 03.38's two tables, written out again here so the module's lookup table is checked against the standard's lists. */
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENDED = '^{}\\[~]|€\f';

describe('GSM-7 accounting', () => {
  it('counts one septet for each basic character and two for each extended one, for every character of both tables', () => {
    for (const ch of BASIC) expect(smsSegments(ch)).toEqual({ encoding: 'GSM-7', units: 1, segments: 1 });
    for (const ch of EXTENDED) expect(smsSegments(ch)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
  });

  it('treats every other character of the Basic Multilingual Plane, and an emoji, as UCS-2', () => {
    const gsm = new Set([...BASIC, ...EXTENDED]);
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      if (gsm.has(ch)) continue;
      expect(smsSegments(`a${ch}`).encoding).toBe('UCS-2');
    }
    expect(smsSegments('TT 45 😀')).toEqual({ encoding: 'UCS-2', units: 8, segments: 1 });
  });

  it('fits 160 septets in one segment, not 161, and counts extended characters twice towards it', () => {
    expect(fitsOneGsm7Segment('a'.repeat(160))).toBe(true);
    expect(fitsOneGsm7Segment('a'.repeat(161))).toBe(false);
    expect(fitsOneGsm7Segment(`${'a'.repeat(158)}€`)).toBe(true);
    expect(fitsOneGsm7Segment(`${'a'.repeat(159)}€`)).toBe(false);
    expect(smsSegments('a'.repeat(307))).toEqual({ encoding: 'GSM-7', units: 307, segments: 3 });
  });

  it('keeps GSM-7 text as it is and replaces the rest with its closest plain form, an emoji with one question mark', () => {
    expect(toGsm7('Da ghi #A7K2: 45 nguoi, {hop} [x] €5')).toBe('Da ghi #A7K2: 45 nguoi, {hop} [x] €5');
    expect(toGsm7('“a” ‘b’ c–d… e\u00a0f ≥1 ≤2 • g')).toBe('"a" \'b\' c-d... e f >=1 <=2 - g');
    expect(toGsm7('ok 😀 ơ')).toBe('ok ? ?');
  });
});
