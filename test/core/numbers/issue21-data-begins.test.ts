/**
 * Issue 21, observations 6 and 14: before data begins is not failure; a
 * multi-year plan answers for one year; a period outside a plan says so; every
 * CHITIEU names what its figures count. Figures by hand in the comments.
 */
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import type { Person } from '../../../core/domain/people';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { asStaff } from '../../support/test-core';
import type { Reply } from '../../../core/reply';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { loadPreset, STORES } from './stores';

const i18n: I18n = createI18n();
const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');
const IMPORTED = '2026-11-01T02:00:00.000Z';

function ask(store: OpenStorage, command: OfficerCommand, person: Person, at: Date): Promise<Reply> {
  return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() }).handle(command, asStaff(person), { channel: 'telegram', now: at });
}

describe.each(STORES)('before data begins, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('observation 6: Ba Tơ CHITIEU NAM 2025 is that year of the plan, counting only the commune whose data began (Ba Dinh, back-dated every quarter)', async () => {
    const f = new Fixture('d6');
    // Everything imported 01/11/2026; Ba Dinh's officer back-dated a session in every quarter of 2024 and 2025.
    const district = f.place('ba-to', 'district', null, 'Huyện Ba Tơ', IMPORTED);
    const communes = ['Ba Dinh', 'Ba Tô', 'Ba Vì', 'Ba Xa'].map((n, i) => f.place(`ba-to.x${i}`, 'commune', district, `Xã ${n}`, IMPORTED));
    const village = f.place('ba-to.x0.t', 'village', communes[0]!, 'Thôn Làng Mạ', IMPORTED);
    communes.slice(1).forEach((c) => f.place(`${c._id}.t`, 'village', c, `Thôn của ${c.name}`, IMPORTED));
    const admin = f.person('admin-bt', 'admin', district, { phone: '+84905000801' });
    for (const year of ['2024', '2025']) for (const month of ['02', '05', '08', '11']) f.log(village, `${year}-${month}-10`);
    await f.insert(store);
    await loadPreset(store, 'ba-to-2021-2025.yaml', 'ba-to', vn('2026-11-01'));
    const text = full(await ask(store, { kind: 'targets', period: { kind: 'year', key: '2025' } }, admin, vn('2026-12-06')));
    // 2025 only: Ba Dinh held all four quarters (1 of 1 counted); the three others have no data before 11/2026: out of the count. 50% of 1 = 1.
    expect(text).toContain('(đến 31/12/2025, tính từ 01/01/2025)');
    expect(text).toContain('- Xã duy trì hằng quý: 1/1 (100%); chỉ tiêu 50% = 1; đạt; 3 nơi chưa có dữ liệu, không tính');
  });

  it('observation 6: Thái Nguyên 2021–2025 press items before the province’s data begins are “chưa có dữ liệu”, not 0/60', async () => {
    const f = new Fixture('d6b');
    const tn = f.place('thai-nguyen', 'province', null, 'Tỉnh Thái Nguyên', IMPORTED);
    const commune = f.place('thai-nguyen.x', 'commune', tn, 'Xã Kha Sơn', IMPORTED);
    f.place('thai-nguyen.x.h', 'village', commune, 'Xóm Đồng', IMPORTED);
    const admin = f.person('admin-tn', 'admin', tn, { phone: '+84905000901' });
    await f.insert(store);
    await loadPreset(store, 'thai-nguyen-2021-2025.yaml', 'thai-nguyen', vn('2026-11-01'));
    const text = full(await ask(store, { kind: 'targets', period: { kind: 'year', key: '2025' } }, admin, vn('2026-12-06')));
    expect(text).toContain('- báo, đài ít nhất 1 lần mỗi tháng: chưa có dữ liệu');
    expect(text).not.toMatch(/\/60/);
  });

  it('observation 6: Kẻ Sắt CHITIEU NAM 2025 says the year lies outside the 2026 plan instead of 0/0', async () => {
    const f = new Fixture('d6c');
    const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng');
    const commune = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt');
    f.place('ke-sat.a', 'village', commune, 'Thôn A');
    const officer = f.person('cb-ke-sat', 'officer', commune, { phone: '+84905000201' });
    await f.insert(store);
    await loadPreset(store, 'ke-sat-2026.yaml', 'ke-sat', vn('2026-01-01'));
    const text = full(await ask(store, { kind: 'targets', period: { kind: 'year', key: '2025' } }, officer, vn('2026-12-06')));
    expect(text).toContain('kỳ hỏi nằm ngoài kế hoạch (kế hoạch tính 01/01/2026–31/12/2026)');
    expect(text).not.toContain('0/0');
  });

  it('observation 14: CHITIEU says its figures run to today counting from the plan’s start', async () => {
    const f = new Fixture('d14');
    const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng');
    const commune = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt');
    f.place('ke-sat.a', 'village', commune, 'Thôn A');
    const officer = f.person('cb-ke-sat', 'officer', commune, { phone: '+84905000201' });
    await f.insert(store);
    await loadPreset(store, 'ke-sat-2026.yaml', 'ke-sat', vn('2026-01-01'));
    const text = full(await ask(store, { kind: 'targets' }, officer, vn('2026-12-06')));
    expect(text.split('\n')[0]).toMatch(/\(đến 06\/12\/2026, tính từ 01\/01\/2026\):$/);
  });
});
