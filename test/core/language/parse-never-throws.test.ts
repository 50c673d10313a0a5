import fc from 'fast-check';
import { WEEKDAYS, type ParseContext, type ParseResult } from '../../../core/language/commands';
import { MAX_PARTICIPANTS } from '../../../core/domain/session-log';
import { CORPUS, CORPUS_CONTEXT } from './corpus';
import { shippedParser } from './shared-parser';

const parser = shippedParser();
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The result is one of the two shapes, and a command never carries an impossible value. */
function assertWellFormed(result: ParseResult): void {
  if (!result.ok) {
    expect(typeof result.error.code).toBe('string');
    return;
  }
  const command = result.command;
  if (command.kind === 'log') {
    expect(Number.isInteger(command.participants)).toBe(true);
    expect(command.participants).toBeGreaterThanOrEqual(1);
    expect(command.participants).toBeLessThanOrEqual(MAX_PARTICIPANTS);
    expect(command.date).toMatch(ISO_DATE);
    expect(command.note.length).toBeLessThanOrEqual(200);
    if (command.participantsByGroup !== undefined) {
      const shares = Object.values(command.participantsByGroup);
      expect(shares.length).toBeGreaterThanOrEqual(2);
      expect(shares.reduce((sum, n) => sum + n, 0)).toBe(command.participants);
      expect(Object.keys(command.participantsByGroup).every((g) => (command.groups as string[]).includes(g))).toBe(true);
    }
    if (command.dateWord !== undefined) {
      const weekday = new Date(`${command.date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
      expect(WEEKDAYS[(weekday + 6) % 7]).toBe(command.dateWord);
    }
    if (command.placeName !== undefined) expect(command.placeName.length).toBeGreaterThan(0);
  }
  if (command.kind === 'correct') expect(Object.keys(command.changes).length).toBeGreaterThan(0);
}

const realTokens = [
  ...new Set(CORPUS.flatMap(([text]) => text.split(/\s+/))),
  'tt', 'TT2', '/tt@LoaBot', 'HUY', 'SUA', '#A7K2', '45', '0', '99999999999999999999', '31/02', '20/11/2026',
  '1.200', '8h30', '45ng', '?', 'hom qua', 'ngay', '@', '#', '/', '-', '.', '\u0301', '\ud800',
  '30 tn', '20pn', 'thu 7', 'CN', 'tuan truoc', '@Dong', '@thon', '-5', '5O', '3 buoi', '\u200d', '\ufeff', 'hoop',
];

const contexts = fc.record<ParseContext>({
  receivedAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  timeZone: fc.constantFrom('Asia/Ho_Chi_Minh', 'UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'),
  maxAgeDays: fc.integer({ min: 0, max: 400 }),
});

// fast-check keeps strings short unless asked: `size` spreads lengths up to the full 10,000.
const anyUnicode = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 10_000, size: 'max' }),
  fc.string({ unit: 'grapheme', maxLength: 10_000, size: 'large' }),
  fc.string({ unit: 'grapheme', maxLength: 10_000 }),
);

describe('parse on any input', () => {
  it('never throws and always returns a well-formed result for random Unicode up to 10,000 characters, after a command word or not', () => {
    fc.assert(
      fc.property(fc.constantFrom('', 'TT ', 'tt 45 hop ', 'SUA A7K2 ', 'HUY ', 'tonghop '), anyUnicode, contexts, (head, tail, ctx) => {
        assertWellFormed(parser.parse(head + tail, ctx));
      }),
      { numRuns: 1_000 },
    );
  });

  it('never throws on mixtures of real message words, separators and noise', () => {
    const piece = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...realTokens) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map(String) },
    );
    const separator = fc.constantFrom(' ', '  ', ',', ';', '.', ':', '-', '/', '\n', '');
    const message = fc
      .array(fc.tuple(piece, separator), { maxLength: 400, size: 'large' })
      .map((parts) => parts.flat().join(''));
    fc.assert(
      fc.property(message, contexts, (text, ctx) => {
        assertWellFormed(parser.parse(text, ctx));
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads a split by group in any order, with or without the total, as exactly the shares typed', () => {
    const groupWords = { tn: 'thanh nien', pn: 'phu nu', hs: 'hs', cb: 'can bo', ncc: 'ncc' } as const;
    const shares = fc.uniqueArray(fc.tuple(fc.constantFrom(...(Object.keys(groupWords) as Array<keyof typeof groupWords>)), fc.integer({ min: 1, max: 500 })), {
      minLength: 2,
      maxLength: 4,
      selector: ([group]) => group,
    });
    fc.assert(
      fc.property(shares, fc.boolean(), fc.nat(), (split, withTotal, seed) => {
        const sum = split.reduce((total, [, n]) => total + n, 0);
        const parts = [...split.map(([group, n]) => `${n} ${groupWords[group]}`), 'hop', ...(withTotal ? [`${sum}`] : [])];
        const order = parts.map((part, i) => ({ part, key: (seed * (i + 5)) % 11 })).sort((a, b) => a.key - b.key);
        const result = parser.parse(`TT ${order.map((o) => o.part).join(' ')}`, CORPUS_CONTEXT);
        expect(result).toMatchObject({ ok: true, command: { participants: sum, participantsByGroup: Object.fromEntries(split) } });
      }),
      { numRuns: 500 },
    );
  });

  it('reads a log with the count, form, group and date in any order', () => {
    const parts = fc.tuple(
      fc.integer({ min: 1, max: MAX_PARTICIPANTS }),
      fc.constantFrom(['hop thon', 'hop'], ['loa truyen thanh', 'loa'], ['to roi', 'toroi'], ['zalo', 'mxh']),
      fc.constantFrom(['thanh nien', 'tn'], ['phu nu', 'pn'], ['hs', 'hs'], ['cong nhan kcn', 'kcn']),
      fc.constantFrom(['hom qua', '2026-11-19'], ['18/11', '2026-11-18'], ['hôm nay', '2026-11-20']),
    );
    fc.assert(
      fc.property(parts, fc.nat(), ([count, [formText, form], [groupText, group], [dateText, date]], seed) => {
        const words = [`${count}`, formText, groupText, dateText];
        // A fixed shuffle from the seed, so a failure replays exactly.
        const order = words.map((word, i) => ({ word, key: (seed * (i + 7)) % 13 })).sort((a, b) => a.key - b.key);
        const text = `TT ${order.map((o) => o.word).join(' ')}`;
        expect(parser.parse(text, CORPUS_CONTEXT)).toEqual({
          ok: true,
          command: { kind: 'log', participants: count, form, groups: [group], date, note: '', again: false },
        });
      }),
      { numRuns: 500 },
    );
  });
});
