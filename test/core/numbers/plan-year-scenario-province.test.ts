/**
 * The plan year at province level: Tỉnh Thái Nguyên (preset thai-nguyen-2021-2025,
 * moved to 2026), on both stores. Every figure below is worked out by hand from this table.
 *
 * Roster (imported 01/12/2025 unless said):
 *   Huyện Đại Từ (district admin): Xã Hùng Sơn (officer; Xóm Đồng Tiến, Xóm Na Mao), Xã Tiên Hội (Xóm Đồng Kiệm)
 *   Huyện Phú Lương: Xã Yên Đổ (Xóm Đồng Tâm) — imported 10/03/2026: its data begins then
 *
 * | day        | where                       | what                                    | counts for                               |
 * |------------|-----------------------------|-----------------------------------------|------------------------------------------|
 * | 05 monthly | the province (admin)        | 1 bao, every month but 03, 08 and 10    | press month                              |
 * | 05/08      | the province (admin SMS)    | `TT 1 bao`: 1 tin bai                   | press August                             |
 * | 10/02      | Đồng Kiệm                   | 20 hop                                  | Tiên Hội Q1                              |
 * | 15/03      | Đồng Tâm                    | 20 hop                                  | Yên Đổ Q1 (its first month)              |
 * | 28/03      | Na Mao (officer SMS 03/04)  | 25 hop, back-dated                      | Hùng Sơn Q1, from 03/04 on               |
 * | 10/05      | Đồng Tiến, Đồng Kiệm        | 20 hop each                             | Hùng Sơn, Tiên Hội Q2                    |
 * | 12/05      | the province (admin)        | 50 taphuan cb                           | provincial training 50                   |
 * | 15/06      | Đồng Tâm                    | 60 hop kcn                              | Yên Đổ Q2; kcn reach 60                  |
 * | 15/07      | Na Mao (officer SMS)        | 40 hop dv                               | nothing: cancelled 16/07 (HUY … trung)   |
 * | 15/08      | Đồng Tâm                    | 20 hop                                  | Yên Đổ Q3                                |
 * | 20/08      | Na Mao                      | 80 hop dv                               | Hùng Sơn Q3; dv reach 80                 |
 * | 10/09      | Đồng Tiến (officer SMS 12/09) | 150 hop tn dv kcn hs, no split        | Hùng Sơn Q3; no reach target (unsplit)   |
 * | 15/09      | Xã Hùng Sơn itself (officer)| 20 taphuan cb                           | district/commune training 20             |
 * | 20/10      | Huyện Đại Từ (district admin)| 15 taphuan cb                          | district/commune training 15             |
 * | 10/11      | Đồng Tiến                   | 20 hop                                  | Hùng Sơn Q4                              |
 * | 15/11      | Đồng Tâm                    | 20 hop                                  | Yên Đổ Q4                                |
 * | 06/12      | Đồng Tiến (officer SMS)     | `07/12`: a future day                   | refused, stored nowhere                  |
 *
 * Quarters held: Hùng Sơn Q1(after 03/04) Q2 Q3 Q4; Tiên Hội Q1 Q2; Yên Đổ Q1 Q2 Q3 Q4.
 * Goal: 70% of the communes counted, rounded up (2 → 2, 3 → 3). Press months held: 10 of 12 (not March, October).
 */
import { repositoriesOn } from '../../../adapters/store/open-storage';
import { SHEETS } from '../../../core/officer/export-xlsx';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { loadPreset, STORES } from './stores';
import { full, sheetRows, YearWorld } from './year-scenario';

const IMPORTED_YEN_DO = '2026-03-10T02:00:00.000Z';
/** A people target's verdict from attendances, with what would make it measurable. */
const NO_PEOPLE = 'không đo được số người từ nhật ký (nhật ký đếm lượt người, không đếm người; đo được khi kế hoạch tính theo lượt người)';
const UNSPLIT = '150 lượt người ở buổi nhiều nhóm không chia không được tính';

/** The province admin's headline for a Monday, by hand (see the table). */
function provinceHeadline(monday: string): string {
  if (monday < '2026-02-16') return '0/2, chỉ tiêu 2, còn thiếu 2'; // Q1 running, nobody yet; Yên Đổ not on the roster
  if (monday < '2026-03-16') return '1/2, chỉ tiêu 2, còn thiếu 1'; // Tiên Hội 10/02
  if (monday < '2026-04-06') return '2/3, chỉ tiêu 3, còn thiếu 1'; // Yên Đổ imported 10/03, held 15/03; Hùng Sơn's 28/03 not yet entered
  if (monday < '2026-10-05') return '3/3, chỉ tiêu 3, đạt'; // Q1 (then Q1, Q2) due: all three
  return '2/3, chỉ tiêu 3, còn thiếu 1'; // Q1–Q3 due: Tiên Hội none in Q3
}

