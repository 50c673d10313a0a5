import ExcelJS from 'exceljs';
import { storedLogs, liveLogs } from '../../support/stored';
import type { Place } from '../../../core/domain/places';
import { createI18n } from '../../../core/i18n/i18n';
import { createOfficerCommands } from '../../../core/commands/officer-commands';
import { SHEETS } from '../../../core/officer/export-xlsx';
import { writeXlsx } from '../../../adapters/office/exceljs-writer';
import { onStore } from '../../../tools/harness/on-store';
import { asStaff, createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { bothStores, smsInto } from '../../support/core-entry';
import { PRESETS_DIR, readPlanFile } from '../../../app/plan-files';
import path from 'node:path';

/**
 * Issue 21, the record half: what a log says back and what the record keeps
 * (dates, names, corrections, splits, free sentences, press items, cancelled logs).
 * Sent on Sunday 06/12/2026, 10:00 in Vietnam, unless a test moves the clock.
 */
const stores = bothStores('loa_record');
const SUNDAY = new Date('2026-12-06T03:00:00Z');

describe.each(stores)('the message language and the record, on %s', (_name, openStore) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ storage: await openStore(), now: SUNDAY });
  });
  afterEach(async () => {
    await t.storage.close();
  });

  const { send: sendSms } = smsInto(() => t);
  const officer = async (text: string) => (await sendSms(DEMO.officer.phone, text)).text ?? '';
  const dong = async (text: string) => (await sendSms(DEMO.collaboratorDong.phone, text)).text ?? '';
  const logs = () => storedLogs(t.storage);
  const live = () => liveLogs(t.storage);

  describe('dates (observation 7)', () => {
    it('refuses 07/12 sent on 06/12 as a future date and stores nothing, never last year', async () => {
      const answer = await officer('TT @Ha 30 hop 07/12');
      expect(answer).toMatch(/07\/12.*chua toi/);
      expect(await logs()).toHaveLength(0);
    });

    it('reads 30/12 sent on 02/01 as last December and shows the year in the confirmation', async () => {
      t.clock.set(new Date('2027-01-02T03:00:00Z'));
      const answer = await officer('TT @Ha 30 hop 30/12');
      const [log] = await live();
      expect(log!.date).toBe('2026-12-30');
      expect(answer).toContain('30/12/2026');
      expect(answer).toContain('thang 12/2026');
    });

    it('refuses 30/12 sent on 02/02 by a collaborator as too old, naming the day with its year', async () => {
      t.clock.set(new Date('2027-02-02T03:00:00Z'));
      const answer = await dong('TT 30 hop thon 30/12');
      expect(answer).toContain('30/12/2026');
      expect(await logs()).toHaveLength(0);
    });

    it('shows no year when the log is in the current year', async () => {
      const answer = await officer('TT @Ha 30 hop 05/12');
      expect(answer).toContain('Thon Ha, 05/12.');
      expect(answer).not.toContain('05/12/2026');
    });

    it('says the stored date with its year when a log of last year is cancelled', async () => {
      t.clock.set(new Date('2027-01-02T03:00:00Z'));
      await officer('TT @Ha 30 hop 30/12');
      const [log] = await live();
      const answer = await officer(`HUY ${log!.code}`);
      expect(answer).toContain('30/12/2026');
    });
  });

  describe('names before vocabulary (observation 9)', () => {
    beforeEach(async () => {
      const village: Place = {
        _id: 'ke-sat.dong-tien',
        level: 'village',
        name: 'Xóm Đồng Tiến',
        code: 'DTIEN',
        aliases: [],
        parentId: 'ke-sat',
        path: ['hai-phong', 'ke-sat', 'ke-sat.dong-tien'],
        createdAt: SUNDAY.toISOString(),
      };
      await t.core.repos.places.insert(village);
    });

    it('logs TT @Dong Tien 10 hop for Xóm Đồng Tiến, the name read before the word tien', async () => {
      const answer = await officer('TT @Dong Tien 10 hop');
      const [log] = await live();
      expect(log).toMatchObject({ villageId: 'ke-sat.dong-tien', participants: 10, form: 'hop', note: '' });
      expect(answer).toContain('Xom Dong Tien');
    });

    it("logs Loa's own example TT @Xom Dong Tien 45 hop thon", async () => {
      await officer('TT @Xom Dong Tien 45 hop thon');
      const [log] = await live();
      expect(log).toMatchObject({ villageId: 'ke-sat.dong-tien', participants: 45, form: 'hop', note: '' });
    });
  });

  describe('corrections and shares (observation 16)', () => {
    it('SUA 30 tn 20 pn on a 15-person log says the total went from 15 to 50', async () => {
      await dong('TT 15 hop thon');
      const [log] = await live();
      const answer = await dong(`SUA ${log!.code} 30 tn 20 pn`);
      expect(answer).toMatch(/15 -> 50/);
      expect(answer).toMatch(/30 thanh nien \+ 20 phu nu/);
      expect((await live())[0]).toMatchObject({ participants: 50 });
    });

    it('asks about tt 45 nguoi hop thon 20 tn (a share that does not match the total) and stores nothing', async () => {
      const answer = await dong('tt 45 nguoi hop thon 20 tn');
      expect(answer).toMatch(/45.*20/);
      expect(await logs()).toHaveLength(0);
    });

    it('does not read groups out of a free sentence: tt 45 hop thon nguoi dan rat dong, co ca can bo xa den du', async () => {
      await dong('tt 45 hop thon nguoi dan rat dong, co ca can bo xa den du');
      const [log] = await live();
      await dong('tt 45 hop thon');
      const plain = (await live()).find((l) => l._id !== log!._id);
      // The groups are the form's default, as for a plain `tt 45 hop thon`: none was read from the sentence.
      expect(log!.groups).toEqual(plain!.groups);
      expect(log!.groups).not.toContain('cb');
      expect(log!.note).toContain('nguoi dan rat dong');
      expect(log!.note).toContain('can bo xa den du');
    });
  });

  describe('a log naming several tracked groups without a split (observation 1, at logging time)', () => {
    beforeEach(async () => {
      // The Thái Nguyên preset (reach targets for dv, kcn, hs) laid over the demo province.
      const parsed = readPlanFile(path.join(PRESETS_DIR, 'thai-nguyen-2021-2025.yaml'));
      if (!parsed.ok) throw new Error('preset invalid');
      expect((await t.core.repos.plans.save({ ...parsed.plan, place: 'hai-phong' }, SUNDAY)).ok).toBe(true);
    });

    it('stores TT 150 hop tn dv kcn hs and asks for the split in one segment, with an example built from the text that adds up to 150', async () => {
      const answer = await dong('TT 150 hop thon tn dv kcn hs');
      const [log] = await live();
      expect(log).toMatchObject({ participants: 150 });
      expect(log!.participantsByGroup).toBeUndefined();
      expect(answer).toContain(`SUA ${log!.code} 37tn 37dv 37kcn 39hs`);
      expect(answer.length).toBeLessThanOrEqual(160);
      const fixed = await dong(`SUA ${log!.code} 37tn 37dv 37kcn 39hs`);
      expect(fixed).toMatch(/^Da sua/);
      expect((await live())[0]).toMatchObject({ participants: 150, participantsByGroup: { tn: 37, dv: 37, kcn: 37, hs: 39 } });
    });

    it('confirms as usual when at most one named group is tracked (TT 150 hop thon tn hs)', async () => {
      const answer = await dong('TT 150 hop thon tn hs');
      expect(answer).toMatch(/^Da ghi TT #\w+: 150 nguoi, hop thon/);
    });
  });

  describe('press items and XEM (observations 13 and 2)', () => {
    it('confirms TT 1 bao from an officer as 1 tin bai, never as people', async () => {
      const answer = await officer('TT 1 bao');
      expect(answer).toContain('1 tin bai');
      expect(answer).not.toMatch(/1 nguoi/);
    });

    it('XEM calls attendances luot nguoi', async () => {
      await dong('TT 30 hop thon');
      const answer = await dong('XEM');
      expect(answer).toMatch(/30 luot nguoi/);
      expect(answer).not.toMatch(/\d nguoi/);
    });
  });

  describe('cancelled logs stay in the record (observation 8)', () => {
    it('XUAT lists a cancelled log, marked cancelled with who, when and why, and leaves it out of the totals', async () => {
      await dong('TT 30 hop thon 01/12');
      await dong('TT 20 hop thon 02/12');
      const [first] = (await live()).filter((l) => l.participants === 30);
      t.clock.set(new Date('2026-12-06T05:00:00Z'));
      await officer(`HUY ${first!.code} ghi trung buoi`);
      const commands = createOfficerCommands({ ...onStore(t.storage), i18n: createI18n(), outbound: { send: async () => ({ ok: true, status: 'sent', channel: 'telegram' }) }, xlsx: writeXlsx });
      const person = await t.core.repos.people.get(DEMO.officer.id);
      const file = (await commands.handle({ kind: 'export', period: { kind: 'month', key: '2026-12' } }, asStaff(person), { channel: 'telegram', now: new Date('2026-12-06T06:00:00Z') })).attachment!;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
      const rowsOf = (name: string) =>
        workbook
          .getWorksheet(name)!
          .getSheetValues()
          .slice(2)
          .map((r) => (Array.isArray(r) ? r.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)).join('|') : ''));
      expect(rowsOf(SHEETS.sessions).filter((r) => r.includes(first!.code))).toHaveLength(0);
      const cancelled = rowsOf(SHEETS.cancelled).filter((r) => r.includes(first!.code));
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0]).toMatch(/Đã hủy/);
      expect(cancelled[0]).toContain('|30|');
      expect(cancelled[0]).toContain('Phan Thị Oanh');
      expect(cancelled[0]).toContain('2026-12-06');
      expect(cancelled[0]).toContain('ghi trung buoi');
      const indicators = workbook.getWorksheet(SHEETS.indicators)!;
      const totals = Array.from(indicators.getSheetValues(), (r) => (Array.isArray(r) ? r.join('|') : ''));
      expect(totals.find((r) => r.includes('Số buổi'))).toMatch(/\|1$/);
      expect(totals.find((r) => r.includes('lượt người'))).toMatch(/\|20$/);
    });
  });
});
