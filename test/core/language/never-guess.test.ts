import type { ParseContext } from '../../../core/language/commands';
import { CORPUS_CONTEXT } from './corpus';
import { shippedParser } from './shared-parser';

/**
 * The cases of issue 12 ("the message language guesses"), each as it was
 * reported. `CORPUS_CONTEXT` is Friday 20/11/2026, 10:00 in Hanoi.
 */
const parser = shippedParser();
const parse = (text: string, ctx: ParseContext = CORPUS_CONTEXT) => parser.parse(text, ctx);

describe('a count that is not cleanly a number is asked about, never shortened', () => {
  it('refuses a letter O in a number instead of logging 5', () => {
    expect(parse('TT 5O hop thon')).toEqual({ ok: false, error: { code: 'unclear_number', text: '5O' } });
  });

  it('refuses letters mixed into digits anywhere in the number', () => {
    expect(parse('tt 1O0 hop thon')).toEqual({ ok: false, error: { code: 'unclear_number', text: '1O0' } });
    expect(parse('tt O5 hop thon')).toEqual({ ok: false, error: { code: 'unclear_number', text: 'O5' } });
    expect(parse('tt 4S hop thon')).toEqual({ ok: false, error: { code: 'unclear_number', text: '4S' } });
  });

  it('refuses a minus sign instead of logging 5', () => {
    expect(parse('TT -5 hop thon')).toEqual({ ok: false, error: { code: 'signed_number', text: '-5' } });
    expect(parse('tt +5 hop thon')).toEqual({ ok: false, error: { code: 'signed_number', text: '+5' } });
  });

  it('still reads dashes used as separators around a count', () => {
    expect(parse('tt - 45 - hop thon')).toMatchObject({ ok: true, command: { participants: 45 } });
  });

  it('refuses a number of sessions where the number of people belongs', () => {
    expect(parse('tuyen truyen loa 3 buoi')).toEqual({ ok: false, error: { code: 'session_count', text: '3 buoi' } });
    expect(parse('TT loa 2 lan 20/11')).toEqual({ ok: false, error: { code: 'session_count', text: '2 lan' } });
    expect(parse('tt loa 2lan')).toEqual({ ok: false, error: { code: 'session_count', text: '2lan' } });
  });

  it('refuses two counts', () => {
    expect(parse('tt 45 nguoi 50 nguoi hop thon')).toEqual({ ok: false, error: { code: 'two_numbers', numbers: [45, 50] } });
  });
});

describe('dates', () => {
  it.each([
    ['tt 45 hop thon thu 2', '2026-11-16', 'monday'],
    ['tt 45 hop thon thứ 3', '2026-11-17', 'tuesday'],
    ['tt 45 hop thon thu tu', '2026-11-18', 'wednesday'],
    ['tt 45 hop thon T5', '2026-11-19', 'thursday'],
    ['tt 45 hop thon thu 6', '2026-11-20', 'friday'],
    ['tt 45 hop thon thu 7', '2026-11-14', 'saturday'],
    ['tt 45 hop thon chu nhat', '2026-11-15', 'sunday'],
    ['tt 45 hop thon CN', '2026-11-15', 'sunday'],
  ])('reads %j as the most recent such day, today included, and says which word it was', (text, date, dateWord) => {
    expect(parse(text)).toEqual({
      ok: true,
      command: { kind: 'log', participants: 45, form: 'hop', groups: [], date, dateWord, note: '', again: false },
    });
  });

  it('refuses a weekday that lies beyond the age limit', () => {
    expect(parse('tt 45 hop thon thu 7', { ...CORPUS_CONTEXT, maxAgeDays: 3 })).toEqual({
      ok: false,
      error: { code: 'too_old', date: '2026-11-14', maxAgeDays: 3 },
    });
  });

  it('reads "lan thu 2" as the second time, not as Monday', () => {
    expect(parse('tt 45 hop thon lan thu 2')).toEqual({
      ok: true,
      command: { kind: 'log', participants: 45, form: 'hop', groups: [], date: '2026-11-20', note: 'lan thu 2', again: false },
    });
  });

  it.each(['tuan truoc', 'hom truoc', 'thang truoc', 'thu 8'])('asks for the date when it is given as %j', (words) => {
    expect(parse(`tt 45 hop thon ${words}`)).toEqual({ ok: false, error: { code: 'vague_date', text: words } });
  });

  it('refuses two different dates instead of picking one', () => {
    expect(parse('tt 45 hop thon hom qua 20/11')).toEqual({
      ok: false,
      error: { code: 'two_dates', texts: ['hom qua', '20/11'] },
    });
  });

  it('accepts two ways of naming the same day', () => {
    expect(parse('tt 45 hop thon thu 5 19/11')).toMatchObject({ ok: true, command: { date: '2026-11-19', dateWord: 'thursday' } });
  });

  it('reads a date after the 60th word', () => {
    const words = Array.from({ length: 80 }, (_, i) => `chu${i}de`).join(' ');
    expect(parse(`tt 45 hop thon ${words} 19/11`)).toMatchObject({ ok: true, command: { date: '2026-11-19' } });
  });

  it('finds a second count far into a long message', () => {
    const words = Array.from({ length: 500 }, () => 'x').join(' ');
    expect(parse(`tt 45 hop ${words} 50`)).toEqual({ ok: false, error: { code: 'two_numbers', numbers: [45, 50] } });
  });
});

