/**
 * The plan year at district level: Huyện Ba Tơ (preset ba-to-2021-2025, moved to
 * 2026), on both stores. Every figure below is worked out by hand from this table.
 *
 * Roster (imported 01/12/2025 unless said):
 *   Xã Ba Dinh: Thôn Làng Mạ, Thôn Gò Nghênh   (officer Cán bộ Ba Dinh)
 *   Xã Ba Tô:   Thôn Làng Teng
 *   Xã Ba Xa:   Thôn Gò Út
 *   Xã Ba Vì:   Thôn Vả Ranh — commune and village imported 10/03/2026: data begins then
 *
 * | day   | where               | what                                   | counts for                          |
 * |-------|---------------------|----------------------------------------|-------------------------------------|
 * | 10/01 | Gò Nghênh           | 20 hop                                 | Ba Dinh Q1                           |
 * | 10/02 | Làng Mạ, Làng Teng, Gò Út | 20 hop each                      | Ba Dinh, Ba Tô, Ba Xa Q1             |
 * | 12/03 | Vả Ranh             | 20 hop                                 | Ba Vì Q1 (its first month)           |
 * | 22/04 | Làng Mạ (officer SMS) | 80 hop hs                            | nothing: cancelled 23/04 (HUY … nham ngay) |
 * | 10/05 | Làng Teng           | 120 hop hs                             | Ba Tô Q2; hs reach 120               |
 * | 12/05 | the district        | 30 taphuan cb (district admin)         | training 30; no commune              |
 * | 12/06 | Vả Ranh             | 20 hop                                 | Ba Vì Q2                             |
 * | 20/06 | Gò Nghênh (officer SMS on 15/07, back-dated) | 25 hop          | Ba Dinh Q2, from 15/07 on            |
 * | 10/08 | Làng Mạ             | 20 hop                                 | Ba Dinh Q3                           |
 * | 15/09 | Làng Mạ (officer SMS) | 300 hop hs tn, no split              | Ba Dinh Q3; no hs reach (multi-group)|
 * | 15/09 | Xã Ba Dinh itself   | 10 taphuan cb (officer)                | training 10; Ba Dinh Q3              |
 * | 10/11 | Làng Mạ, Làng Teng  | 20 hop each                            | Ba Dinh, Ba Tô Q4                    |
 * | 12/11 | Vả Ranh             | 20 hop                                 | Ba Vì Q4                             |
 * | 06/12 | Làng Mạ (officer SMS) | `07/12`: a future day               | refused, stored nowhere              |
 *
 * Quarters held: Ba Dinh Q1 Q2(after 15/07) Q3 Q4; Ba Tô Q1 Q2 Q4; Ba Xa Q1; Ba Vì Q1 Q2 Q4.
 * A quarter is due once it has ended (the running one only while it is the only one).
 * Goal: 50% of the communes counted, rounded up (3 → 2, 4 → 2).
 */
import { repositoriesOn } from '../../../adapters/store/open-storage';
import { SHEETS } from '../../../core/officer/export-xlsx';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { loadPreset, STORES } from './stores';
import { full, sheetRows, YearWorld } from './year-scenario';

const IMPORTED_BA_VI = '2026-03-10T02:00:00.000Z';

/** The district admin's headline for a Monday, by hand (see the table). */
function districtHeadline(monday: string): string {
  if (monday < '2026-01-12') return '0/3, chỉ tiêu 2, còn thiếu 2'; // Q1 running, nobody yet; Ba Vì not on the roster
  if (monday < '2026-02-16') return '1/3, chỉ tiêu 2, còn thiếu 1'; // Ba Dinh (Gò Nghênh 10/01)
  if (monday < '2026-03-16') return '3/3, chỉ tiêu 2, đạt'; // + Ba Tô, Ba Xa on 10/02
  if (monday < '2026-07-06') return '4/4, chỉ tiêu 2, đạt'; // Ba Vì imported 10/03, held 12/03; only Q1 due through June
  if (monday < '2026-07-20') return '2/4, chỉ tiêu 2, đạt'; // Q1, Q2 due: Ba Dinh's Q2 was cancelled, Ba Xa none → Ba Tô, Ba Vì
  if (monday < '2026-10-05') return '3/4, chỉ tiêu 2, đạt'; // 15/07 repair gives Ba Dinh Q2
  return '1/4, chỉ tiêu 2, còn thiếu 1'; // Q1–Q3 due: Ba Tô, Ba Vì missed Q3, Ba Xa after Q1 → Ba Dinh only
}

