import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';

describe('vocabulary codes in reply values', () => {
  const i18n = createI18n();

  it('renders the weekday a log was dated with in the recipient language, without diacritics by SMS', () => {
    i18n.addResource('vi', 'translation', 'test.weekday', 'Ngày {{dateWordLabel}} {{date}}');
    i18n.addResource('en', 'translation', 'test.weekday', 'On {{dateWordLabel}} {{date}}');
    const reply = { key: 'test.weekday', values: { dateWord: 'saturday', date: '14/11' } };
    expect(renderReply(i18n, reply, 'vi', 'full')).toBe('Ngày thứ 7 14/11');
    expect(renderReply(i18n, reply, 'vi', 'sms')).toBe('Ngay thu 7 14/11');
    expect(renderReply(i18n, reply, 'en', 'sms')).toBe('On Saturday 14/11');
    expect(renderReply(i18n, { ...reply, values: { dateWord: 'sunday', date: '15/11' } }, 'vi', 'full')).toBe('Ngày chủ nhật 15/11');
  });
});
