import { createI18n } from '../../core/i18n/i18n';
import { createTexts } from '../../core/wording/texts';
import { reachText } from '../../web/roster-routes';

describe('how the roster page says a person is reached', () => {
  const texts = createTexts(createI18n(), 'vi');

  it('names a chat door added later by its name when it is on and the person has an account there', () => {
    expect(reachText(texts, ['sms', 'signal'], ['sms', 'signal'])).toBe(`${texts.t('web:roster.doors.sms')}, Signal`);
  });

  it('leaves out an account whose door is off, and says when no door reaches the person', () => {
    expect(reachText(texts, ['signal'], ['sms'])).toBe(texts.t('web:roster.unreachable'));
    expect(reachText(texts, ['zalo', 'signal'], ['zalo'])).toBe(texts.t('web:roster.doors.zalo'));
  });
});
