/**
 * Issue 11: the admin roll-up adds the district tier. A province with two
 * districts and three communes, November 2026, figures by hand below.
 *
 *   Huyện Một: Xã A (3 villages: A1, A2 held a session; A3 none), Xã B (2 villages, none).
 *   Huyện Hai: Xã C (4 villages, all held one; C1 twice).
 */
import { createI18n } from '../../../core/i18n/i18n';
import { onStore } from '../../../tools/harness/on-store';
import { renderReply } from '../../../core/i18n/render';
import { fitsOneGsm7Segment } from '../../../core/i18n/gsm7';
import type { OfficerCommand } from '../../../core/commands/officer-commands';
import { isStaff } from '../../../core/domain/people';
import { createOfficerCommands } from '../../../core/commands/officer-commands';
import type { Person } from '../../../core/domain/people';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { STORES } from './stores';

const i18n = createI18n();

describe.each(STORES)('the admin roll-up with districts, on %s', (_name, openStore) => {
  let store: OpenStorage;
  let admin: Person;
  let districtAdmin: Person;
  beforeEach(async () => {
    store = await openStore();
    const f = new Fixture('rd');
    const province = f.place('tinh', 'province', null, 'Tỉnh Thử');
    const d1 = f.place('tinh.mot', 'district', province, 'Huyện Một');
    const d2 = f.place('tinh.hai', 'district', province, 'Huyện Hai');
    const a = f.place('tinh.mot.a', 'commune', d1, 'Xã A');
    const b = f.place('tinh.mot.b', 'commune', d1, 'Xã B');
    const c = f.place('tinh.hai.c', 'commune', d2, 'Xã C');
    const [a1, a2] = [1, 2, 3].map((i) => f.place(`tinh.mot.a.${i}`, 'village', a, `Thôn A${i}`));
    [1, 2].forEach((i) => f.place(`tinh.mot.b.${i}`, 'village', b, `Thôn B${i}`));
    const cs = [1, 2, 3, 4].map((i) => f.place(`tinh.hai.c.${i}`, 'village', c, `Thôn C${i}`));
    admin = f.person('admin-tinh', 'admin', province, { phone: '+84905000901' });
    districtAdmin = f.person('admin-mot', 'admin', d1, { phone: '+84905000902' });
    f.log(a1!, '2026-11-03');
    f.log(a2!, '2026-11-05');
    cs.forEach((v) => f.log(v, '2026-11-10'));
    f.log(cs[0]!, '2026-11-12');
    await f.insert(store);
  });
  afterEach(async () => {
    await store.close();
  });

  const ask = (person: Person, channel: 'telegram' | 'sms' = 'telegram') => {
    if (!isStaff(person)) throw new Error(`${person._id} is not an officer or admin`);
    return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() }).handle({ kind: 'summary', period: { kind: 'month' } } as OfficerCommand, person, { channel, now: vn('2026-11-20', 10) });
  };

  it('a province admin sees each district with its communes and villages covered, then the communes furthest behind first', async () => {
    const text = renderReply(i18n, await ask(admin), 'vi', 'full');
    // Sessions: A 2 + C 5 = 7, 20 people each = 140; communes with a session: A, C of 3; villages 2 + 0 + 4 = 6 of 9.
    expect(text.split('\n')).toEqual([
      'Tổng hợp Tỉnh Thử – tháng 11/2026 (01/11–20/11)',
      'Số buổi tuyên truyền: 7, số lượt người tham dự: 140',
      'Xã có buổi trong tháng 11: 2/3',
      'Thôn có buổi trong tháng 11: 6/9',
      'Huyện Hai: 1 xã, 4/4 thôn có buổi',
      'Huyện Một: 2 xã, 2/5 thôn có buổi', // A 2/3 + B 0/2
      'Các xã, xếp theo thôn có buổi trong tháng 11 (ít nhất trước):',
      '1. Xã B: 0/2 thôn có buổi (0%), 0 buổi',
      '2. Xã A: 2/3 thôn có buổi (67%), 2 buổi',
      '3. Xã C: 4/4 thôn có buổi (100%), 5 buổi',
    ]);
    const sms = renderReply(i18n, await ask(admin, 'sms'), 'vi', 'sms');
    expect(sms).toContain('Thap nhat (thon co buoi): Xa B 0%, Xa A 67%, Xa C 100%');
    expect(fitsOneGsm7Segment(sms)).toBe(true);
  });

  it('a district admin sees only their own district and its communes', async () => {
    const text = renderReply(i18n, await ask(districtAdmin), 'vi', 'full');
    expect(text).toContain('Số buổi tuyên truyền: 2, số lượt người tham dự: 40');
    expect(text).toContain('Huyện Một: 2 xã, 2/5 thôn có buổi');
    expect(text).not.toMatch(/Huyện Hai|Xã C/);
  });
});
