/**
 * Issue 21, observation 9 (what was left): commune and district names after `@`
 * are resolved as village names are. `XEM @Ba Dinh`, `TONGHOP @Ba Tơ`,
 * `CHUA @Ba Dinh` get that place, inside the sender's own area only (the access
 * policy decides); outside it the reply is the one a name that is nowhere gets.
 * Everything goes through a real door (SMS), the parser and the command table.
 */
import type { Person } from '../../../core/domain/people';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { createTestCore, type TestCore } from '../../support/test-core';
import { Fixture, vn } from '../indicators/fixtures';
import { STORES } from './stores';

describe.each(STORES)('places named after @ by officers and admins, on %s', (_name, openStore) => {
  let store: OpenStorage;
  let t: TestCore;
  let seq = 0;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  async function send(person: Person, text: string): Promise<string> {
    seq += 1;
    const outcome = await t.core.handleInbound({ channel: 'sms', channelMessageId: `at-${seq}`, sender: { kind: 'phone', phone: person.phone! }, text, receivedAt: t.clock.now() });
    return t.core.render(outcome.reply!, outcome.lng, 'sms');
  }

  /**
   * Huyện Ba Tơ: Xã Ba Dinh (Thôn Làng Mạ, Thôn Gò Da), Xã Ba Tô (Thôn Gò Rộc).
   * Huyện Minh Long beside it: Xã Long Hiệp (Thôn Ruộng Gò). Asked on 20/11/2026.
   * November: Làng Mạ 30 + 20, Gò Rộc 15, Ruộng Gò 40.
   */
  async function world() {
    const f = new Fixture('at');
    const batoDistrict = f.place('ba-to', 'district', null, 'Huyện Ba Tơ');
    const baDinh = f.place('ba-to.ba-dinh', 'commune', batoDistrict, 'Xã Ba Dinh');
    const baTo = f.place('ba-to.ba-to', 'commune', batoDistrict, 'Xã Ba Tô');
    const langMa = f.place('ba-to.ba-dinh.lang-ma', 'village', baDinh, 'Thôn Làng Mạ');
    f.place('ba-to.ba-dinh.go-da', 'village', baDinh, 'Thôn Gò Da');
    const goRoc = f.place('ba-to.ba-to.go-roc', 'village', baTo, 'Thôn Gò Rộc');
    const minhLong = f.place('minh-long', 'district', null, 'Huyện Minh Long');
    const longHiep = f.place('minh-long.long-hiep', 'commune', minhLong, 'Xã Long Hiệp');
    const ruongGo = f.place('minh-long.long-hiep.ruong-go', 'village', longHiep, 'Thôn Ruộng Gò');
    const admin = f.person('admin-bt', 'admin', batoDistrict, { phone: '+84905000801' });
    const officer = f.person('cb-ba-dinh', 'officer', baDinh, { phone: '+84905000802' });
    f.log(langMa, '2026-11-05', { participants: 30 });
    f.log(langMa, '2026-11-12', { participants: 20 });
    f.log(goRoc, '2026-11-06', { participants: 15 });
    f.log(ruongGo, '2026-11-07', { participants: 40 });
    await f.insert(store);
    t = await createTestCore({ storage: store, now: vn('2026-11-20', 10) });
    return { admin, officer };
  }

  it('answers a district admin’s XEM @Ba Dinh for that commune: 2 sessions, 1 of 2 villages', async () => {
    const { admin } = await world();
    expect(await send(admin, 'XEM @Ba Dinh')).toBe('Xa Ba Dinh: thang 11: 2 buoi, 1/2 thon co buoi; nam 2026: 2 buoi, 1/2 thon.');
  });

  it('answers TONGHOP @Ba Tơ (accented) for the district and TONGHOP @Huyen Ba To too; TONGHOP @Ba To is asked to be made precise', async () => {
    const { admin } = await world();
    // The district in November: 3 sessions (Làng Mạ 2, Gò Rộc 1), 65 attendances; Minh Long is not in it.
    const accented = await send(admin, 'TONGHOP @Ba Tơ THANG');
    expect(accented).toMatch(/^Huyen Ba To thang 11\/2026.*3 buoi/);
    expect(await send(admin, 'TONGHOP @Huyen Ba To THANG')).toBe(accented);
    expect(await send(admin, 'TONGHOP @Ba To THANG')).toBe('"Ba To" trung nhieu noi: Huyen Ba To, Xa Ba To. Viet ro hon, VD: TONGHOP @Huyen Ba To');
  });

  it('answers a commune TONGHOP @Xa Ba To THANG 11 with that commune’s own figures: 1 session, 15 attendances', async () => {
    const { admin } = await world();
    expect(await send(admin, 'TONGHOP @Xa Ba To THANG 11')).toBe('Xa Ba To thang 11/2026: 1 buoi, 15 luot nguoi. Thon co buoi thang 11: 1/1, chua: khong co');
  });

  it('lets a commune officer CHUA @Ba Dinh their own commune, and refuses a commune or district outside their area as if it did not exist', async () => {
    const { officer } = await world();
    expect(await send(officer, 'CHUA @Ba Dinh')).toContain('Thon chua co buoi 01/11-20/11/2026: 1/2: Thon Go Da');
    const nowhere = await send(officer, 'CHUA @Hoang Sa');
    expect(nowhere).toBe('Khong co "Hoang Sa" trong Xa Ba Dinh. Viet dung ten thon, xa, huyen sau @, VD: TONGHOP @Thon Go Da');
    // Xã Ba Tô, Huyện Ba Tơ and Xã Long Hiệp exist; the answer is the nowhere answer with the name typed.
    for (const name of ['Ba To', 'Huyen Ba To', 'Long Hiep', 'Huyen Minh Long']) {
      expect(await send(officer, `CHUA @${name}`)).toBe(nowhere.replace('Hoang Sa', name));
    }
  });

  it('refuses a district admin another district’s commune (CHITIEU @Long Hiep) exactly as a name that is nowhere', async () => {
    const { admin } = await world();
    expect(await send(admin, 'CHITIEU @Long Hiep')).toBe('Khong co "Long Hiep" trong Huyen Ba To. Viet dung ten thon, xa, huyen sau @, VD: TONGHOP @Xa Ba Dinh');
    expect(await send(admin, 'CHITIEU @Khong Co')).toBe('Khong co "Khong Co" trong Huyen Ba To. Viet dung ten thon, xa, huyen sau @, VD: TONGHOP @Xa Ba Dinh');
  });
});
