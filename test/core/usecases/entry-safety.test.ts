import { randomUUID } from 'node:crypto';
import { storedLogs } from '../../support/stored';
import type { InboundMessage } from '../../../core/inbound';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { bothStores, smsInto } from '../../support/core-entry';
import { createParser } from '../../../app/commands';
import { loadVocabulary } from '../../../core/language/vocabulary';
import type { Parser } from '../../../core/usecases/context';
import ExcelJS from 'exceljs';
import { SHEETS } from '../../../core/officer/export-xlsx';

const HOUR = 60 * 60 * 1000;

const stores = bothStores('loa_entry');

describe.each(stores)('issue 12 at the core entry on %s', (_name, openStore) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ storage: await openStore() });
  });
  afterEach(async () => {
    await t.storage.close();
  });

  const { sms, send } = smsInto(() => t);
  const logs = () => storedLogs(t.storage);
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

    it('a long note is shortened in the SMS confirmation, never dropped, and every other field is still there', async () => {
      const note = 'long ghep phong chong ma tuy va bao luc gia dinh co truong thon va bi thu chi bo du phat them to roi';
      const { text } = await send(dong, `TT 1250 san khau hoa hoc sinh thanh nien ${note}`);
      const [log] = await logs();
      expect(log!.note.length).toBeGreaterThan(60);
      expect(text!.length).toBeLessThanOrEqual(160);
      expect(text).toMatch(new RegExp(`^Da ghi TT #${log!.code}: 1250 nguoi, sankhau, hs\\+tn, Thon Dong, 20/11, ghi chu: long ghep .*\\.\\.\\.\\. 1 buoi thang 11\\. Sai\\? Nhan HUY ${log!.code}$`));
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

/**
 * The parser names a place with `placeName` (another part of the message
 * language); here a wrapper reads `[name]` so the core's role rules are tested alone.
 */
function withPlaceNames(real: Parser): Parser {
  return {
    parse(text, context) {
      const match = /\[([^\]]+)\]/.exec(text);
      const parsed = real.parse(text.replace(/\[[^\]]+\]/, ' '), context);
      if (match && parsed.ok && parsed.command.kind === 'log') return { ok: true, command: { ...parsed.command, placeName: match[1]! } };
      return parsed;
    },
  };
}