/** Hùng Sơn's own part of the province plan for a Monday: quarters held of those due. */
function communeLine(monday: string): [number, number] {
  if (monday < '2026-04-06') return [0, 1]; // Q1 running; its only Q1 session is entered on 03/04
  if (monday < '2026-07-06') return [1, 1];
  if (monday < '2026-10-05') return [2, 2];
  return [3, 3];
}

async function roster(store: OpenStorage) {
  const f = new Fixture('tn');
  const province = f.place('thai-nguyen', 'province', null, 'Tỉnh Thái Nguyên');
  const daiTu = f.place('thai-nguyen.dai-tu', 'district', province, 'Huyện Đại Từ');
  const phuLuong = f.place('thai-nguyen.phu-luong', 'district', province, 'Huyện Phú Lương');
  const hungSon = f.place('thai-nguyen.dai-tu.hung-son', 'commune', daiTu, 'Xã Hùng Sơn');
  const tienHoi = f.place('thai-nguyen.dai-tu.tien-hoi', 'commune', daiTu, 'Xã Tiên Hội');
  const dongTien = f.place('thai-nguyen.dai-tu.hung-son.dtien', 'village', hungSon, 'Xóm Đồng Tiến');
  const naMao = f.place('thai-nguyen.dai-tu.hung-son.na-mao', 'village', hungSon, 'Xóm Na Mao');
  const dongKiem = f.place('thai-nguyen.dai-tu.tien-hoi.dong-kiem', 'village', tienHoi, 'Xóm Đồng Kiệm');
  const admin = f.person('admin-tn', 'admin', province, { name: 'Quản trị Thái Nguyên', phone: '+84905000901' });
  const districtAdmin = f.person('admin-dai-tu', 'admin', daiTu, { name: 'Quản trị Đại Từ', phone: '+84905000905' });
  const officer = f.person('cb-hung-son', 'officer', hungSon, { name: 'Cán bộ Hùng Sơn', phone: '+84905000902' });
  [dongTien, naMao, dongKiem].forEach((v, i) => f.person(`ctv-tn-${i}`, 'collaborator', v, { phone: `+8490500091${i}` }));
  await f.insert(store);
  await loadPreset(store, 'thai-nguyen-2021-2025.yaml', 'thai-nguyen', vn('2026-01-01'), (p) => ({ ...p, id: 'thai-nguyen-2026', period: { from: '2026-01', to: '2026-12' } }));
  const plans = store.repos.plans;
  // Goals in people: services 70% of 100 = 70; industrial zones 60% of 200 = 120; students 70% of 150 = 105;
  // provincial staff 70% of 100 = 70; district and commune staff 50% of 40 = 20.
  const denominators = [['lao-dong-dich-vu', 100], ['lao-dong-kcn', 200], ['hoc-sinh', 150], ['tap-huan-tinh', 100], ['tap-huan-huyen-xa', 40]] as const;
  for (const [target, n] of denominators) expect((await plans.setDenominator('thai-nguyen-2026', target, n, vn('2026-01-01'))).ok).toBe(true);
  return { province, daiTu, phuLuong, hungSon, dongTien, naMao, dongKiem, admin, districtAdmin, officer };
}

