import { DEMO } from '../../support/test-core';
import { accountOn } from '../../../core/domain/people';
import { zaloTextUpdate } from '../../../tools/harness/fake-zalo-api';
import { codeFrom, zaloWorld, type ZaloWorld } from './harness';

const NEW_ZALO = 'zalo-user-new-41c7';
const OTHER_ZALO = 'zalo-user-other-90aa';

describe('linking a Zalo account with a one-time code', () => {
  let w: ZaloWorld;
  beforeEach(async () => {
    w = await zaloWorld();
  });
  afterEach(() => w.close());

  const say = async (userId: string, text: string) => {
    const before = w.zalo.texts(userId).length;
    expect((await w.post(zaloTextUpdate(userId, text))).status).toBe(200);
    return w.zalo.texts(userId).slice(before).join('\n');
  };
  const dong = () => w.loa.core.repos.people.get(DEMO.collaboratorDong.id);

  it('DK with a roster phone sends a code by SMS; the right code links the chat, then logs work', async () => {
    expect(await say(NEW_ZALO, 'TT 45 hop thon')).toContain('nhắn DK và số điện thoại');
    expect(await say(NEW_ZALO, 'DK 0905 000 101')).toBe('Nếu số 090****101 có trong danh sách Loa, mã 6 số đã được gửi tới người đó (Zalo, Telegram hoặc SMS). Nhắn mã vào đây trong 10 phút.');
    const sms = w.smsTo(DEMO.collaboratorDong.phone);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatch(/^Ma Loa cua ban: \d{6}\. /);
    expect(sms[0]!.length).toBeLessThanOrEqual(160);

    expect(await say(NEW_ZALO, codeFrom(sms))).toMatch(/^Đã liên kết với /);
    expect(accountOn((await dong())!, 'zalo')?.id).toBe(NEW_ZALO);
    expect(await say(NEW_ZALO, 'TT 45 hop thon')).toContain('Đã ghi TT #');
  });

  it('five wrong codes use up the code: the right one is refused afterwards and nothing is linked', async () => {
    await say(NEW_ZALO, 'DK 0905000101');
    const right = codeFrom(w.smsTo(DEMO.collaboratorDong.phone));
    const wrong = right === '111111' ? '222222' : '111111';
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await say(NEW_ZALO, wrong));
    expect(answers).toEqual([4, 3, 2, 1, 0].map((n) => `Mã không đúng. Còn ${n} lần thử.`));
    expect(await say(NEW_ZALO, right)).toBe('Sai mã quá 5 lần. Nhắn DK và số điện thoại để nhận mã mới.');
    expect(accountOn((await dong())!, 'zalo')?.id).toBeUndefined();
  });

  it('a code typed after 10 minutes has expired', async () => {
    await say(NEW_ZALO, 'DK 0905000101');
    w.clock.advance(10 * 60_000 + 1);
    expect(await say(NEW_ZALO, codeFrom(w.smsTo(DEMO.collaboratorDong.phone)))).toBe('Mã đã hết hạn. Nhắn DK và số điện thoại để nhận mã mới.');
    expect(accountOn((await dong())!, 'zalo')?.id).toBeUndefined();
  });

  it('a phone not on the roster gets the same answer as one on it, and no code is sent', async () => {
    expect(await say(NEW_ZALO, 'DK 0905999999')).toBe('Nếu số 090****999 có trong danh sách Loa, mã 6 số đã được gửi tới người đó (Zalo, Telegram hoặc SMS). Nhắn mã vào đây trong 10 phút.');
    expect(w.twilio.messages).toEqual([]);
  });

  it("a code sent to someone else's phone does not link the chat of the person who received it", async () => {
    // Someone asks for Dong's phone from their own chat; Dong gets the code by SMS and types it into a different chat.
    await say(OTHER_ZALO, 'DK 0905000101');
    const code = codeFrom(w.smsTo(DEMO.collaboratorDong.phone));
    expect(await say(NEW_ZALO, code)).toBe('Chưa có mã nào cho cuộc trò chuyện này. Nhắn DK và số điện thoại để nhận mã.');
    expect(accountOn((await dong())!, 'zalo')?.id).toBeUndefined();
  });

  it('a re-delivered DK sends no second code', async () => {
    const update = zaloTextUpdate(NEW_ZALO, 'DK 0905000101', { messageId: 'dk-once' });
    await w.post(update);
    await w.post(update);
    expect(w.smsTo(DEMO.collaboratorDong.phone)).toHaveLength(1);
    expect(w.zalo.texts(NEW_ZALO)).toHaveLength(1);
  });

  it('a person linked in Zalo gets their next code in Zalo, not by SMS', async () => {
    await w.loa.core.repos.people.linkAccount(DEMO.collaboratorDong.id, 'zalo', OTHER_ZALO);
    expect(await say(NEW_ZALO, 'DK 0905000101')).toContain('Nếu số 090****101');
    expect(w.twilio.messages).toEqual([]);
    expect(w.zalo.texts(OTHER_ZALO)[0]).toMatch(/^Mã Loa của bạn: \d{6}\./);
    // The account is someone's already: the code proves the phone, but the person must be unlinked first.
    expect(await say(NEW_ZALO, codeFrom(w.zalo.texts(OTHER_ZALO)))).toBe('Số này đã liên kết với tài khoản Zalo khác. Nhờ cán bộ xã hủy liên kết cũ trước.');
  });
});

describe('officers unlink a chat account', () => {
  let w: ZaloWorld;
  beforeEach(async () => {
    w = await zaloWorld();
  });
  afterEach(() => w.close());

  it('HUYLK by an officer of the commune removes the Zalo link; by a collaborator, or for another commune, it does nothing', async () => {
    const people = w.loa.core.repos.people;
    await people.linkAccount(DEMO.collaboratorDong.id, 'zalo', 'zalo-dong');
    await people.linkAccount(DEMO.officer.id, 'zalo', 'zalo-officer');
    await people.linkAccount(DEMO.collaboratorTay.id, 'zalo', 'zalo-tay');
    await people.linkAccount(DEMO.otherOfficer.id, 'zalo', 'zalo-other-officer');

    await w.post(zaloTextUpdate('zalo-tay', 'HUYLK 0905000101'));
    expect(w.zalo.texts('zalo-tay')).toEqual(['Lệnh này dành cho cán bộ xã. Nhắn HD để xem lệnh của bạn.']);
    await w.post(zaloTextUpdate('zalo-other-officer', 'HUYLK 0905000101'));
    expect(w.zalo.texts('zalo-other-officer')).toEqual(['Không tìm thấy số 0905000101 trong danh sách của xã bạn.']);
    expect(accountOn((await people.get(DEMO.collaboratorDong.id))!, 'zalo')?.id).toBe('zalo-dong');

    await w.post(zaloTextUpdate('zalo-officer', 'HUYLK 0905000101'));
    expect(w.zalo.texts('zalo-officer')[0]).toMatch(/^Đã hủy liên kết Zalo của /);
    expect(accountOn((await people.get(DEMO.collaboratorDong.id))!, 'zalo')?.id).toBeUndefined();
    // The unlinked chat is a stranger again: it is asked to link.
    await w.post(zaloTextUpdate('zalo-dong', 'TT 30 loa'));
    expect(w.zalo.texts('zalo-dong')[0]).toContain('DK');
  });
});