describe('invisible characters', () => {
  it.each([
    ['zero-width joiner', '\u200d'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width space', '\u200b'],
    ['byte order mark', '\ufeff'],
    ['soft hyphen', '\u00ad'],
    ['word joiner', '\u2060'],
  ])('ignores a %s inside a word', (_name, invisible) => {
    expect(parse(`tt 45 ho${invisible}p thon`)).toEqual({
      ok: true,
      command: { kind: 'log', participants: 45, form: 'hop', groups: [], date: '2026-11-20', note: '', again: false },
    });
  });

  it('treats a text of invisible characters only as empty', () => {
    expect(parse('\u200b\ufeff')).toEqual({ ok: false, error: { code: 'empty' } });
  });

  it('ignores a byte order mark before the keyword and a joiner inside a number', () => {
    expect(parse('\ufeffTT 4\u200d5 hop')).toMatchObject({ ok: true, command: { participants: 45, form: 'hop' } });
  });
});

describe('a doubled letter in a short word', () => {
  it('reads "hoop" as "hop"', () => {
    expect(parse('tt 45 hoop thon')).toMatchObject({ ok: true, command: { form: 'hop', note: '' } });
  });

  it('reads doubled letters in short group codes', () => {
    expect(parse('tt 45 hop tnn')).toMatchObject({ ok: true, command: { groups: ['tn'] } });
    expect(parse('tt 45 hop hss')).toMatchObject({ ok: true, command: { groups: ['hs'] } });
  });

  it('keeps ho and hop apart', () => {
    expect(parse('tt 8 ho')).toMatchObject({ ok: true, command: { form: 'ho' } });
    expect(parse('tt 8 hop')).toMatchObject({ ok: true, command: { form: 'hop' } });
    // `hoo` is `ho` with a doubled o but also `hop` with one letter wrong: neither is guessed.
    expect(parse('tt 8 hoo')).toEqual({ ok: false, error: { code: 'no_form' } });
  });

  it('does not read a doubled letter when the result would be one edit from another word', () => {
    // `ndd` is `nd` doubled, but also one letter from `nld` (workers).
    expect(parse('tt 45 hop ndd')).toMatchObject({ ok: true, command: { groups: [], note: 'ndd' } });
  });

  it('allows only a doubled letter in short words, not any other typo', () => {
    expect(parse('tt 45 hpo')).toEqual({ ok: false, error: { code: 'no_form' } });
    expect(parse('tt 45 hopp')).toMatchObject({ ok: true, command: { form: 'hop' } });
  });
});
