import type { ParseContext } from '../../../core/language/commands';
import { createParser } from '../../../app/commands';
import { loadVocabulary, type Vocabulary } from '../../../core/language/vocabulary';
import { FORM_CODES, GROUP_CODES } from '../../../core/domain/vocabulary-codes';
import { CORPUS_CONTEXT } from './corpus';
import { shippedParser } from './shared-parser';

const parser = shippedParser();
const at = (iso: string, maxAgeDays = 14): ParseContext => ({
  receivedAt: new Date(iso),
  timeZone: 'Asia/Ho_Chi_Minh',
  maxAgeDays,
});
const parse = (text: string, ctx: ParseContext = CORPUS_CONTEXT) => parser.parse(text, ctx);

describe('dates', () => {
  it('reads a day and month in early January as last December', () => {
    expect(parse('tt 45 hop 30/12', at('2027-01-03T03:00:00Z'))).toMatchObject({
      ok: true,
      command: { date: '2026-12-30' },
    });
  });

  it('reads a day and month as the nearest such day: 30/12 sent on 30/01 is last December, refused as too old beyond the age limit', () => {
    expect(parse('tt 45 hop 30/12', at('2027-01-30T03:00:00Z'))).toEqual({
      ok: false,
      error: { code: 'too_old', date: '2026-12-30', maxAgeDays: 14 },
    });
  });

  it('refuses a day and month nearer ahead than a year back as a future date, never moving it to last year (07/12 sent on 06/12)', () => {
    expect(parse('tt 45 hop 07/12', at('2026-12-06T03:00:00Z'))).toEqual({ ok: false, error: { code: 'future_date', date: '2026-12-07' } });
  });

  it('takes this year for a day and month already past, however far back (10/03 sent on 06/12)', () => {
    expect(parse('tt 45 hop 10/03', { ...at('2026-12-06T03:00:00Z'), maxAgeDays: 400 })).toMatchObject({ ok: true, command: { date: '2026-03-10' } });
  });

  it('takes "today" in the local zone, not in UTC', () => {
    // 18:30 UTC on the 19th is already 01:30 on the 20th in Vietnam.
    expect(parse('tt 45 hop', at('2026-11-19T18:30:00Z'))).toMatchObject({ ok: true, command: { date: '2026-11-20' } });
    expect(parse('tt 45 hop hom qua', at('2026-11-19T18:30:00Z'))).toMatchObject({
      ok: true,
      command: { date: '2026-11-19' },
    });
  });

  it('lets relative days respect the age limit too', () => {
    expect(parse('tt 45 hop hom kia', at('2026-11-20T03:00:00Z', 1))).toEqual({
      ok: false,
      error: { code: 'too_old', date: '2026-11-18', maxAgeDays: 1 },
    });
  });

  it('reads 29/02 in a leap year and refuses it in other years', () => {
    expect(parse('tt 45 hop 29/02', at('2028-03-01T03:00:00Z'))).toMatchObject({ ok: true, command: { date: '2028-02-29' } });
    expect(parse('tt 45 hop 29/02/2027', at('2027-03-01T03:00:00Z'))).toEqual({
      ok: false,
      error: { code: 'bad_date', text: '29/02/2027' },
    });
  });

  it('reads a bare day of the month in the previous month when this month has not reached it', () => {
    expect(parse('tt 45 hop ngay 30', at('2026-12-02T03:00:00Z'))).toMatchObject({
      ok: true,
      command: { date: '2026-11-30' },
    });
  });
});

describe('typo tolerance', () => {
  it('never corrects digits, so a mistyped count is asked about, not silently changed', () => {
    expect(parse('tt 4S hop thon')).toEqual({ ok: false, error: { code: 'unclear_number', text: '4S' } });
  });

  it('never corrects short codes into each other', () => {
    expect(parse('tt 45 hop hx')).toMatchObject({ ok: true, command: { groups: [], note: 'hx' } });
  });

  it('leaves real words near a keyword alone (trung is not truong)', () => {
    expect(parse('tt 45 trung tam')).toEqual({ ok: false, error: { code: 'no_form' } });
    expect(parse('Xuan bao cao')).toEqual({ ok: false, error: { code: 'unknown' } });
  });

  it('tolerates two edits in long words and one in shorter ones', () => {
    expect(parse('tt 45 hop thanh nieen')).toMatchObject({ ok: true, command: { groups: ['tn'] } });
    expect(parse('tt 45 faceboook')).toMatchObject({ ok: true, command: { form: 'mxh' } });
    expect(parse('tt 45 facebok')).toMatchObject({ ok: true, command: { form: 'mxh' } });
    expect(parse('tt 45 zaaloo')).toEqual({ ok: false, error: { code: 'no_form' } });
  });

  it('counts a swap of neighbouring letters as one typo', () => {
    expect(parse('tt 45 hop thanh nein')).toMatchObject({ ok: true, command: { groups: ['tn'] } });
  });
});

