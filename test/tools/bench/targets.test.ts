import { formatTable, MEASUREMENTS, type Row } from '../../../tools/bench/targets';

/** Lines as the benches print them (copied from runs), read back into the targets table. */
const OUTPUTS: Record<string, string> = {
  sms: [
    'bare Express, signature only     : 5829 req/s, p50 2 ms, p99 5 ms, 29145 requests in 5 s, non-2xx 0, errors 0',
    'Loa, embedded store, fsync (real): 2040 req/s, p50 7 ms, p99 19 ms, 10200 requests in 5 s, non-2xx 0, errors 0, 10250 logs stored in total (warm-up included)',
    'ratio Loa (fsync)/bare: throughput 0.35, p50 3.5x, p99 3.8x (16 connections, 5 s each, loopback, 2 CPUs shared)',
  ].join('\n'),
  core: 'durable logs/s, realistic spread: 300 villages, ~10 logs per village-month: 4000 logs, 16 sender(s) at once: 2875 logs/s, p50 5.1 ms, p99 12.0 ms',
  statements: 'statements for one TT 45 hop thon: 5 data, 4 transaction control',
  scale: [
    'SQLite     30,000 logs (bulk-seeded in 2 s): province report 40 ms, province Monday summary 52 ms',
    'SQLite    300,000 logs (bulk-seeded in 21 s): province report 95 ms, province Monday summary 120 ms',
  ].join('\n'),
  rss: '  RSS of Loa: 141 MB after warm-up, 146 MB at end (+3.5%, within 20%); embedded store with fsync',
  national: [
    'national: 34 provinces, 3,300 communes, 100,000 villages, 3,000,000 logs',
    '  national report (34 province year reports + plans, one pass): 12,345 ms — 2,940,000 sessions',
    '  Monday run (3,334 officers and admins, rendered for SMS, sends faked): 98,765 ms, 3,334 sent, last week 61,000 sessions',
    'whole run 4.2 min (target < 5 min: met); RSS now 600 MB',
  ].join('\n'),
};

const rowsOf = (name: string): Row[] => MEASUREMENTS.find((m) => m.name === name)!.read(OUTPUTS[name]!);

describe('the issue 23 targets table', () => {
  it('has one measurement for each figure the issue asks, in order', () => {
    expect(MEASUREMENTS.map((m) => m.name)).toEqual(['sms', 'core', 'statements', 'scale', 'rss', 'national']);
  });

  it('reads the SMS ratio and durable logs/s, and tells a met target from a missed one', () => {
    expect(rowsOf('sms')).toEqual([{ what: 'POST /sms: Loa (fsync) / bare Express + signature', value: '0.35', target: '≥ 0.30', met: true }]);
    expect(rowsOf('core')).toEqual([{ what: 'durable logs/s, 16 senders, realistic spread', value: '2875', target: '≥ 3,000', met: false }]);
    expect(rowsOf('statements')[0]).toMatchObject({ value: '5', met: true });
    expect(rowsOf('rss')[0]).toMatchObject({ value: '146 MB', met: true });
  });

  it('reads both sizes of the scale bench and the growth between them (95 / 40 = ×2.4, 120 / 52 = ×2.3)', () => {
    const rows = rowsOf('scale');
    expect(rows.map((r) => [r.what, r.value, r.met])).toEqual([
      ['province report, 30,000 logs', '40 ms', null],
      ['province report, 300,000 logs', '95 ms', true],
      ['province report, growth 30k → 300k', '×2.4', false],
      ['province Monday summary, 30,000 logs', '52 ms', null],
      ['province Monday summary, 300,000 logs', '120 ms', false],
      ['province Monday summary, growth 30k → 300k', '×2.3', false],
    ]);
  });

  it('reads the national run: its report, its Monday run and the whole run against 5 minutes', () => {
    expect(rowsOf('national').map((r) => [r.value, r.met])).toEqual([['12,345 ms', null], ['98,765 ms', null], ['4.2 min', true]]);
  });

  it('says which figure a bench failed to print instead of inventing one', () => {
    expect(() => MEASUREMENTS.find((m) => m.name === 'sms')!.read('Error: listen EADDRINUSE')).toThrow('no figure for the SMS ratio');
  });

  it('prints one aligned line per row with MISSED for a missed target', () => {
    const table = formatTable([...rowsOf('core'), ...rowsOf('statements')]).split('\n');
    expect(table).toHaveLength(2);
    expect(table[0]).toMatch(/2875 +≥ 3,000 +MISSED$/);
    expect(table[1]).toMatch(/ +5 +≤ 6 +met$/);
  });
});
