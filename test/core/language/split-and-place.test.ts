import { CORPUS_CONTEXT } from './corpus';
import { shippedParser } from './shared-parser';

/** Issue 11, parser side: a split of the participants by group, and an officer's `@village`. */
const parser = shippedParser();
const parse = (text: string) => parser.parse(text, CORPUS_CONTEXT);

describe('participants split by group', () => {
  it('binds each number to the group right after it and checks the total', () => {
    expect(parse('TT 50 hop thon 30 tn 20 pn')).toMatchObject({
      ok: true,
      command: { participants: 50, groups: ['tn', 'pn'], participantsByGroup: { tn: 30, pn: 20 } },
    });
  });

  it('takes the sum as the total when no bare number is given', () => {
    expect(parse('tt hop 12 tn 9 pn 4 hs')).toMatchObject({
      ok: true,
      command: { participants: 25, groups: ['tn', 'pn', 'hs'], participantsByGroup: { tn: 12, pn: 9, hs: 4 } },
    });
  });

  it('asks when the split does not add up to the total', () => {
    expect(parse('tt 50 hop 30 tn 10 pn')).toEqual({ ok: false, error: { code: 'split_mismatch', participants: 50, sum: 40 } });
  });

  it('asks when a named group has no number in a split', () => {
    expect(parse('tt 50 hop 30 tn 20 pn hs')).toEqual({ ok: false, error: { code: 'group_without_count', text: 'hs' } });
  });

  it('keeps the bare form: one count and its groups, no split', () => {
    const result = parse('tt 30 hop thon thanh nien phu nu');
    expect(result).toMatchObject({ ok: true, command: { participants: 30, groups: ['tn', 'pn'] } });
    expect(result.ok && result.command.kind === 'log' && 'participantsByGroup' in result.command).toBe(false);
  });

  it('reads one number before one group as the count, not as a split', () => {
    const result = parse('tt 30 hs truong');
    expect(result).toMatchObject({ ok: true, command: { participants: 30, groups: ['hs'] } });
    expect(result.ok && result.command.kind === 'log' && 'participantsByGroup' in result.command).toBe(false);
  });

  it('still refuses two counts with no group bound to them', () => {
    expect(parse('tt 45 30 hop thon')).toEqual({ ok: false, error: { code: 'two_numbers', numbers: [45, 30] } });
  });

  it('keeps a hamlet number as a name when it is the only number', () => {
    expect(parse('hop xom 2 thanh nien')).toMatchObject({ ok: false, error: { code: 'unknown' } });
    expect(parse('tt hop xom 2 thanh nien 45')).toMatchObject({ ok: false });
  });

  it('asks about a number after a place word and before a group when another count is given (tt 45 nguoi hop thon 20 tn): a share or a name, Loa cannot tell', () => {
    expect(parse('tt 45 nguoi hop thon 20 tn')).toEqual({ ok: false, error: { code: 'split_mismatch', participants: 45, sum: 20 } });
    expect(parse('tt 45 hop xom 2 thanh nien')).toEqual({ ok: false, error: { code: 'split_mismatch', participants: 45, sum: 2 } });
  });

  it('reads a number after a place word as a share when it adds up with the others (hop thon 30 tn 20 pn)', () => {
    expect(parse('tt 50 hop thon 30 tn 20 pn')).toMatchObject({ ok: true, command: { participants: 50, participantsByGroup: { tn: 30, pn: 20 } } });
  });

  it('never reads a group out of a free sentence, but a number still binds one (rat, co, ca beside it)', () => {
    expect(parse('tt 45 hop thon nguoi dan rat dong, co ca can bo xa den du')).toMatchObject({ ok: true, command: { groups: [], note: 'nguoi dan rat dong co ca can bo xa den du' } });
    expect(parse('tt 45 hop thon thanh nien chu de ma tuy')).toMatchObject({ ok: true, command: { groups: ['tn'], note: 'chu de ma tuy' } });
    expect(parse('tt hop thon 30 tn rat dong 15 pn')).toMatchObject({ ok: true, command: { participants: 45, participantsByGroup: { tn: 30, pn: 15 } } });
  });

  it('carries a new split in a correction', () => {
    expect(parse('SUA A7K2 30 tn 20 pn')).toEqual({
      ok: true,
      command: {
        kind: 'correct',
        code: 'A7K2',
        changes: { participants: 50, participantsByGroup: { tn: 30, pn: 20 }, groups: ['tn', 'pn'] },
      },
    });
  });
});

describe('an officer names the village with @', () => {
  it('gives the raw name after @ and reads the rest as a log', () => {
    expect(parse('TT @Dong 45 hop 20/11')).toEqual({
      ok: true,
      command: { kind: 'log', participants: 45, form: 'hop', groups: [], date: '2026-11-20', note: '', again: false, placeName: 'Dong' },
    });
  });

  it('keeps hop thon a form when the village is named', () => {
    expect(parse('tt 45 hop thon @Dong')).toMatchObject({ ok: true, command: { form: 'hop', note: '', placeName: 'Dong' } });
  });

  it('reads a name typed with spaces whole, up to a number, date or known word, so it is never cut to a shorter village name', () => {
    expect(parse('tt @dong phong 45 hop')).toMatchObject({ ok: true, command: { participants: 45, placeName: 'dong phong' } });
    expect(parse('tt 45 hop @Dong Phong thanh nien')).toMatchObject({ ok: true, command: { groups: ['tn'], placeName: 'Dong Phong' } });
  });

  it('takes the word after a place word, for villages named by a number', () => {
    expect(parse('tt @thon 3 45 hop')).toMatchObject({ ok: true, command: { participants: 45, placeName: 'thon 3' } });
  });

  it('refuses two villages in one log', () => {
    expect(parse('TT @Dong @Tay 45 hop')).toEqual({ ok: false, error: { code: 'two_places', names: ['Dong', 'Tay'] } });
  });

  it('changes nothing for cancel and correct, whose code names the log', () => {
    expect(parse('HUY @A7K2')).toEqual({ ok: true, command: { kind: 'cancel', code: 'A7K2' } });
    expect(parse('SUA A7K2 @Dong')).toEqual({ ok: true, command: { kind: 'correct', code: 'A7K2', changes: { note: 'Dong' } } });
  });
});
