/**
 * Issue 21, observations 3, 13 (a commune against the district plan) and 15
 * (one measure per list): every level leads with its own plan. Figures by hand.
 */
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import type { Person } from '../../../core/domain/people';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { asStaff } from '../../support/test-core';
import type { Reply } from '../../../core/reply';
import { runWeeklySummaries } from '../../../core/scheduling/weekly-summary';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { loadPreset, STORES } from './stores';

const i18n: I18n = createI18n();
const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');
const sms = (r: Reply): string => renderReply(i18n, r, 'vi', 'sms');

function ask(store: OpenStorage, command: OfficerCommand, person: Person, at: Date, channel: 'telegram' | 'sms' = 'telegram'): Promise<Reply> {
  return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() }).handle(command, asStaff(person), { channel, now: at });
}

/**
 * Huyện Ba Tơ (the preset moved to 2026), four communes with one village each.
 * Ba Dinh, Ba Tô and Ba Vì hold a session every quarter (Q1–Q3); Ba Xa only in Q1.
 * Asked on 15/10: Q1–Q3 due → Ba Xa 1/3, the others 3/3; maintained 3/4; 50% of 4 = 2 → met.
 */
async function baTo(store: OpenStorage) {
  const f = new Fixture('lv');
  const district = f.place('ba-to', 'district', null, 'Huyện Ba Tơ');
  const communes = ['Ba Dinh', 'Ba Tô', 'Ba Vì', 'Ba Xa'].map((n, i) => f.place(`ba-to.x${i}`, 'commune', district, `Xã ${n}`));
  const villages = communes.map((c) => f.place(`${c._id}.t`, 'village', c, `Thôn của ${c.name}`));
  const admin = f.person('admin-bt', 'admin', district, { name: 'Quản trị Ba Tơ', phone: '+84905000801' });
  const officer = f.person('cb-ba-dinh', 'officer', communes[0]!, { name: 'Cán bộ Ba Dinh', phone: '+84905000802' });
  villages.slice(0, 3).forEach((v) => ['2026-02-10', '2026-05-10', '2026-08-10'].forEach((d) => f.log(v, d)));
  f.log(villages[3]!, '2026-02-11');
  await f.insert(store);
  await loadPreset(store, 'ba-to-2021-2025.yaml', 'ba-to', vn('2026-01-01'), (p) => ({ ...p, id: 'ba-to-2026', period: { from: '2026-01', to: '2026-12' } }));
  return { admin, officer };
}

describe.each(STORES)('every level leads with its own plan, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('observation 3: the district TONGHOP leads with the plan headline CHITIEU gives, then communes furthest behind on that measure', async () => {
    const { admin } = await baTo(store);
    const at = vn('2026-10-15');
    expect(full(await ask(store, { kind: 'targets' }, admin, at))).toContain('- Xã duy trì hằng quý: 3/4 (75%); chỉ tiêu 50% = 2; đạt');
    const lines = full(await ask(store, { kind: 'summary', period: { kind: 'month' } }, admin, at)).split('\n');
    expect(lines[1]).toBe('Xã duy trì hằng quý: 3/4, chỉ tiêu 2, đạt');
    const ranking = lines.slice(lines.indexOf('Các xã, xếp từ xa chỉ tiêu nhất (Xã duy trì hằng quý):') + 1);
    expect(ranking).toEqual([
      '1. Xã Ba Xa: có buổi 1/3 quý đến hạn',
      '2. Xã Ba Dinh: có buổi 3/3 quý đến hạn',
      '3. Xã Ba Tô: có buổi 3/3 quý đến hạn',
      '4. Xã Ba Vì: có buổi 3/3 quý đến hạn',
    ]);
    // The SMS names its one measure and never mixes in this month's coverage.
    const text = sms(await ask(store, { kind: 'summary', period: { kind: 'month' } }, admin, at, 'sms'));
    expect(text).toContain('Xa duy tri 3/4, chi tieu 2.');
    expect(text).toContain('Thap nhat (Xa duy tri): Xa Ba Xa 1/3, Xa Ba Dinh 3/3');
    expect(text).not.toMatch(/\d%/);
  });

  it('observation 3: the Monday summary of the district admin leads with the same headline', async () => {
    const { admin } = await baTo(store);
    const outbound = new RecordingOutbound();
    const engine = onStore(store).engine;
    await runWeeklySummaries({ ...onStore(store), engine, outbound, i18n, owner: 'test' }, '2026-W42', vn('2026-10-12', 7));
    const summary = full(outbound.to(admin._id)[0]!.reply);
    expect(summary.split('\n')[1]).toBe('Xã duy trì hằng quý: 3/4, chỉ tiêu 2, đạt');
  });

  it('observation 13: a commune officer sees the commune against the district plan', async () => {
    const { officer } = await baTo(store);
    const text = full(await ask(store, { kind: 'targets' }, officer, vn('2026-10-15')));
    expect(text).not.toContain('Chưa có kế hoạch');
    // Ba Dinh held Q1, Q2, Q3: 3 of 3 due quarters.
    expect(text).toContain('- Xã duy trì hằng quý: Xã Ba Dinh có buổi 3/3 quý đến hạn; đạt');
    const summary = full(await ask(store, { kind: 'summary', period: { kind: 'month' } }, officer, vn('2026-10-15')));
    expect(summary.split('\n')[1]).toBe('Xã duy trì hằng quý: Xã Ba Dinh có buổi 3/3 quý đến hạn; đạt');
  });
});
