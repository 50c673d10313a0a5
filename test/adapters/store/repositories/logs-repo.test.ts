import { Fixture } from '../../../core/indicators/fixtures';
import { describeOnBothStores } from './on-both-stores';

describeOnBothStores('the logs repository', (storage) => {
  const f = new Fixture('lr');
  const xa = f.place('x', 'commune', null, 'Xã');
  const dong = f.place('x.dong', 'village', xa, 'Thôn Đông');
  const tay = f.place('x.tay', 'village', xa, 'Thôn Tây');
  const logs = [
    f.log(dong, '2026-03-10', { participants: 12, personId: 'ctv-dong' }),
    f.log(tay, '2026-03-10', { participants: 8, form: 'loa', personId: 'ctv-tay' }),
    f.log(dong, '2026-04-02', { participants: 30, personId: 'ctv-dong' }),
    f.log(tay, '2026-04-15', { participants: 5, cancelled: true, personId: 'ctv-tay' }),
    f.log(dong, '2025-12-30', { participants: 7, personId: 'ctv-dong' }),
  ];
  beforeAll(async () => {
    for (const log of logs) await storage().repos.logs.insert(log);
  });

  it('counts and lists the live logs of one period, leaving cancelled ones out', async () => {
    // 2026: 12 + 8 + 30 live (the 5 of 15 April is cancelled, the 7 is in 2025).
    const year = await storage().repos.logs.liveInPeriod('x', 'year', '2026');
    expect(year).toHaveLength(3);
    expect(year.reduce((sum, l) => sum + l.participants, 0)).toBe(50);
    expect(await storage().repos.logs.countLive('x', 'month', '2026-04')).toBe(1);
    expect(await storage().repos.logs.countLive('x.tay', 'year', '2026')).toBe(1);
  });

  it('gives the live logs between two dates, inclusive, by date then village', async () => {
    const between = await storage().repos.logs.liveBetween('x', '2026-03-10', '2026-04-15');
    expect(between.map((l) => [l.date, l.villageId])).toEqual([
      ['2026-03-10', 'x.dong'],
      ['2026-03-10', 'x.tay'],
      ['2026-04-02', 'x.dong'],
    ]);
  });

  it('fills the web table newest session first, cancelled logs too, narrowed by each filter and cut at the limit', async () => {
    const table = (query = {}, limit = 10) => storage().repos.logs.table('x', query, limit).then((rows) => rows.map((l) => l.date));
    expect(await table()).toEqual(['2026-04-15', '2026-04-02', '2026-03-10', '2026-03-10', '2025-12-30']);
    expect(await table({}, 2)).toEqual(['2026-04-15', '2026-04-02']);
    expect(await table({ villageId: 'x.tay' })).toEqual(['2026-04-15', '2026-03-10']);
    expect(await table({ from: '2026-01-01', to: '2026-04-02' })).toEqual(['2026-04-02', '2026-03-10', '2026-03-10']);
    expect(await table({ form: 'loa' })).toEqual(['2026-03-10']);
    expect(await table({ personId: 'ctv-dong', channel: 'sms' })).toEqual(['2026-04-02', '2026-03-10', '2025-12-30']);
    expect(await table({ channel: 'zalo' })).toEqual([]);
  });

  it('pages the web table: the rows after the first `skip`, in the same order, the two same-day logs never swapping', async () => {
    const ids = (limit: number, skip?: number) => storage().repos.logs.table('x', {}, limit, skip).then((rows) => rows.map((l) => l._id));
    const all = await ids(10);
    expect([...(await ids(2)), ...(await ids(2, 2)), ...(await ids(2, 4))]).toEqual(all);
    expect(await ids(2, 5)).toEqual([]);
  });

  it('a log whose short code clashes in its village is refused, and the next one (a fresh code) is stored and counted', async () => {
    const { logs } = storage().repos;
    const first = f.log(tay, '2026-05-04', { participants: 9, personId: 'ctv-tay' });
    await logs.insert(first);
    const clash = { ...f.log(tay, '2026-05-04', { participants: 11, personId: 'ctv-tay' }), code: first.code };
    await expect(logs.insert(clash)).rejects.toThrow(/duplicate key/);
    await expect(logs.insert(clash)).rejects.toThrow(/duplicate key/);
    await logs.insert({ ...clash, code: first.code === 'ZZ99' ? 'ZZ98' : 'ZZ99' });
    // Thôn Tây in May 2026: 9 + 11, two sessions.
    expect((await logs.liveInPeriod('x.tay', 'month', '2026-05')).map((l) => l.participants).sort((a, b) => a - b)).toEqual([9, 11]);
    expect(await logs.countLive('x', 'month', '2026-05')).toBe(2);
  });
});
