import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '../../../core/inbound';
import { COLLECTIONS } from '../../../core/storage/collections';
import type { SessionLog } from '../../../core/domain/session-log';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { openEmbeddedStore } from '../../../core/storage/embedded/embedded-store';
import { createMongoStore } from '../../../core/storage/mongo';
import type { DocumentStore } from '../../../core/storage/port';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../support/mongo-server';

const HOUR = 60 * 60 * 1000;

const stores: [string, () => Promise<DocumentStore>][] = [
  ['the embedded store', async () => openEmbeddedStore()],
  ['MongoDB', () => createMongoStore(uriWithDatabase(testMongoUri(), randomTestDatabase('loa_entry')))],
];

describe.each(stores)('issue 12 at the core entry on %s', (_name, openStore) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ store: await openStore() });
  });
  afterEach(async () => {
    await t.store.close();
  });

  const sms = (phone: string, text: string, id: string = randomUUID()): InboundMessage => ({
    channel: 'sms',
    channelMessageId: id,
    sender: { kind: 'phone', phone },
    text,
    receivedAt: t.clock.now(),
  });
  const send = async (phone: string, text: string, id?: string) => {
    const outcome = await t.core.handleInbound(sms(phone, text, id));
    return { ...outcome, text: outcome.reply ? t.core.render(outcome.reply, outcome.lng, 'sms') : null };
  };
  const logs = () => t.store.collection<SessionLog>(COLLECTIONS.logs).find({}, { sort: { createdAt: 1, _id: 1 } });
  const dong = DEMO.collaboratorDong.phone;

  describe('the same provider message fired 50 times at once has one effect and one reply', () => {
    const fire = (text: string, id: string) => Promise.all(Array.from({ length: 50 }, () => send(dong, text, id)));

    it('TT: one log, one reply text, and 49 of the answers are marked duplicates', async () => {
      const outcomes = await fire('TT 45 hop thon', 'SM-race-tt');
      expect(await logs()).toHaveLength(1);
      expect(new Set(outcomes.map((o) => o.text)).size).toBe(1);
      expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    });

    it('HUY: only the most recent log is cancelled and every copy gets the same reply', async () => {
      await send(dong, 'TT 45 hop thon');
      t.clock.advance(60_000);
      await send(dong, 'TT 30 loa');
      t.clock.advance(60_000);
      const outcomes = await fire('HUY', 'SM-race-huy');
      const stored = await logs();
      expect(stored.map((l) => l.cancelledAt !== null)).toEqual([false, true]);
      expect(new Set(outcomes.map((o) => o.text)).size).toBe(1);
      expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
      expect(outcomes[0]!.reply).toMatchObject({ key: 'cancel.done', values: { code: stored[1]!.code } });
    });

    it('SUA: the log is changed once, its history holds one change, and every copy gets the same reply', async () => {
      await send(dong, 'TT 45 hop thon thanh nien');
      const [log] = await logs();
      const outcomes = await fire(`SUA ${log!.code} phu nu`, 'SM-race-sua');
      const [edited] = await logs();
      expect(edited).toMatchObject({ groups: ['pn'] });
      expect(edited!.history ?? []).toHaveLength(1);
      expect(new Set(outcomes.map((o) => o.text)).size).toBe(1);
    });

    it('XEM and unparseable texts: one reply, and the unparsed counter moves once', async () => {
      const outcomes = await fire('xin chao', 'SM-race-junk');
      expect(new Set(outcomes.map((o) => o.text)).size).toBe(1);
      const second = await send(dong, 'xin chao ban');
      const third = await send(dong, 'xin chao nua');
      expect([second.reply?.key, third.reply?.key]).toEqual(['help.collaborator', 'help.collaborator']);
    });
  });

  describe('confirmations say what was stored', () => {
    it('tt 60 hop thon thanh nien 19/11 shows the group in the SMS confirmation', async () => {
      const { text } = await send(dong, 'tt 60 hop thon thanh nien 19/11');
      const [log] = await logs();
      expect(text).toBe(`Da ghi TT #${log!.code}: 60 nguoi, hop thon, thanh nien, Thon Dong, 19/11. 1 buoi thang 11. Sai? Nhan HUY ${log!.code}`);
    });

    it('SUA says what changed, field by field', async () => {
      await send(dong, 'tt 60 hop thon thanh nien');
      const [log] = await logs();
      const { text } = await send(dong, `SUA ${log!.code} phu nu`);
      expect(text).toBe(`Da sua #${log!.code}: nhom: thanh nien -> phu nu.`);
      const both = await send(dong, `SUA ${log!.code} 50 loa`);
      expect(both.text).toBe(`Da sua #${log!.code}: so nguoi: 60 -> 50; hinh thuc: hop thon -> loa truyen thanh.`);
    });

    it('a correction that changes nothing says so', async () => {
      await send(dong, 'tt 60 hop thon');
      const [log] = await logs();
      expect((await send(dong, `SUA ${log!.code} 60`)).reply).toEqual({ key: 'correct.unchanged', values: { code: log!.code } });
    });
  });

  describe('cancel is safe', () => {
    it('HUY sent twice cancels the last log once, then asks for a code instead of cancelling an older one', async () => {
      await send(dong, 'TT 1200 hop thon');
      t.clock.advance(60_000);
      await send(dong, 'TT 45 hop thon');
      t.clock.advance(60_000);
      await send(dong, 'TT 30 loa');
      const [big, , last] = await logs();
      expect((await send(dong, 'HUY')).reply?.key).toBe('cancel.done');
      const again = await send(dong, 'HUY');
      expect(again.reply).toMatchObject({ key: 'cancel.last_cancelled', values: { code: last!.code } });
      expect(again.text).toContain('HUY');
      expect((await logs()).filter((l) => l.cancelledAt !== null).map((l) => l.code)).toEqual([last!.code]);
      expect((await logs()).find((l) => l._id === big!._id)!.cancelledAt).toBeNull();
    });

    it('bare HUY does not cancel a log made more than 24 hours ago: it names the code and asks for HUY <ma>', async () => {
      await send(dong, 'TT 45 hop thon');
      t.clock.advance(25 * HOUR);
      const [log] = await logs();
      const { reply, text } = await send(dong, 'HUY');
      expect(reply).toMatchObject({ key: 'cancel.ask_code', values: { code: log!.code } });
      expect(text).toContain(`HUY ${log!.code}`);
      expect((await logs())[0]!.cancelledAt).toBeNull();
    });

    it('HUY <ma> still cancels an older log inside the edit window', async () => {
      await send(dong, 'TT 45 hop thon');
      t.clock.advance(25 * HOUR);
      const [log] = await logs();
      expect((await send(dong, `HUY ${log!.code}`)).reply?.key).toBe('cancel.done');
    });
  });

  describe('silence is not an answer to a real attempt', () => {
    it('refusals of a recognised command are always answered, however many', async () => {
      const keys = [];
      for (const text of ['tt 45 hop thon 31/11', 'tt 20000 hop thon', 'tt 45 hop thon 25/11', 'TT 12 45 hop', 'tt hop thon', 'tt 45 hop thon 31/11']) {
        keys.push((await send(dong, text)).reply?.key ?? null);
      }
      expect(keys.every((k) => k !== null && k.startsWith('error.'))).toBe(true);
      expect((await send(dong, 'tt 45 hop thon')).reply?.key).toBe('log.saved');
    });

    it('texts with no keyword get help three times, then one notice, then silence for the hour', async () => {
      const keys = [];
      for (let i = 0; i < 6; i++) keys.push((await send(dong, `xin chao ${i}`)).reply?.key ?? null);
      expect(keys).toEqual(['help.collaborator', 'help.collaborator', 'help.collaborator', 'unparsed.quiet', null, null]);
      expect((await send(dong, 'tt 45 hop thon 31/11')).reply?.key).toBe('error.bad_date');
    });
  });
});