describe('notes', () => {
  it('keeps at most 200 characters of unknown words', () => {
    const words = Array.from({ length: 50 }, (_, i) => `chu${i}de`).join(' ');
    const result = parse(`tt 45 hop thon ${words}`);
    expect(result.ok).toBe(true);
    if (result.ok && result.command.kind === 'log') {
      expect(result.command.note.length).toBeLessThanOrEqual(200);
      expect(result.command.note.startsWith('chu0de chu1de')).toBe(true);
    }
  });

  it('does not split a surrogate pair when clipping', () => {
    const result = parse(`tt 45 hop ${'a'.repeat(199)}😀`);
    expect(result).toMatchObject({ ok: true, command: { note: 'a'.repeat(199) } });
  });
});

describe('vocabulary', () => {
  const vi = loadVocabulary('vi');
  const en = loadVocabulary('en');

  it.each(FORM_CODES)('reads every label of form %s back as that form', (code) => {
    for (const vocab of [vi, en]) {
      expect(parse(`tt 5 ${vocab.forms[code].label}`)).toMatchObject({ ok: true, command: { form: code } });
    }
  });

  it.each(GROUP_CODES)('reads every label of group %s back as that group', (code) => {
    for (const vocab of [vi, en]) {
      expect(parse(`tt 5 hop ${vocab.groups[code].label}`)).toMatchObject({ ok: true, command: { groups: [code] } });
    }
  });

  it.each(GROUP_CODES)('reads the code of group %s as that group', (code) => {
    expect(parse(`tt 5 hop ${code}`)).toMatchObject({ ok: true, command: { groups: [code] } });
  });

  it('refuses vocabularies that give one phrase two meanings', () => {
    const clash: Vocabulary = structuredClone(en);
    clash.commands['view']!.push('huy');
    expect(() => createParser([vi, clash])).toThrow(/Vocabulary clash: "huy" means cancel .* and view/);
  });

  it('accepts the same phrase for the same meaning in two vocabularies', () => {
    expect(() => createParser([vi, vi])).not.toThrow();
  });
});

describe('Telegram', () => {
  it('accepts a leading slash and the bot name on the first word', () => {
    expect(parse('/tt@Loa_Commune_Bot 45 hop thon')).toMatchObject({ ok: true, command: { kind: 'log', participants: 45 } });
    expect(parse('/xem@LoaBot')).toEqual({ ok: true, command: { kind: 'view' } });
  });

  it('reads an @ later in a log as the village named, not as a bot name', () => {
    expect(parse('tt 45 hop thon gui @Lan')).toMatchObject({ ok: true, command: { note: 'gui', placeName: 'Lan' } });
  });

  it('strips only a name that ends in "bot", as every Telegram bot name does', () => {
    expect(parse('TT@Dong 45 hop')).toMatchObject({ ok: true, command: { participants: 45, placeName: 'Dong' } });
  });
});

describe('log codes that look like a clock time', () => {
  // Codes mix letters and digits, so one can read as an hour (`9G37`: 9 giờ 37).
  it('when a collaborator texts HUY 9G37 or huy 9g37, the log with that code is cancelled, not a help reply', () => {
    expect(parse('HUY 9G37')).toEqual({ ok: true, command: { kind: 'cancel', code: '9G37' } });
    expect(parse('huy 9g37')).toEqual({ ok: true, command: { kind: 'cancel', code: '9G37' } });
    expect(parse('huy 2h45')).toEqual({ ok: true, command: { kind: 'cancel', code: '2H45' } });
  });

  it('when a collaborator texts SUA 9G37 50, the correction names that code', () => {
    expect(parse('SUA 9G37 50')).toMatchObject({ ok: true, command: { kind: 'correct', code: '9G37' } });
  });

  it('a clock time in a log body is still a time, never a participant count', () => {
    expect(parse('tt 45 hop thon 9h30')).toMatchObject({ ok: true, command: { kind: 'log', participants: 45 } });
  });
});
