import { liveLogs } from '../../support/stored';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { bothStores, smsInto } from '../../support/core-entry';

/**
 * The parser reads a split by group and a weekday; these prove the use case
 * stores the split, says it back, and echoes the weekday (Friday 20/11/2026 here).
 */
const stores = bothStores('loa_split');

describe.each(stores)('a log split by group, on %s', (_name, openStore) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ storage: await openStore() });
  });
  afterEach(async () => {
    await t.storage.close();
  });

  const { send: sendSms } = smsInto(() => t);
  const send = async (text: string) => (await sendSms(DEMO.collaboratorDong.phone, text)).text;
  const live = () => liveLogs(t.storage);

  it('when a collaborator texts TT 50 hop thon 30 tn 20 pn, the log keeps 30 youth and 20 women and the SMS names both shares', async () => {
    const text = await send('TT 50 hop thon 30 tn 20 pn');
    const [log] = await live();
    expect(log).toMatchObject({ participants: 50, participantsByGroup: { tn: 30, pn: 20 } });
    expect([...log!.groups].sort()).toEqual(['pn', 'tn']);
    expect(text).toContain('50 nguoi');
    expect(text).toMatch(/30 thanh nien \+ 20 phu nu/);
  });

  it('when the same total is split differently within a day, it is a second session, not a re-send', async () => {
    await send('TT 50 hop thon 30 tn 20 pn');
    const second = await send('TT 50 hop thon 20 tn 30 pn');
    expect(second).toMatch(/^Da ghi TT/);
    expect(await live()).toHaveLength(2);
  });

  it('when a split log is corrected with a new total alone, Loa asks for the split and changes nothing', async () => {
    await send('TT 50 hop thon 30 tn 20 pn');
    const [log] = await live();
    const answer = await send(`SUA ${log!.code} 60`);
    expect(answer).toContain(`SUA ${log!.code} 30 tn 20 pn`);
    expect((await live())[0]).toMatchObject({ participants: 50, participantsByGroup: { tn: 30, pn: 20 } });
  });

  it('when a split log is corrected with a new split, total and groups follow it and the history keeps the old split', async () => {
    await send('TT 50 hop thon 30 tn 20 pn');
    const [log] = await live();
    const answer = await send(`SUA ${log!.code} 40 hs 20 pn`);
    const [edited] = await live();
    expect(edited).toMatchObject({ participants: 60, participantsByGroup: { hs: 40, pn: 20 } });
    expect([...edited!.groups].sort()).toEqual(['hs', 'pn']);
    expect(edited!.history?.[0]?.before).toMatchObject({ participants: 50, participantsByGroup: { tn: 30, pn: 20 } });
    expect(answer).toMatch(/chia nhom: 30 thanh nien \+ 20 phu nu -> 40 hoc sinh, sinh vien \+ 20 phu nu/);
  });

  it('when a collaborator dates a log thu 7 on a Friday, it is stored for last Saturday and the confirmation says thu 7 14/11', async () => {
    const text = await send('tt 45 hop thon thu 7');
    const [log] = await live();
    expect(log!.date).toBe('2026-11-14');
    expect(text).toContain('thu 7 14/11');
  });
});
