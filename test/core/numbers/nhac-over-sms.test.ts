/**
 * Issue 11, observation 7 (last part): "with SMS sending on, NHAC over SMS sent
 * nothing". The whole service as `npm start` builds it, with a Twilio sender
 * pointed at a fake Twilio on loopback: an officer's NHAC by SMS reaches the
 * quiet villages' collaborators by SMS.
 */
import type { InboundMessage } from '../../../core/inbound';
import { DEMO } from '../../support/test-core';
import { zaloWorld, type ZaloWorld } from '../../bot/zalo/harness';

describe('NHAC over SMS with Twilio configured', () => {
  // The whole service on the demo roster (Friday 20/11/2026, 10:00), Twilio and Zalo fakes on loopback; nobody is linked to Zalo.
  let world: ZaloWorld;
  beforeEach(async () => {
    world = await zaloWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  const sms = async (phone: string, text: string, id: string): Promise<string> => {
    const message: InboundMessage = { channel: 'sms', channelMessageId: id, sender: { kind: 'phone', phone }, text, receivedAt: new Date('2026-11-20T03:00:00Z') };
    const outcome = await world.loa.core.handleInbound(message);
    return world.loa.core.render(outcome.reply!, outcome.lng, 'sms');
  };

  it('when the officer texts NHAC, each quiet village with a collaborator gets a reminder SMS through Twilio, and the reply counts them as sent', async () => {
    // Demo roster: Kẻ Sắt has 10 villages, one collaborator each, no session yet; Đông logs one now, 9 stay quiet.
    expect(await sms(DEMO.collaboratorDong.phone, 'TT 45 hop thon', 'log-dong')).toMatch(/^Da ghi TT/);
    expect(world.twilio.messages).toHaveLength(0); // the confirmation is the webhook's answer, not an outgoing message

    expect(await sms(DEMO.officer.phone, 'NHAC', 'nhac-1')).toBe('Nhac thang 11: da nhac 9/9 thon (9 tin), da nhac truoc trong tuan: 0 thon. Khong nhac duoc: khong co');
    const to = world.twilio.messages.map((m) => m.to).sort();
    expect(to).toHaveLength(9);
    expect(to).not.toContain(DEMO.collaboratorDong.phone);
    expect(to).toEqual(expect.arrayContaining([DEMO.collaboratorTay.phone, DEMO.collaboratorNgoc.phone, DEMO.collaboratorEnglish.phone]));
    expect(world.twilio.messages.find((m) => m.to === DEMO.collaboratorTay.phone)?.body).toBe(
      'Loa: Thon Tay chua co buoi tuyen truyen nao trong thang 11. Khi to chuc, nhan: TT 45 hop thon. Tat nhac: TAT NHAC',
    );

    // Asked again the same week: the 9 were reminded already, nothing more goes out.
    expect(await sms(DEMO.officer.phone, 'NHAC', 'nhac-2')).toBe('Nhac thang 11: da nhac 0/9 thon (0 tin), da nhac truoc trong tuan: 9 thon. Khong nhac duoc: khong co');
    expect(world.twilio.messages).toHaveLength(9);
  });
});
