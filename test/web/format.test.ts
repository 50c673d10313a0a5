import { dayText, monthText, sortByName } from '../../web/format';

describe('how the web pages write dates and order names', () => {
  it('writes a day as dd/mm/yyyy and a month as mm/yyyy', () => {
    expect(dayText('2026-12-06')).toBe('06/12/2026');
    expect(dayText('2026-08-20T03:00:00.000Z')).toBe('20/08/2026');
    expect(monthText('2026-01')).toBe('01/2026');
  });

  it('orders names the Vietnamese way: Đông after Dương, Tây before Trung', () => {
    const names = ['Thôn Trung', 'Thôn Tây', 'Thôn Đông', 'Thôn Dương', 'Thôn Ấp Mới', 'Thôn An'];
    expect(sortByName(names, (n) => n)).toEqual(['Thôn An', 'Thôn Ấp Mới', 'Thôn Dương', 'Thôn Đông', 'Thôn Tây', 'Thôn Trung']);
  });
});
