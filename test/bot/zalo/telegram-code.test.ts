import type { OutboundRequest } from '../../../core/outbound/port';
import { accountOn } from '../../../core/domain/people';
import { createBotHarness, type BotHarness } from '../telegram/harness';
import { DEMO } from '../../support/test-core';
import { recordingOutbound } from '../../support/recording-codes';

/** Telegram accounts without a phone (or that hide it) link with the same DK + code flow as Zalo. */
describe('linking a Telegram account by one-time code', () => {
  let h: BotHarness;
  let sent: OutboundRequest[];
  beforeEach(async () => {
    const recorded = recordingOutbound();
    sent = recorded.sent;
    h = await createBotHarness({ core: { outbound: recorded.outbound } });
  });

  it('DK then the code links the Telegram account of an officer', async () => {
    const userId = 777_001;
    await h.send(h.updates.text(userId, '/dk 0905000201'));
    expect(sent.map((s) => s.person._id)).toEqual([DEMO.officer.id]);
    expect(h.api.lastText()).toBe('Nếu số 090****201 có trong danh sách Loa, mã 6 số đã được gửi tới người đó (Zalo, Telegram hoặc SMS). Nhắn mã vào đây trong 10 phút.');
    await h.send(h.updates.text(userId, String(sent[0]!.reply.values!['code'])));
    expect(h.api.lastText()).toMatch(/^Đã liên kết với /);
    expect(accountOn((await h.core.repos.people.get(DEMO.officer.id))!, 'telegram')?.id).toBe(String(userId));
  });

  it('anything else from an unlinked account still gets the share-contact prompt, which now mentions DK', async () => {
    await h.send(h.updates.text(777_002, 'TT 45 hop thon'));
    expect(h.api.lastText()).toContain('DK 0905123456');
    expect(sent).toEqual([]);
  });
});
