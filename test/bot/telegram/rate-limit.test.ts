import { DEMO } from '../../support/test-core';
import { createBotHarness } from './harness';

const USER = 6401;

describe('the per-sender limit on the Telegram door', () => {
  it('answers the first text over the limit in full Vietnamese that it was not recorded, then stays silent, and logs nothing more', async () => {
    const h = await createBotHarness({ core: { settings: { messagesPerMinute: 2 } } });
    await h.link(DEMO.collaboratorDong.id, USER);
    for (const count of [10, 11, 12, 13]) await h.send(h.updates.text(USER, `TT ${count} loa`));
    const texts = h.api.texts(USER);
    expect(texts).toHaveLength(3);
    expect(texts.slice(0, 2).every((text) => text.startsWith('Đã ghi TT'))).toBe(true);
    expect(texts[2]).toBe('Quá nhiều tin trong 1 phút, tin này chưa được ghi. Gửi lại sau 1 phút.');
    expect((await h.logs()).map((log) => log.participants)).toEqual([10, 11]);
  });
});