describe.each(stores)('officers repair the record on %s', (_name, openStore) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ storage: await openStore(), parser: withPlaceNames(createParser([loadVocabulary('vi'), loadVocabulary('en')])) });
  });
  afterEach(async () => {
    await t.storage.close();
  });
  const send = async (phone: string, text: string) => {
    const outcome = await t.core.handleInbound({ channel: 'sms', channelMessageId: randomUUID(), sender: { kind: 'phone', phone }, text, receivedAt: t.clock.now() });
    return { ...outcome, text: outcome.reply ? t.core.render(outcome.reply, outcome.lng, 'sms') : null };
  };
  const logs = () => storedLogs(t.storage);
  const officer = DEMO.officer.phone;

  it('an officer logs for a village of their commune by name, as the one who logged it', async () => {
    const { reply } = await send(officer, 'TT [thon dong] 45 hop thon');
    expect(reply?.key).toBe('log.saved');
    expect(await logs()).toMatchObject([{ villageId: DEMO.villageDong, personId: DEMO.officer.id, participants: 45 }]);
  });

  it('an officer naming a village of another commune, or an unknown one, is refused with an example and nothing is stored', async () => {
    expect((await send(officer, 'TT [an ninh] 45 hop thon')).reply).toMatchObject({ key: 'log.place_unknown', values: { name: 'an ninh' } });
    expect((await send(officer, 'TT [dongg] 45 hop thon')).reply?.key).toBe('log.place_unknown');
    expect(await logs()).toHaveLength(0);
  });

  it('an admin naming a village that exists in two communes is asked which one', async () => {
    await t.core.repos.places.insert({
      _id: 'thuc-khang.dong', level: 'village', name: 'Thôn Đông', code: 'DONG2', aliases: [], parentId: DEMO.otherCommune,
      path: [DEMO.province, DEMO.otherCommune, 'thuc-khang.dong'], createdAt: t.clock.now().toISOString(),
    });
    const { reply } = await send(DEMO.admin.phone, 'TT [thon dong] 45 hop thon');
    expect(reply).toMatchObject({ key: 'log.place_ambiguous' });
    expect(String(reply?.values?.places)).toContain('Xã Thúc Kháng');
    expect(await logs()).toHaveLength(0);
  });

  it('a collaborator naming another village is refused; naming their own is fine', async () => {
    expect((await send(DEMO.collaboratorDong.phone, 'TT [thon tay] 45 hop thon')).reply).toEqual({ key: 'log.own_village_only', values: { village: 'Thôn Đông' } });
    expect((await send(DEMO.collaboratorDong.phone, 'TT [Đông] 45 hop thon')).reply?.key).toBe('log.saved');
  });

  it('a press item or a training from an officer is logged at the commune itself', async () => {
    expect((await send(officer, 'TT 1 bao')).reply?.key).toBe('log.saved_item');
    t.clock.advance(60_000);
    expect((await send(officer, 'TT 40 tap huan')).reply?.key).toBe('log.saved');
    expect((await logs()).map((l) => [l.villageId, l.placePath, l.form])).toEqual([
      [DEMO.commune, [DEMO.province, DEMO.commune], 'bao'],
      [DEMO.commune, [DEMO.province, DEMO.commune], 'taphuan'],
    ]);
  });

  it('an officer enters a session older than the collaborator window; a collaborator cannot', async () => {
    expect((await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon 01/10')).reply?.key).toBe('error.too_old');
    expect((await send(officer, 'TT [dong] 45 hop thon 01/10')).reply?.key).toBe('log.saved');
    expect((await logs())[0]).toMatchObject({ date: '2026-10-01', periods: { month: '2026-10' } });
  });

  it('an officer corrects and cancels a collaborator’s log of their commune, at any age; history keeps who, when and the values before', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon thanh nien');
    const [log] = await logs();
    t.clock.advance(30 * 24 * HOUR);
    expect((await send(DEMO.collaboratorDong.phone, `SUA ${log!.code} 50`)).reply?.key).toBe('correct.too_late');
    const fixed = await send(officer, `SUA ${log!.code} 50 phu nu`);
    expect(fixed.text).toBe(`Da sua #${log!.code}: so nguoi: 45 -> 50; nhom: thanh nien -> phu nu.`);
    t.clock.advance(HOUR);
    expect((await send(officer, `HUY ${log!.code}`)).reply?.key).toBe('cancel.done');
    const [after] = await logs();
    expect(after).toMatchObject({ personId: DEMO.collaboratorDong.id, participants: 50, groups: ['pn'] });
    expect(after!.history).toEqual([
      { action: 'correct', by: DEMO.officer.id, role: 'officer', at: '2026-12-20T03:00:00.000Z', before: { participants: 45, form: 'hop', groups: ['tn'], date: '2026-11-20', note: '' } },
      { action: 'cancel', by: DEMO.officer.id, role: 'officer', at: '2026-12-20T04:00:00.000Z', before: { participants: 50, form: 'hop', groups: ['pn'], date: '2026-11-20', note: '' } },
    ]);
  });

  it('an officer of another commune cannot touch the log', async () => {
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    const [log] = await logs();
    expect((await send(DEMO.otherOfficer.phone, `HUY ${log!.code}`)).reply?.key).toBe('cancel.not_found');
    expect((await send(DEMO.otherOfficer.phone, `SUA ${log!.code} 50`)).reply?.key).toBe('correct.not_found');
    expect((await logs())[0]).toMatchObject({ participants: 45, cancelledAt: null });
  });
});

describe('XUAT shows who repaired a log and what it said before', () => {
  it('the sessions sheet has an audit column with the officer, the date and the values before the correction', async () => {
    const t = await createTestCore({ outbound: { send: async () => ({ ok: true, status: 'sent', channel: 'sms' }) } });
    await t.core.repos.people.linkAccount(DEMO.officer.id, 'telegram', String(777001));
    const say = (sender: InboundMessage['sender'], text: string, channel: InboundMessage['channel'] = 'sms') =>
      t.core.handleInbound({ channel, channelMessageId: randomUUID(), sender, text, receivedAt: t.clock.now() });
    const saved = await say({ kind: 'phone', phone: DEMO.collaboratorDong.phone }, 'TT 45 hop thon thanh nien');
    const code = String(saved.reply?.values?.code);
    await say({ kind: 'phone', phone: DEMO.officer.phone }, `SUA ${code} 50`);
    const exported = await say({ kind: 'account', door: 'telegram', id: '777001' }, 'XUAT', 'telegram');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.reply!.attachment!.content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(SHEETS.sessions)!;
    const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ""));
    const column = header.findIndex((h) => h.startsWith('Lịch sử sửa'));
    expect(column).toBeGreaterThan(0);
    expect(String(sheet.getRow(2).getCell(column).value)).toBe('2026-11-20 Phan Thị Oanh: sửa; trước: 45 người, họp thôn, thanh niên, 20/11/2026');
    await t.storage.close();
  });
});
