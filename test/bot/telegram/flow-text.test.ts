import { FORM_CODES, GROUP_CODES } from '../../../core/domain/vocabulary-codes';
import { buildLogText, daysBefore } from '../../../bot/telegram/flow/flow-text';
import { createTestCore } from '../../support/test-core';

describe('the text a guided log stands for', () => {
  it('parses back to the same form, groups, count and date for every form with no, one or two groups', async () => {
    const { core, clock } = await createTestCore();
    const context = { receivedAt: clock.now(), timeZone: core.settings.timeZone, maxAgeDays: core.settings.maxLogAgeDays };
    const groupSets = [[], ...GROUP_CODES.map((g) => [g]), ...GROUP_CODES.flatMap((a, i) => GROUP_CODES.slice(i + 1).map((b) => [a, b]))];
    const mismatches: string[] = [];
    for (const form of FORM_CODES) {
      for (const groups of groupSets) {
        const text = buildLogText({ participants: 45, form, groups, date: '2026-11-19' });
        const parsed = core.parser.parse(text, context);
        const ok =
          parsed.ok &&
          parsed.command.kind === 'log' &&
          parsed.command.participants === 45 &&
          parsed.command.form === form &&
          parsed.command.date === '2026-11-19' &&
          parsed.command.note === '' &&
          [...parsed.command.groups].sort().join() === [...groups].sort().join();
        if (!ok) mismatches.push(`${text} → ${JSON.stringify(parsed)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('counts days back on the calendar, across month and year ends', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2027-01-01', 2)).toBe('2026-12-30');
  });
});
