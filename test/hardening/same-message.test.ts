import { newMessageSid } from '../../sms/twilio/sign-request';
import { bothStores } from '../support/core-entry';
import { storedLogs } from '../support/stored';
import { DEMO } from '../support/test-core';
import { createSmsHarness, twimlMessage } from '../sms/twilio/helpers';
import { createGatewayHarness, envelopeId, receivedEnvelope, vietnamTime } from '../sms/android/helpers';

/**
 * Issue 12, "Race": the same provider message (same channel and message id)
 * delivered 50 times at once has exactly one effect and one reply, for every
 * command, through the real HTTP doors, on both stores.
 */
const stores = bothStores('loa_race');
jest.setTimeout(120_000);
const COPIES = 50;
const dong = DEMO.collaboratorDong.phone;

describe.each(stores)('the same message fired %s', (_name, openStore) => {
  describe('through POST /sms', () => {
    it('TT, then HUY, then SUA: 50 copies each give one effect and one TwiML reply, with the default rate limit', async () => {
      const h = await createSmsHarness({ store: await openStore(), settings: { messagesPerMinute: 10 } });
      const fire = async (body: string) => {
        const sid = newMessageSid();
        const responses = await Promise.all(Array.from({ length: COPIES }, () => h.postSms({ from: dong, body, messageSid: sid })));
        expect(responses.map((r) => r.status)).toEqual(Array(COPIES).fill(200));
        const replies = new Set(responses.map((r) => twimlMessage(r.text)));
        expect(replies.size).toBe(1);
        return [...replies][0]!;
      };
      const logs = () => storedLogs(h.store);
      await fire('TT 45 hop thon');
      h.clock.advance(60_000);
      await fire('TT 30 loa thanh nien');
      expect(await logs()).toHaveLength(2);
      h.clock.advance(60_000);
      const cancelled = await fire('HUY');
      const [first, second] = await logs();
      expect(cancelled).toContain(`Da huy #${second!.code}`);
      expect([first!.cancelledAt, second!.cancelledAt !== null]).toEqual([null, true]);
      h.clock.advance(60_000);
      const fixed = await fire(`SUA ${first!.code} 60`);
      expect(fixed).toBe(`Da sua #${first!.code}: so nguoi: 45 -&gt; 60.`);
      expect((await logs())[0]!.history).toHaveLength(1);
      await h.store.close();
    });
  });

  describe('through POST /gateway/android', () => {
    it('TT, then HUY, then SUA: 50 copies of one envelope give one effect and one SMS sent back', async () => {
      const h = await createGatewayHarness({}, await openStore());
      const fire = async (message: string) => {
        const body = receivedEnvelope({ id: envelopeId(), phoneNumber: dong, message, receivedAt: vietnamTime(h.clock.now()) });
        const responses = await Promise.all(Array.from({ length: COPIES }, () => h.post(body)));
        expect(responses.map((r) => r.status)).toEqual(Array(COPIES).fill(200));
        expect(responses.filter((r) => r.body.status === 'handled')).toHaveLength(1);
        await h.gateway.idle();
      };
      const logs = () => storedLogs(h.store);
      await fire('TT 45 hop thon');
      h.clock.advance(60_000);
      await fire('TT 30 loa');
      h.clock.advance(60_000);
      await fire('HUY');
      const [first, second] = await logs();
      expect([first!.cancelledAt, second!.cancelledAt !== null]).toEqual([null, true]);
      await fire(`SUA ${first!.code} 60`);
      expect((await logs())[0]!.participants).toBe(60);
      const replies = h.sent.map((s) => s.text);
      expect(replies).toHaveLength(4);
      expect(replies[2]).toContain(`Da huy #${second!.code}`);
      expect(replies[3]).toBe(`Da sua #${first!.code}: so nguoi: 45 -> 60.`);
      await h.store.close();
    });
  });
});
