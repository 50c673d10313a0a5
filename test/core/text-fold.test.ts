import fc from 'fast-check';
import { fold, stripDiacritics } from '../../core/text';

/** The fold written the Unicode way only (decompose, drop marks, đ → d, compose): what the table must agree with. */
function reference(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

describe('folding Vietnamese text', () => {
  it('folds the letters people type: tone marks and hats go, đ becomes d, case and spacing stay', () => {
    expect(stripDiacritics('Đã ghi #A7K2: 45 người, họp thôn, Thôn Đồng Tâm 20/11.')).toBe('Da ghi #A7K2: 45 nguoi, hop thon, Thon Dong Tam 20/11.');
    expect(fold('HỌP THÔN Ở Xã Ba Tơ')).toBe('hop thon o xa ba to');
    expect(stripDiacritics('TT 45 hop thon')).toBe('TT 45 hop thon');
  });

  it('agrees with the Unicode fold for every character up to U+2FFF alone and after a Vietnamese letter', () => {
    for (let code = 0; code < 0x3000; code++) {
      const ch = String.fromCharCode(code);
      if (code >= 0xd800 && code <= 0xdfff) continue;
      expect([code, stripDiacritics(ch)]).toEqual([code, reference(ch)]);
      expect([code, stripDiacritics(`ườ${ch}Ế`)]).toEqual([code, reference(`ườ${ch}Ế`)]);
    }
  });

  it('agrees with the Unicode fold on 20,000 random texts mixing Vietnamese letters, ASCII, combining marks written apart, other scripts and emoji', () => {
    const pieces = ['a', 'A', ' ', '1', 'ư', 'ờ', 'Ế', 'đ', 'Đ', 'ạ', 'ỹ', 'é', 'ñ', 'ß', 'Ø', '\u0301', '\u0323', '\u0306', 'e\u0302\u0301', 'ﬁ', 'Å', '\u212b', 'Ω', '한', '\u1100\u1161', '😀', '–', '…', '\u00a0', 'ǅ', 'ȿ', 'ɐ'];
    const texts = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(texts, (text) => {
        expect(stripDiacritics(text)).toBe(reference(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