/** Ba Dinh's own part of the district plan for a Monday: quarters held of those due. */
function communeLine(monday: string): [number, number] {
  if (monday < '2026-01-12') return [0, 1];
  if (monday < '2026-07-06') return [1, 1];
  if (monday < '2026-07-20') return [1, 2]; // Q2 cancelled, not yet repaired
  if (monday < '2026-10-05') return [2, 2];
  return [3, 3];
}

async function roster(store: OpenStorage) {
  const f = new Fixture('bt');
  const district = f.place('ba-to', 'district', null, 'Huyện Ba Tơ');
  const [baDinh, baTo, baXa] = [
    ['ba-dinh', 'Xã Ba Dinh'],
    ['ba-to-xa', 'Xã Ba Tô'],
    ['ba-xa', 'Xã Ba Xa'],
  ].map(([id, name]) => f.place(`ba-to.${id}`, 'commune', district, name!));
  const langMa = f.place('ba-to.ba-dinh.lang-ma', 'village', baDinh!, 'Thôn Làng Mạ');
  const goNghenh = f.place('ba-to.ba-dinh.go-nghenh', 'village', baDinh!, 'Thôn Gò Nghênh');
  const langTeng = f.place('ba-to.ba-to-xa.lang-teng', 'village', baTo!, 'Thôn Làng Teng');
  const goUt = f.place('ba-to.ba-xa.go-ut', 'village', baXa!, 'Thôn Gò Út');
  const admin = f.person('admin-bt', 'admin', district, { name: 'Quản trị Ba Tơ', phone: '+84905000801' });
  const officer = f.person('cb-ba-dinh', 'officer', baDinh!, { name: 'Cán bộ Ba Dinh', phone: '+84905000802' });
  [langMa, goNghenh, langTeng, goUt].forEach((v, i) => f.person(`ctv-bt-${i}`, 'collaborator', v, { phone: `+8490500081${i}` }));
  await f.insert(store);
  await loadPreset(store, 'ba-to-2021-2025.yaml', 'ba-to', vn('2026-01-01'), (p) => ({ ...p, id: 'ba-to-2026', period: { from: '2026-01', to: '2026-12' } }));
  const plans = store.repos.plans;
  // Students 500 (80% → 400 people), district and commune staff 60 (50% → 30 people).
  for (const [target, n] of [['hoc-sinh', 500], ['tap-huan', 60]] as const) expect((await plans.setDenominator('ba-to-2026', target, n, vn('2026-01-01'))).ok).toBe(true);
  return { district, baDinh: baDinh!, langMa, goNghenh, langTeng, goUt, admin, officer };
}

