import { smsInto } from '../../support/core-entry';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';

/** A sample of the access policy through the chat door (SMS into the core entry, demo roster). */
describe('the access policy seen through the chat door', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(async () => {
    await t.storage.close();
  });
  const { send } = smsInto(() => t);

  it('refuses a collaborator the officer commands, by the command table\'s refusal', async () => {
    for (const text of ['TONGHOP', 'CHUA', 'CHITIEU', 'NHAC']) expect((await send(DEMO.collaboratorDong.phone, text)).reply?.key).toBe('officer.only');
  });

  it('lets an officer cancel a log of a village of their commune but not of the commune beside it', async () => {
    const mine = await send(DEMO.collaboratorDong.phone, 'TT 20 hop thon');
    const theirs = await send(DEMO.collaboratorAnNinh.phone, 'TT 30 hop thon');
    const codeOf = (r: { reply: { values?: Record<string, unknown> } | null }) => String(r.reply?.values?.code);
    expect((await send(DEMO.otherOfficer.phone, `HUY ${codeOf(mine)}`)).reply?.key).toBe('cancel.not_found');
    expect((await send(DEMO.officer.phone, `HUY ${codeOf(theirs)}`)).reply?.key).toBe('cancel.not_found');
    expect((await send(DEMO.officer.phone, `HUY ${codeOf(mine)}`)).reply?.key).toBe('cancel.done');
  });

  it('keeps a collaborator at their own village: naming another village is refused', async () => {
    expect((await send(DEMO.collaboratorDong.phone, 'TT 20 hop thon @Tay')).reply?.key).toBe('log.own_village_only');
  });
});
