import { CODE_DIGITS, CODE_LETTERS, isIssuableCode, newShortCode } from '../../../core/usecases/short-code';
import { createParser } from '../../../app/commands';
import { loadVocabulary } from '../../../core/language/vocabulary';

/**
 * A collaborator cancels or corrects a log by the code Loa gave them
 * (`HUY A7K2`, `SUA A7K2 50`). A code that the language reads as something
 * else can never be used: `THU2` (thứ 2, Monday) was one of them, handed out
 * like any other. Every code the generator may issue is read back here.
 */
describe('confirmation codes', () => {
  const parser = createParser([loadVocabulary('vi'), loadVocabulary('en')]);
  const ctx = { receivedAt: new Date('2026-11-20T03:00:00Z'), timeZone: 'Asia/Ho_Chi_Minh', maxAgeDays: 14 };
  const alphabet = CODE_LETTERS + CODE_DIGITS;

  function* everyIssuableCode(): Generator<string> {
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) for (const d of alphabet) {
      const code = a + b + c + d;
      if (isIssuableCode(code)) yield code;
    }
  }

  it('are each read back as that code by HUY and by SUA, for every code that can be issued', () => {
    const unreadable: string[] = [];
    let issuable = 0;
    for (const code of everyIssuableCode()) {
      issuable++;
      const cancel = parser.parse(`HUY ${code}`, ctx);
      const correct = parser.parse(`SUA ${code} 50`, ctx);
      const readBack = (r: typeof cancel) => r.ok && 'code' in r.command && String(r.command.code).toUpperCase() === code;
      if (!readBack(cancel) || !readBack(correct)) unreadable.push(code);
    }
    expect(issuable).toBeGreaterThan(290_000);
    expect(unreadable).toEqual([]);
  }, 120_000);

  it('are never a weekday word such as THU2, and always hold a digit', () => {
    expect(['THU2', 'THU3', 'THU4', 'THU6', 'THU7'].filter(isIssuableCode)).toEqual([]);
    expect(isIssuableCode('THUA')).toBe(false);
    expect(isIssuableCode('TH2U')).toBe(true);
    for (let i = 0; i < 2000; i++) expect(isIssuableCode(newShortCode())).toBe(true);
  });
});
