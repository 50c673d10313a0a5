import { readLinkCommand } from '../../../core/language/link-commands';
import { createParser } from '../../../app/commands';
import { loadVocabulary } from '../../../core/language/vocabulary';

describe('the linking words', () => {
  it.each([
    ['DK 0905123456', '0905123456'],
    ['dk 0905 123 456', '0905 123 456'],
    ['ĐK: +84 905 123 456', '+84 905 123 456'],
    ['Đăng ký 0905.123.456', '0905.123.456'],
    ['/dk 0905123456', '0905123456'],
    ['register 0905123456', '0905123456'],
  ])('"%s" asks for a code for %s', (text, phone) => {
    expect(readLinkCommand(text)).toEqual({ kind: 'register', phone });
  });

  it.each([['123456'], [' 123 456 '], ['048213']])('"%s" alone is a code', (text) => {
    expect(readLinkCommand(text)).toEqual({ kind: 'verify', code: text.replace(/\s/g, '') });
  });

  it('reads HUYLK with a phone as an unlink', () => {
    expect(readLinkCommand('HUYLK 0905123456')).toEqual({ kind: 'unlink', phone: '0905123456' });
    expect(readLinkCommand('hủy liên kết 0905123456')).toEqual({ kind: 'unlink', phone: '0905123456' });
  });

  it.each([['DK'], ['12345'], ['1234567'], ['TT 123456 hop'], ['DK abc'], ['dkx 0905123456']])('"%s" is not a linking word', (text) => {
    expect(readLinkCommand(text)).toBeNull();
  });

  it('comes before the log grammar in the parser, and leaves logs alone', () => {
    const parser = createParser([loadVocabulary('vi'), loadVocabulary('en')]);
    const ctx = { receivedAt: new Date('2026-11-20T03:00:00Z'), timeZone: 'Asia/Ho_Chi_Minh', maxAgeDays: 14 };
    expect(parser.parse('DK 0905123456', ctx)).toEqual({ ok: true, command: { kind: 'register', phone: '0905123456' } });
    expect(parser.parse('TT 45 hop thon', ctx)).toMatchObject({ ok: true, command: { kind: 'log', participants: 45 } });
  });
});
