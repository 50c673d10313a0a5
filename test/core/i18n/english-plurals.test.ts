import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';

const i18n = createI18n();
const saved = (monthCount: number) => ({
  key: 'log.saved',
  values: { code: '7K2', participants: 30, form: 'hop', groups: ['nd'], village: 'Moi', date: '20/11', month: '11', monthCount, note: '' },
});

describe('English replies count in English', () => {
  it('says "1 session" and "2 sessions", never "1 sessions" or "1 this month"', () => {
    expect(renderReply(i18n, saved(1), 'en', 'full')).toContain('Moi: 1 session in month 11.');
    expect(renderReply(i18n, saved(2), 'en', 'full')).toContain('Moi: 2 sessions in month 11.');
    expect(renderReply(i18n, saved(1), 'en', 'sms')).toContain('. 1 session this month.');
    expect(renderReply(i18n, { key: 'cancel.done', values: { code: '7K2', date: '20/11', village: 'Moi', month: '11', monthCount: 1 } }, 'en', 'full')).toContain('Moi: 1 session left in month 11.');
    const view = renderReply(i18n, { key: 'view.quiet', values: { village: 'Moi', month: '11', year: 2026, yearCount: 1, yearPeople: 30 } }, 'en', 'full');
    expect(view).toContain('2026: 1 session, 30 attendances.');
  });

  it('leaves Vietnamese as it was: a number before "buổi" does not change the word', () => {
    expect(renderReply(i18n, saved(1), 'vi', 'full')).not.toContain('$t(');
  });
});
