import { storedLogs } from '../../support/stored';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { bothStores, smsInto } from '../../support/core-entry';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const stores = bothStores('loa_core');

describe.each(stores)('the core entry on %s', (_name, openStore) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ storage: await openStore() });
  });
  afterEach(async () => {
    await t.storage.close();
  });

  const { sms, send } = smsInto(() => t);
  const logs = () => storedLogs(t.storage);

  it('when a collaborator texts TT 45 hop thon, one session is stored for their village and the reply carries its code', async () => {
    const { reply, text } = await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    const stored = await logs();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ villageId: DEMO.villageDong, participants: 45, form: 'hop', groups: ['nd'], date: '2026-11-20', channel: 'sms' });
    expect(reply?.key).toBe('log.saved');
    expect(text).toBe(`Da ghi TT #${stored[0]!.code}: 45 nguoi, hop thon, nhan dan, Thon Dong, 20/11. 1 buoi thang 11. Sai? Nhan HUY ${stored[0]!.code}`);
  });

  it('when a collaborator texts TT 45 hop thon twice with the same MessageSid, one session is stored and both replies are the same', async () => {
    const first = await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon', 'SM-same');
    const second = await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon', 'SM-same');
    expect(await logs()).toHaveLength(1);
    expect(second.duplicate).toBe(true);
    expect(second.text).toBe(first.text);
  });

  it('when the same message id arrives five times at once, one session is stored', async () => {
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => send(DEMO.collaboratorDong.phone, 'TT 45 hop thon', 'SM-race')));
    expect(await logs()).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.text)).size).toBe(1);
  });

  it('when the same text is re-sent within 24 hours under a new id, the existing code is returned and nothing new is stored', async () => {
    const first = await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    t.clock.advance(2 * HOUR);
    const again = await send(DEMO.collaboratorDong.phone, 'tt 45 hop thon');
    const stored = await logs();
    expect(stored).toHaveLength(1);
    expect(again.reply).toEqual({ key: 'log.resent', values: { code: stored[0]!.code, village: 'Thôn Đông', date: '20/11' } });
    expect(first.reply?.key).toBe('log.saved');
  });

  it('a deliberate second session with the same content is stored when the sender says so (TT THEM)', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    const second = await send(DEMO.collaboratorDong.phone, 'TT THEM 45 hop thon');
    expect(second.reply?.key).toBe('log.saved');
    expect(await logs()).toHaveLength(2);
  });

  it('the same text 25 hours later is a new session', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon 19/11');
    t.clock.advance(25 * HOUR);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon 19/11')).reply?.key).toBe('log.saved');
    expect(await logs()).toHaveLength(2);
  });

  it('an unregistered number gets the polite reply once a day; nothing naming them is stored but a counter', async () => {
    const first = await send(DEMO.unregisteredPhone, 'TT 45 hop thon', 'SM-u1');
    const second = await send(DEMO.unregisteredPhone, 'TT 45 hop thon', 'SM-u2');
    t.clock.advance(DAY);
    const nextDay = await send(DEMO.unregisteredPhone, 'XEM', 'SM-u3');
    expect(first.reply?.key).toBe('unregistered');
    expect(second.reply).toBeNull();
    expect(nextDay.reply?.key).toBe('unregistered');
    expect(await logs()).toHaveLength(0);
    // Each message id is claimed (exactly once processing) but the claim holds neither the number nor the text.
    const claims = await Promise.all(['SM-u1', 'SM-u2', 'SM-u3'].map((id) => t.core.repos.inbound.get('sms', id)));
    expect(claims.map((c) => c?.state)).toEqual(['done', 'done', 'done']);
    expect(claims.every((c) => c?.personId === null && !JSON.stringify(c).includes('905999999') && !JSON.stringify(c).includes('hop thon'))).toBe(true);
    expect((await t.core.repos.counters.get(`unregistered:phone:${DEMO.unregisteredPhone}`))?.count).toBe(3);
  });

  it('each counter a text leaves expires: the rate limit’s with its minute, the unparsed-reply limit’s with its hour, an unregistered number’s a day after its last text', async () => {
    const counter = (id: string) => t.core.repos.counters.get(id);
    t.clock.advance(25_000); // 03:00:25 UTC, 10:00:25 in Vietnam
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    expect(await counter(`rate:phone:${DEMO.collaboratorDong.phone}:2026-11-20T03:00`)).toMatchObject({ count: 1, expiresAt: '2026-11-20T03:01:00.000Z' });
    await send(DEMO.collaboratorDong.phone, 'xyz');
    expect(await counter(`unparsed:${DEMO.collaboratorDong.id}:2026-11-20T03`)).toMatchObject({ count: 1, expiresAt: '2026-11-20T04:00:00.000Z' });
    await send(DEMO.unregisteredPhone, 'TT 45 hop thon');
    expect(await counter(`unregistered:phone:${DEMO.unregisteredPhone}`)).toMatchObject({ count: 1, expiresAt: '2026-11-21T03:00:25.000Z' });
    t.clock.advance(2 * HOUR);
    await send(DEMO.unregisteredPhone, 'XEM');
    expect(await counter(`unregistered:phone:${DEMO.unregisteredPhone}`)).toMatchObject({ count: 2, expiresAt: '2026-11-21T05:00:25.000Z' });
  });

  it('of 13 texts one sender sends at the same moment, 10 are answered, exactly one gets the over-the-limit notice and two get nothing', async () => {
    const outcomes = await Promise.all(Array.from({ length: 13 }, () => send(DEMO.collaboratorDong.phone, 'XEM')));
    const keys = outcomes.map((o) => o.reply?.key ?? null);
    expect(keys.filter((k) => k === 'rateLimited')).toHaveLength(1);
    expect(keys.filter((k) => k === null)).toHaveLength(2);
    expect(keys.filter((k) => k !== null && k !== 'rateLimited')).toHaveLength(10);
  });

  it('an unregistered number still gets one reply a day, and then nothing kept, while expired counters are deleted every hour', async () => {
    const hourlyPasses = async (hours: number) => {
      for (let i = 0; i < hours; i++) {
        t.clock.advance(HOUR);
        await t.core.repos.counters.deleteExpired(t.clock.now());
      }
    };
    expect((await send(DEMO.unregisteredPhone, 'TT 45 hop thon')).reply?.key).toBe('unregistered'); // Friday 10:00 in Vietnam
    await hourlyPasses(13); // 23:00 the same day
    expect((await send(DEMO.unregisteredPhone, 'XEM')).reply).toBeNull();
    await hourlyPasses(1); // Saturday 00:00
    expect((await send(DEMO.unregisteredPhone, 'XEM')).reply?.key).toBe('unregistered');
    await hourlyPasses(24); // the day after the last text, plus the pass's hour
    t.clock.advance(1);
    await t.core.repos.counters.deleteExpired(t.clock.now());
    expect(await t.core.repos.counters.get(`unregistered:phone:${DEMO.unregisteredPhone}`)).toBeNull();
    // Nothing left at all: a sweep at the end of time finds no counter to delete.
    expect(await t.core.repos.counters.deleteExpired(new Date('9999-01-01T00:00:00Z'))).toBe(0);
  });

  it('HUY cancels the sender’s last log, and HUY with a code cancels that one', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    t.clock.advance(60_000);
    await send(DEMO.collaboratorDong.phone, 'TT 30 loa');
    const [first, second] = await logs();
    const last = await send(DEMO.collaboratorDong.phone, 'HUY');
    expect(last.reply).toMatchObject({ key: 'cancel.done', values: { code: second!.code, monthCount: 1 } });
    const byCode = await send(DEMO.collaboratorDong.phone, `huy ${first!.code.toLowerCase()}`);
    expect(byCode.reply).toMatchObject({ key: 'cancel.done', values: { code: first!.code, monthCount: 0 } });
    expect((await logs()).every((l) => l.cancelledAt !== null)).toBe(true);
    expect((await send(DEMO.collaboratorDong.phone, `HUY ${first!.code}`)).reply?.key).toBe('cancel.already_cancelled');
  });

  it('a collaborator cannot cancel or correct another village’s log', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    const [log] = await logs();
    expect((await send(DEMO.collaboratorTay.phone, `HUY ${log!.code}`)).reply?.key).toBe('cancel.not_found');
    expect((await send(DEMO.collaboratorTay.phone, `SUA ${log!.code} 50`)).reply?.key).toBe('correct.not_found');
    expect((await logs())[0]).toMatchObject({ participants: 45, cancelledAt: null });
  });

  it('a log older than the edit window can no longer be cancelled', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    t.clock.advance(8 * DAY);
    const [log] = await logs();
    expect((await send(DEMO.collaboratorDong.phone, `HUY ${log!.code}`)).reply).toEqual({ key: 'cancel.too_late', values: { code: log!.code, days: 7 } });
  });

  it('SUA changes only the fields given and recomputes the period keys when the date moves', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    const [log] = await logs();
    await send(DEMO.collaboratorDong.phone, `SUA ${log!.code} 50`);
    await send(DEMO.collaboratorDong.phone, `SUA ${log!.code} loa`);
    const fixed = await send(DEMO.collaboratorDong.phone, `SUA ${log!.code} 10/11`);
    const [edited] = await logs();
    expect(edited).toMatchObject({ participants: 50, form: 'loa', date: '2026-11-10', periods: { week: '2026-W46', month: '2026-11' } });
    expect(edited!.editedAt).not.toBeNull();
    expect(fixed.text).toBe(`Da sua #${log!.code}: ngay: 20/11 -> 10/11.`);
  });

  it('XEM tells a collaborator their village’s sessions this month and this year', async () => {
    expect((await send(DEMO.collaboratorDong.phone, 'XEM')).reply?.key).toBe('view.quiet');
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    await send(DEMO.collaboratorDong.phone, 'TT 20 loa 12/11');
    const view = await send(DEMO.collaboratorDong.phone, 'xem');
    expect(view.reply).toEqual({
      key: 'view.covered',
      values: { village: 'Thôn Đông', month: '11', year: '2026', monthCount: 2, monthPeople: 65, yearCount: 2, yearPeople: 65 },
    });
  });

  it('two bare numbers get a question back, not a guess', async () => {
    const { reply, text } = await send(DEMO.collaboratorDong.phone, 'TT 12 45 hop thon');
    expect(reply).toEqual({ key: 'error.two_numbers', values: { numbers1: 12, numbers2: 45 } });
    expect(text).toContain('12');
    expect(await logs()).toHaveLength(0);
  });

  it('a future date is refused with the reason', async () => {
    const { reply } = await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon 25/11');
    expect(reply).toEqual({ key: 'error.future_date', values: { date: '25/11' } });
  });

  it('unparseable texts get the help reply at most three times per hour, then one notice', async () => {
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push((await send(DEMO.collaboratorDong.phone, 'xin chao')).reply?.key ?? null);
    expect(replies).toEqual(['help.collaborator', 'help.collaborator', 'help.collaborator', 'unparsed.quiet', null]);
    t.clock.advance(HOUR);
    expect((await send(DEMO.collaboratorDong.phone, 'xin chao')).reply?.key).toBe('help.collaborator');
  });

  it('an officer logging without naming a village is asked which one, and a collaborator cannot use officer commands', async () => {
    expect((await send(DEMO.officer.phone, 'TT 45 hop thon')).reply?.key).toBe('log.need_village');
    expect((await send(DEMO.collaboratorDong.phone, 'TONGHOP')).reply?.key).toBe('officer.only');
    expect(await logs()).toHaveLength(0);
  });

  it('a collaborator whose language is English gets English replies', async () => {
    const { text } = await send(DEMO.collaboratorEnglish.phone, 'TT 30 loa');
    expect(text).toMatch(/^Logged #[A-Z0-9]{4}: 30 people, loudspeaker/);
  });

  it('TAT NHAC turns reminders off and BAT NHAC turns them back on', async () => {
    expect((await send(DEMO.collaboratorDong.phone, 'TAT NHAC')).reply?.key).toBe('reminders.off');
    expect((await t.core.repos.people.get(DEMO.collaboratorDong.id))?.remindersOff).toBe(true);
    expect((await send(DEMO.collaboratorDong.phone, 'BAT NHAC')).reply?.key).toBe('reminders.on');
    expect((await t.core.repos.people.get(DEMO.collaboratorDong.id))?.remindersOff).toBe(false);
  });

  it('a log without a group takes the form’s natural audience: school → students, training → staff, else the public', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 120 truong');
    await send(DEMO.collaboratorDong.phone, 'TT 15 tap huan');
    await send(DEMO.collaboratorDong.phone, 'TT 40 loa');
    expect((await logs()).map((l) => [l.form, l.groups])).toEqual([
      ['truong', ['hs']],
      ['taphuan', ['cb']],
      ['loa', ['nd']],
    ]);
  });

  it('the channel a person last wrote from is remembered for outbound messages', async () => {
    await send(DEMO.collaboratorDong.phone, 'XEM');
    expect((await t.core.repos.people.get(DEMO.collaboratorDong.id))?.lastChannel).toBe('sms');
  });
});