describe.each(STORES)('a plan year of the Ba Tơ district on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeAll(async () => {
    store = await openStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('gives the district admin and a commune officer every Monday, CHITIEU, TONGHOP and XUAT figure worked out by hand', async () => {
    const r = await roster(store);
    const world = new YearWorld(store);
    world.bulk('2026-01-10', (f) => f.log(r.goNghenh, '2026-01-10'));
    world.bulk('2026-02-10', (f) => [r.langMa, r.langTeng, r.goUt].forEach((v) => f.log(v, '2026-02-10')));
    let vaRanh: ReturnType<Fixture['place']> | null = null;
    world.bulk('2026-03-10', (f) => {
      const baVi = f.place('ba-to.ba-vi', 'commune', r.district, 'Xã Ba Vì', IMPORTED_BA_VI);
      vaRanh = f.place('ba-to.ba-vi.va-ranh', 'village', baVi, 'Thôn Vả Ranh', IMPORTED_BA_VI);
    });
    for (const day of ['2026-03-12', '2026-06-12', '2026-11-12']) world.bulk(day, (f) => f.log(vaRanh!, day));
    world.bulk('2026-05-10', (f) => f.log(r.langTeng, '2026-05-10', { participants: 120, groups: ['hs'] }));
    world.bulk('2026-05-12', (f) => f.log(r.district, '2026-05-12', { participants: 30, form: 'taphuan', groups: ['cb'], personId: 'admin-bt' }));
    world.bulk('2026-08-10', (f) => f.log(r.langMa, '2026-08-10'));
    world.bulk('2026-09-15', (f) => f.log(r.baDinh, '2026-09-15', { participants: 10, form: 'taphuan', groups: ['cb'], personId: 'cb-ba-dinh' }));
    world.bulk('2026-11-10', (f) => [r.langMa, r.langTeng].forEach((v) => f.log(v, '2026-11-10')));

    // The officer's texts: a log then cancelled, a back-dated repair, a multi-group log, a typo'd future date.
    let wrong = '';
    world.sms('2026-04-22', r.officer, 'TT @Lang Ma 80 hop hs', (reply, logs) => {
      wrong = logs.find((l) => l.date === '2026-04-22')!.code;
      expect(reply).toMatch(/^Da ghi TT #\w+: 80 nguoi, .*Thon Lang Ma, 22\/04\./);
    });
    world.sms('2026-04-23', r.officer, () => `HUY ${wrong} nham ngay`, (_reply, logs) => {
      expect(logs.find((l) => l.code === wrong)!.cancelledAt).not.toBeNull();
    });
    world.sms('2026-07-15', r.officer, 'TT @Go Nghenh 25 hop 20/06', (reply, logs) => {
      expect(reply).toMatch(/^Da ghi TT .*Thon Go Nghenh, 20\/06/);
      expect(logs.filter((l) => l.date === '2026-06-20')).toHaveLength(1);
    });
    world.sms('2026-09-15', r.officer, 'TT @Lang Ma 300 hop hs tn', (reply, logs) => {
      // Only hs is tracked by the Ba Tơ plan: no split is asked; the log is stored with both groups.
      expect(reply).toMatch(/^Da ghi TT #\w+: 300 nguoi/);
      expect(logs.find((l) => l.participants === 300)).toMatchObject({ groups: ['hs', 'tn'], date: '2026-09-15' });
    });
    world.sms('2026-12-06', r.officer, 'TT @Lang Ma 30 hop 07/12', (reply, logs) => {
      expect(reply).toMatch(/07\/12.*chua toi/);
      // Neither tomorrow nor 07/12/2025 (no other log falls in December of either year).
      expect(logs.filter((l) => l.date.endsWith('-12-07') || l.date.startsWith('2026-12'))).toHaveLength(0);
    });

    await world.runMondays();

    // Every Monday: the district admin leads with the district plan's headline; the officer sees Ba Dinh's part of it.
    const headlines = [...world.mondays.keys()].map((m) => ({ m, admin: world.line(m, r.admin, 1), officer: world.line(m, r.officer, 1) }));
    expect(headlines).toHaveLength(52);
    expect(headlines).toEqual(
      [...world.mondays.keys()].map((m) => {
        const [held, due] = communeLine(m);
        return { m, admin: `Xã duy trì hằng quý: ${districtHeadline(m)}`, officer: `Xã duy trì hằng quý: Xã Ba Dinh có buổi ${held}/${due} quý đến hạn; ${held === due ? 'đạt' : 'chưa đạt'}` };
      }),
    );

    // Last week's sessions in the district admin's summary (line 3), by hand from the table.
    const lastWeek = (m: string) => world.line(m, r.admin, 2);
    expect(lastWeek('2026-04-27')).toBe('Số buổi tuyên truyền: 0, số lượt người tham dự: 0'); // 20–26/04: the 22/04 log was cancelled
    expect(lastWeek('2026-05-18')).toBe('Số buổi tuyên truyền: 1, số lượt người tham dự: 30'); // 11–17/05: the district's training
    expect(lastWeek('2026-09-21')).toBe('Số buổi tuyên truyền: 2, số lượt người tham dự: 310'); // 14–20/09: 300 + Ba Dinh's training 10
    expect(lastWeek('2026-11-16')).toBe('Số buổi tuyên truyền: 3, số lượt người tham dự: 60'); // 09–15/11: Làng Mạ, Làng Teng, Vả Ranh

    // The week 14/09–20/09 at Ba Dinh: its own training (10 staff) and the 300 of hs + tn without a split, under no group.
    expect(world.mondays.get('2026-09-21')!.get(r.officer._id)).toContain('Lượt người theo đối tượng: cán bộ 10, buổi nhiều nhóm không chia 300');

    // CHITIEU (district admin), asked at year end.
    const chitieu = async (kind: 'month' | 'quarter' | 'year', key: string, day = '2026-12-30') => full(await world.ask({ kind: 'targets', period: { kind, key } }, r.admin, day));
    // February: Q1 still running (the only bucket); Ba Vì's data begins 10/03, out of the count; the other three held Q1.
    expect(await chitieu('month', '2026-02')).toContain('- Xã duy trì hằng quý: 3/3 (100%); chỉ tiêu 50% = 2; đạt; 1 nơi chưa có dữ liệu, không tính');
    // June (closed): Q1, Q2 due; Ba Dinh (repaired), Ba Tô, Ba Vì.
    expect(await chitieu('month', '2026-06')).toContain('- Xã duy trì hằng quý: 3/4 (75%); chỉ tiêu 50% = 2; đạt');
    // Q3: Q1–Q3 due; Ba Dinh only.
    expect(await chitieu('quarter', '2026-Q3')).toContain('- Xã duy trì hằng quý: 1/4 (25%); chỉ tiêu 50% = 2; còn thiếu 1');
    // The year, asked 04/01/2027: Q1–Q4; Ba Dinh only (Ba Tô, Ba Vì missed Q3).
    const year = await chitieu('year', '2026', '2027-01-04');
    expect(year).toContain('- Xã duy trì hằng quý: 1/4 (25%); chỉ tiêu 50% = 2; còn thiếu 1');
    // Students: 120 single-group attendances (10/05); the cancelled 80 out; the 300 of hs+tn unsplit. People target: no verdict.
    expect(year).toMatch(/- học sinh[^\n]*: 120 lượt người; chỉ tiêu 80% của 500 = 400 người; không đo được số người từ nhật ký/);
    expect(year).toMatch(/300 lượt người ở buổi nhiều nhóm không chia không được tính/);
    // Training: district 30 + Ba Dinh's own 10 = 40 attendances; 50% of 60 = 30 people.
    expect(year).toMatch(/: 40 lượt người; chỉ tiêu 50% của 60 = 30 người; không đo được số người từ nhật ký/);

    // The commune officer's CHITIEU of the year: Ba Dinh held all four quarters.
    expect(full(await world.ask({ kind: 'targets', period: { kind: 'year', key: '2026' } }, r.officer, '2027-01-04'))).toContain('- Xã duy trì hằng quý: Xã Ba Dinh có buổi 4/4 quý đến hạn; đạt');

    // February asked at year end: Ba Vì's data begins 10/03, so it and Vả Ranh are out of February's count everywhere,
    // as CHITIEU has them (not failures): communes 3 of 3 held a session (Ba Dinh, Ba Tô, Ba Xa on 10/02);
    // villages 3 of 4 (Làng Mạ, Làng Teng, Gò Út; Gò Nghênh's was in January).
    const tonghopFeb = full(await world.ask({ kind: 'summary', period: { kind: 'month', key: '2026-02' } }, r.admin, '2026-12-30'));
    expect(tonghopFeb).toContain('Xã có buổi trong tháng 2: 3/3');
    expect(tonghopFeb).toContain('Thôn có buổi trong tháng 2: 3/4');
    const chuaFeb = full(await world.ask({ kind: 'quiet', period: { kind: 'month', key: '2026-02' } }, r.admin, '2026-12-30'));
    expect(chuaFeb).toContain('1/4 thôn');
    expect(chuaFeb).not.toContain('Vả Ranh');

    // TONGHOP QUY 3 (district admin): the plan headline as of 30/09, then Q3's own coverage: only Ba Dinh had sessions
    // (10/08, the 300 on 15/09, its own training 15/09): 3 sessions, 20 + 300 + 10 = 330 attendances.
    const q3 = full(await world.ask({ kind: 'summary', period: { kind: 'quarter', key: '2026-Q3' } }, r.admin, '2026-12-30'));
    expect(q3.split('\n')[1]).toBe('Xã duy trì hằng quý: 1/4, chỉ tiêu 2, còn thiếu 1');
    expect(q3).toContain('Xã có buổi trong quý 3/2026: 1/4');
    expect(q3).toContain('Số buổi tuyên truyền: 3, số lượt người tham dự: 330');
    // Villages: only Làng Mạ of the five had a session in Q3.
    expect(q3).toContain('Thôn có buổi trong quý 3/2026: 1/5');
    // Ranked on the plan's own measure, quarters held of Q1–Q3: Ba Xa Q1; Ba Tô, Ba Vì Q1–Q2; Ba Dinh all three.
    expect(q3.split('\n').slice(-4)).toEqual([
      '1. Xã Ba Xa: có buổi 1/3 quý đến hạn',
      '2. Xã Ba Tô: có buổi 2/3 quý đến hạn',
      '3. Xã Ba Vì: có buổi 2/3 quý đến hạn',
      '4. Xã Ba Dinh: có buổi 3/3 quý đến hạn',
    ]);
    // TONGHOP NAM 2026: 15 live sessions (2 Gò Nghênh, 4 Làng Mạ, 3 Làng Teng, 1 Gò Út, 3 Vả Ranh, 2 trainings);
    // attendances 45 + 360 + 160 + 20 + 60 + 40 = 685. Neither the cancelled 80 nor the refused 30.
    const y = full(await world.ask({ kind: 'summary', period: { kind: 'year', key: '2026' } }, r.admin, '2027-01-04'));
    expect(y).toContain('Số buổi tuyên truyền: 15, số lượt người tham dự: 685');

    // XUAT QUY 2 (district admin): four live sessions, oldest first; the cancelled one on its own sheet.
    const q2 = await world.ask({ kind: 'export', period: { kind: 'quarter', key: '2026-Q2' } }, r.admin, '2026-12-30');
    expect(full(q2)).toBe('Tệp báo cáo Huyện Ba Tơ – quý 2/2026 (01/04–30/06): 4 buổi tuyên truyền, 3 chỉ tiêu.');
    const sessions = await sheetRows(q2, SHEETS.sessions);
    expect(sessions.map((row) => [row[0], row[2], row[3], row[4]])).toEqual([
      ['2026-05-10', 'Xã Ba Tô', 'Thôn Làng Teng', 120],
      ['2026-05-12', '', '', 30],
      ['2026-06-12', 'Xã Ba Vì', 'Thôn Vả Ranh', 20],
      ['2026-06-20', 'Xã Ba Dinh', 'Thôn Gò Nghênh', 25],
    ]);
    expect(sessions[3]![11]).toBe('2026-07-15 Cán bộ Ba Dinh: ghi thay thôn');
    const cancelled = await sheetRows(q2, SHEETS.cancelled);
    expect(cancelled.map((row) => [row[0], row[3], row[4], row[9], row[10], row[11]])).toEqual([['2026-04-22', 'Thôn Làng Mạ', 80, '2026-04-23', 'Cán bộ Ba Dinh', 'nham ngay']]);
    // The coverage row as of 30/06: 3 of 4 maintained, goal 2, nothing missing, met.
    const indicators = await sheetRows(q2, SHEETS.indicators);
    expect(indicators[0]!.slice(2, 7)).toEqual([3, 2, 0, 75, 'đạt']);

    // XUAT NAM 2026 (district admin), village sheet: a column per month, December's and the year's sessions, and
    // silence as of 31/12 (no session 02/12–31/12). Last sessions: Gò Nghênh 20/06, Gò Út 10/02, Làng Mạ, Làng Teng
    // 10/11, Vả Ranh 12/11: all five silent, as the year's TONGHOP says for Ba Dinh's two.
    const yearFile = await world.ask({ kind: 'export', period: { kind: 'year', key: '2026' } }, r.admin, '2027-01-04');
    expect(full(yearFile)).toBe('Tệp báo cáo Huyện Ba Tơ – năm 2026 (01/01–31/12): 15 buổi tuyên truyền, 3 chỉ tiêu.');
    //                              01 02 03 04 05 06 07 08 09 10 11 12  Dec year silent
    expect(await sheetRows(yearFile, SHEETS.villages)).toEqual([
      ['Xã Ba Dinh', 'Thôn Gò Nghênh', 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 'có'],
      ['Xã Ba Xa', 'Thôn Gò Út', /*  */ 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'có'],
      ['Xã Ba Dinh', 'Thôn Làng Mạ', /**/ 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 4, 'có'],
      ['Xã Ba Tô', 'Thôn Làng Teng', 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 3, 'có'],
      ['Xã Ba Vì', 'Thôn Vả Ranh', /**/ 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 3, 'có'],
    ]);
    const officerYear = full(await world.ask({ kind: 'summary', period: { kind: 'year', key: '2026' } }, r.officer, '2027-01-04'));
    expect(officerYear).toContain('Thôn im lặng từ 30 ngày trở lên (2): Thôn Gò Nghênh, Thôn Làng Mạ');
  }, 180_000);
});

