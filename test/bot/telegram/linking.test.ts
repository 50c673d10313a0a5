import { DEMO } from '../../support/test-core';
import { accountOn } from '../../../core/domain/people';
import { createBotHarness } from './harness';

const USER = 8101;

describe('linking a Telegram account to the roster', () => {
  it('asks an unknown user for their phone with the contact button, and passes nothing to the core', async () => {
    const seen: string[] = [];
    const h = await createBotHarness({
      handleInbound: ({ core }) => (message) => {
        seen.push(message.text);
        return core.handleInbound(message);
      },
    });
    await h.send(h.updates.text(USER, '/start'));
    await h.send(h.updates.text(USER, 'TT 45 hop thon'));
    expect(seen).toEqual([]);
    expect(await h.logs()).toHaveLength(0);
    const prompts = h.api.made('sendMessage');
    expect(prompts).toHaveLength(2);
    expect(prompts[0]).toMatchObject({
      text: expect.stringMatching(/Chia sẻ số điện thoại/),
      reply_markup: { keyboard: [[{ text: '📱 Chia sẻ số điện thoại', request_contact: true }]] },
    });
  });

  it('links the account when the user shares their own contact and the number is on the roster', async () => {
    const h = await createBotHarness();
    // Telegram sends numbers without the plus sign.
    await h.send(h.updates.contact(USER, { phone: '84905000101', userId: USER }));
    expect(await h.core.repos.people.findByAccount('telegram', String(USER))).toMatchObject({ _id: DEMO.collaboratorDong.id });
    expect(h.api.lastText()).toContain('Đã liên kết tài khoản Telegram với Nguyễn Văn An');
    expect(h.api.lastMarkup()).toMatchObject({ keyboard: [[{ text: '📝 Ghi buổi' }]] });

    await h.send(h.updates.text(USER, 'TT 45 hop thon'));
    expect(await h.logs()).toEqual([expect.objectContaining({ personId: DEMO.collaboratorDong.id, participants: 45 })]);
  });

  it("refuses someone else's contact", async () => {
    const h = await createBotHarness();
    await h.send(h.updates.contact(USER, { phone: '+84905000101', userId: USER + 1 }));
    expect(await h.core.repos.people.findByAccount('telegram', String(USER))).toBeNull();
    expect(accountOn((await h.core.repos.people.get(DEMO.collaboratorDong.id))!, 'telegram')).toBeUndefined();
    expect(h.api.lastText()).toMatch(/chỉ nhận số điện thoại của chính bạn/);
  });

  it('refuses a contact card with no Telegram user behind it', async () => {
    const h = await createBotHarness();
    await h.send(h.updates.contact(USER, { phone: '+84905000101' }));
    expect(await h.core.repos.people.findByAccount('telegram', String(USER))).toBeNull();
  });

  it('refuses a forwarded contact even when its user id is the sender', async () => {
    const h = await createBotHarness();
    await h.send(h.updates.contact(USER, { phone: '+84905000101', userId: USER }, { forwarded: true }));
    expect(await h.core.repos.people.findByAccount('telegram', String(USER))).toBeNull();
    expect(h.api.lastText()).toMatch(/không gửi hay chuyển tiếp/);
  });

  it('says whom to ask when the number is not on the roster', async () => {
    const h = await createBotHarness();
    await h.send(h.updates.contact(USER, { phone: DEMO.unregisteredPhone, userId: USER }));
    expect(await h.core.repos.people.findByAccount('telegram', String(USER))).toBeNull();
    expect(h.api.lastText()).toMatch(/chưa có trong danh sách/);
  });

  it('does not move a roster entry already linked to another Telegram account', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER + 50);
    await h.send(h.updates.contact(USER, { phone: '+84905000101', userId: USER }));
    expect(await h.core.repos.people.findByAccount('telegram', String(USER))).toBeNull();
    expect(accountOn((await h.core.repos.people.get(DEMO.collaboratorDong.id))!, 'telegram')?.id).toBe(String(USER + 50));
    expect(h.api.lastText()).toMatch(/đã được liên kết với một tài khoản Telegram khác/);
  });

  it('links an old 11-digit number written on the roster in its new form', async () => {
    const h = await createBotHarness();
    await h.send(h.updates.contact(USER, { phone: '84365000109', userId: USER }));
    expect(await h.core.repos.people.findByAccount('telegram', String(USER))).toMatchObject({ _id: DEMO.collaboratorNgoc.id });
  });

  it('greets a linked user on /start with the logging button', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.officer.id, USER);
    await h.send(h.updates.text(USER, '/start'));
    expect(h.api.lastText()).toMatch(/^Chào /);
    expect(h.api.lastMarkup()).toMatchObject({ keyboard: [[{ text: '📝 Ghi buổi' }]] });
  });
});