describe.each(STORES)('a plan year of the Thái Nguyên province on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeAll(async () => {
    store = await openStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('gives the province admin and a commune officer every Monday, CHITIEU, TONGHOP and XUAT figure worked out by hand', async () => {
    const r = await roster(store);
    const world = new YearWorld(store);
    for (let m = 1; m <= 12; m++) {
      const day = `2026-${String(m).padStart(2, '0')}-05`;
      if (![3, 8, 10].includes(m)) world.bulk(day, (f) => f.log(r.province, day, { participants: 1, form: 'bao', personId: 'admin-tn' }));
    }
    world.sms('2026-08-05', r.admin, 'TT 1 bao', (reply) => expect(reply).toContain('1 tin bai'));
    let dongTam: ReturnType<Fixture['place']> | null = null;
    world.bulk('2026-03-10', (f) => {
      const yenDo = f.place('thai-nguyen.phu-luong.yen-do', 'commune', r.phuLuong, 'Xã Yên Đổ', IMPORTED_YEN_DO);
      dongTam = f.place('thai-nguyen.phu-luong.yen-do.dong-tam', 'village', yenDo, 'Xóm Đồng Tâm', IMPORTED_YEN_DO);
    });
    world.bulk('2026-03-15', (f) => f.log(dongTam!, '2026-03-15'));
    world.bulk('2026-06-15', (f) => f.log(dongTam!, '2026-06-15', { participants: 60, groups: ['kcn'] }));
    for (const day of ['2026-08-15', '2026-11-15']) world.bulk(day, (f) => f.log(dongTam!, day));
    world.bulk('2026-02-10', (f) => f.log(r.dongKiem, '2026-02-10'));
    world.bulk('2026-05-10', (f) => [r.dongTien, r.dongKiem].forEach((v) => f.log(v, '2026-05-10')));
    world.bulk('2026-05-12', (f) => f.log(r.province, '2026-05-12', { participants: 50, form: 'taphuan', groups: ['cb'], personId: 'admin-tn' }));
    world.bulk('2026-08-20', (f) => f.log(r.naMao, '2026-08-20', { participants: 80, groups: ['dv'] }));
    world.bulk('2026-09-15', (f) => f.log(r.hungSon, '2026-09-15', { participants: 20, form: 'taphuan', groups: ['cb'], personId: 'cb-hung-son' }));
    world.bulk('2026-10-20', (f) => f.log(r.daiTu, '2026-10-20', { participants: 15, form: 'taphuan', groups: ['cb'], personId: 'admin-dai-tu' }));
    world.bulk('2026-11-10', (f) => f.log(r.dongTien, '2026-11-10'));

    // The officer's texts: a back-dated log, a log then cancelled, a multi-group log without a split, a typo'd future date.
    world.sms('2026-04-03', r.officer, 'TT @Na Mao 25 hop 28/03', (reply, logs) => {
      expect(reply).toMatch(/^Da ghi TT .*Xom Na Mao, 28\/03/);
      expect(logs.filter((l) => l.date === '2026-03-28')).toHaveLength(1);
    });
    let wrong = '';
    world.sms('2026-07-15', r.officer, 'TT @Na Mao 40 hop dv', (_reply, logs) => {
      wrong = logs.find((l) => l.date === '2026-07-15')!.code;
    });
    world.sms('2026-07-16', r.officer, () => `HUY ${wrong} trung`, (_reply, logs) => expect(logs.find((l) => l.code === wrong)!.cancelledAt).not.toBeNull());
    world.sms('2026-09-12', r.officer, 'TT @Dong Tien 150 hop tn dv kcn hs 10/09', (reply, logs) => {
      // The plan tracks dv, kcn and hs: the log is stored and the split asked for, in one segment.
      const log = logs.find((l) => l.participants === 150)!;
      expect(log).toMatchObject({ date: '2026-09-10', villageId: r.dongTien._id });
      expect(log.participantsByGroup).toBeUndefined();
      expect(reply).toContain(`SUA ${log.code} `);
      expect(reply.length).toBeLessThanOrEqual(160);
    });
    world.sms('2026-12-06', r.officer, 'TT @Dong Tien 30 hop 07/12', (reply, logs) => {
      expect(reply).toMatch(/07\/12.*chua toi/);
      // Neither tomorrow nor 07/12/2025: no village log falls in December of either year.
      expect(logs.filter((l) => l.date.endsWith('-12-07') || (l.date.startsWith('2026-12') && l.form !== 'bao'))).toHaveLength(0);
    });

    await world.runMondays();

    const mondays = [...world.mondays.keys()];
    expect(mondays).toHaveLength(52);
    expect(mondays.map((m) => ({ m, admin: world.line(m, r.admin, 1), officer: world.line(m, r.officer, 1) }))).toEqual(
      mondays.map((m) => {
        const [held, due] = communeLine(m);
        return { m, admin: `Xã duy trì hằng quý: ${provinceHeadline(m)}`, officer: `Xã duy trì hằng quý: Xã Hùng Sơn có buổi ${held}/${due} quý đến hạn; ${held === due ? 'đạt' : 'chưa đạt'}` };
      }),
    );

    // CHITIEU (province admin), asked at year end.
    const chitieu = async (kind: 'month' | 'quarter' | 'year', key: string, day = '2026-12-30') => full(await world.ask({ kind: 'targets', period: { kind, key } }, r.admin, day));
    // February: Q1 the only bucket; Yên Đổ's data begins 10/03, out; Tiên Hội held (10/02), Hùng Sơn's Q1 session is 28/03.
    const february = await chitieu('month', '2026-02');
    expect(february).toContain('- Xã duy trì hằng quý: 1/2 (50%); chỉ tiêu 70% = 2; còn thiếu 1; 1 nơi chưa có dữ liệu, không tính');
    // Press from the province's first own log (05/01): January, February held.
    expect(february).toContain('- báo, đài ít nhất 1 lần mỗi tháng: 2/2 tháng đạt');
    // June (closed): Q1, Q2 due, all three held; press January–June but March: 5/6.
    const june = await chitieu('month', '2026-06');
    expect(june).toContain('- Xã duy trì hằng quý: 3/3 (100%); chỉ tiêu 70% = 3; đạt');
    expect(june).toContain('- báo, đài ít nhất 1 lần mỗi tháng: 5/6 tháng đạt; còn thiếu 1');
    // Q3: Q1–Q3 due, Tiên Hội missed Q3; press January–September but March (August by SMS): 8/9.
    const q3 = await chitieu('quarter', '2026-Q3');
    expect(q3).toContain('- Xã duy trì hằng quý: 2/3 (67%); chỉ tiêu 70% = 3; còn thiếu 1');
    expect(q3).toContain('- báo, đài ít nhất 1 lần mỗi tháng: 8/9 tháng đạt; còn thiếu 1');
    // The year, asked 04/01/2027.
    const year = await chitieu('year', '2026', '2027-01-04');
    expect(year).toContain('- Xã duy trì hằng quý: 2/3 (67%); chỉ tiêu 70% = 3; còn thiếu 1');
    expect(year).toContain('- báo, đài ít nhất 1 lần mỗi tháng: 10/12 tháng đạt; còn thiếu 2');
    // Reach, people targets: attendances as context, no verdict. Services: only Na Mao's 80 (the cancelled 40 out, the unsplit 150 out).
    expect(year).toContain(`- lao động dịch vụ được tuyên truyền: 80 lượt người; chỉ tiêu 70% của 100 = 70 người; ${NO_PEOPLE}; ${UNSPLIT}`);
    expect(year).toContain(`- lao động KCN được tuyên truyền: 60 lượt người; chỉ tiêu 60% của 200 = 120 người; ${NO_PEOPLE}; ${UNSPLIT}`);
    expect(year).toContain(`- học sinh, sinh viên được tuyên truyền: 0 lượt người; chỉ tiêu 70% của 150 = 105 người; ${NO_PEOPLE}; ${UNSPLIT}`);
    // Training: the province's own 50; districts and communes 20 (Hùng Sơn) + 15 (Đại Từ) = 35.
    expect(year).toContain(`- Cán bộ được tập huấn (tỉnh): 50 lượt người; chỉ tiêu 70% của 100 = 70 người; ${NO_PEOPLE}`);
    expect(year).toContain(`- Cán bộ được tập huấn (huyện, xã): 35 lượt người; chỉ tiêu 50% của 40 = 20 người; ${NO_PEOPLE}`);

    // The commune officer's CHITIEU of the year: Hùng Sơn held all four quarters.
    expect(full(await world.ask({ kind: 'targets', period: { kind: 'year', key: '2026' } }, r.officer, '2027-01-04'))).toContain('- Xã duy trì hằng quý: Xã Hùng Sơn có buổi 4/4 quý đến hạn; đạt');

    // TONGHOP QUY 3 (province admin): the plan's headline as of 30/09, then the communes ranked on that measure.
    const tonghop = full(await world.ask({ kind: 'summary', period: { kind: 'quarter', key: '2026-Q3' } }, r.admin, '2026-12-30'));
    expect(tonghop.split('\n')[1]).toBe('Xã duy trì hằng quý: 2/3, chỉ tiêu 3, còn thiếu 1');
    // Communes with a session in Q3: Hùng Sơn, Yên Đổ; villages: Na Mao, Đồng Tiến, Đồng Tâm of 4.
    expect(tonghop).toContain('Xã có buổi trong quý 3/2026: 2/3');
    expect(tonghop).toContain('Thôn có buổi trong quý 3/2026: 3/4');
    expect(tonghop.split('\n').slice(-3)).toEqual(['1. Xã Tiên Hội: có buổi 2/3 quý đến hạn', '2. Xã Hùng Sơn: có buổi 3/3 quý đến hạn', '3. Xã Yên Đổ: có buổi 3/3 quý đến hạn']);
    // Left out: the session total of a province TONGHOP counts its press items as sessions (the `numbers` helper's
    // press-item item). By hand, Q3 without press: 15/08 (20), 20/08 (80), 10/09 (150), 15/09 (20) = 4 sessions, 270 attendances.

    // TONGHOP QUY 3 (Hùng Sơn's officer): attendances by group agree with CHITIEU. Services 80 (Na Mao 20/08; the
    // cancelled 40 out), staff 20 (15/09); the 150 of 10/09 named four groups without a split: under no group, said apart.
    // 80 + 20 + 150 = 250, the quarter's attendances.
    const communeQ3 = full(await world.ask({ kind: 'summary', period: { kind: 'quarter', key: '2026-Q3' } }, r.officer, '2026-12-30'));
    expect(communeQ3).toContain('Số buổi tuyên truyền: 3, số lượt người tham dự: 250');
    expect(communeQ3).toContain('Lượt người theo đối tượng: lao động dịch vụ 80, cán bộ 20, buổi nhiều nhóm không chia 150');
    // Last week's sessions in the officer's Monday summary (line 3): 13–19/07 only the log cancelled on 16/07;
    // 07–13/09 the 150 of 10/09 (sent 12/09).
    expect(world.line('2026-07-20', r.officer, 2)).toBe('Số buổi tuyên truyền: 0, số lượt người tham dự: 0');
    expect(world.line('2026-09-14', r.officer, 2)).toBe('Số buổi tuyên truyền: 1, số lượt người tham dự: 150');
    // The Monday after it: the week 07/09–13/09 held only the unsplit 150.
    expect(world.mondays.get('2026-09-14')!.get(r.officer._id)).toContain('Lượt người theo đối tượng: buổi nhiều nhóm không chia 150');

    // XUAT QUY 3 (Hùng Sơn's officer): three live sessions, oldest first; the cancelled one on its own sheet.
    const file = await world.ask({ kind: 'export', period: { kind: 'quarter', key: '2026-Q3' } }, r.officer, '2026-12-30');
    expect(full(file)).toMatch(/^Tệp báo cáo Xã Hùng Sơn – quý 3\/2026 \(01\/07–30\/09\): 3 buổi tuyên truyền/);
    const sessions = await sheetRows(file, SHEETS.sessions);
    expect(sessions.map((row) => [row[0], row[3], row[4], row[6]])).toEqual([
      ['2026-08-20', 'Xóm Na Mao', 80, 'lao động dịch vụ'],
      ['2026-09-10', 'Xóm Đồng Tiến', 150, expect.stringContaining('thanh niên')],
      ['2026-09-15', '', 20, expect.any(String)],
    ]);
    expect(sessions[1]![11]).toBe('2026-09-12 Cán bộ Hùng Sơn: ghi thay thôn');
    const cancelled = await sheetRows(file, SHEETS.cancelled);
    expect(cancelled.map((row) => [row[0], row[3], row[4], row[9], row[10], row[11]])).toEqual([['2026-07-15', 'Xóm Na Mao', 40, '2026-07-16', 'Cán bộ Hùng Sơn', 'trung']]);
    // The village sheet: a column per month of the quarter. Đồng Tiến: September; Na Mao: August.
    const villages = await sheetRows(file, SHEETS.villages);
    expect(villages.map((row) => row.slice(1, 5))).toEqual([
      ['Xóm Đồng Tiến', 0, 0, 1],
      ['Xóm Na Mao', 0, 1, 0],
    ]);

    // XUAT NAM 2026 (province admin): the indicators sheet carries the year's verdicts as CHITIEU gave them.
    const yearFile = await world.ask({ kind: 'export', period: { kind: 'year', key: '2026' } }, r.admin, '2027-01-04');
    const indicators = await sheetRows(yearFile, SHEETS.indicators);
    // Coverage 2 of 3 (66.7%), goal 3, gap 1; press 10 of 12 months (83.3%), gap 2.
    expect(indicators.slice(0, 2).map((row) => row.slice(2, 7))).toEqual([
      [2, 3, 1, 66.7, 'chưa đạt'],
      [10, 12, 2, 83.3, 'chưa đạt'],
    ]);
  }, 180_000);
});
