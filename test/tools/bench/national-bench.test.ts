import fs from 'node:fs';
import os from 'node:os';
import { runNational, type NationalRun } from '../../../tools/bench/national-bench';
import { shapeAt } from '../../../tools/bench/national-data';

/**
 * The national bench at a thousandth of the country (34 provinces, 34
 * communes, 100 villages, 3,000 logs): its national figures must be the ones
 * counted by hand from the generator's rules, written out again here:
 * log i is at village i mod 100, on day i mod 333 of 2026, with
 * 10 + i mod 91 participants, cancelled when i mod 50 = 49.
 */
describe('the national simulation bench at a tiny scale', () => {
  const L = 3000;
  const V = 100;
  const live = Array.from({ length: L }, (_, i) => i).filter((i) => i % 50 !== 49);
  let run: NationalRun;
  let leftBehind: string[];

  beforeAll(async () => {
    const before = new Set(fs.readdirSync(os.tmpdir()));
    run = await runNational(shapeAt(0.001));
    leftBehind = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('loa-national-') && !before.has(f));
  }, 120_000);

  it('builds the country at the asked scale', () => {
    expect(run.shape).toEqual({ provinces: 34, communes: 34, villages: V, logs: L });
  });

  it('reports this year the live sessions of the whole country: 3,000 logs less the 60 cancelled', () => {
    // Cancelled: i = 49, 99, …, 2999, one in 50.
    expect(run.national.sessions).toBe(2940);
    expect(live.length).toBe(2940);
  });

  it('reports the participants of the live logs only', () => {
    // All 3,000 logs: 32 full cycles of 10..100 (2,912 logs, 55 each on average) and 88 more (10..97).
    const all = 32 * (91 * 55) + (88 * (10 + 97)) / 2;
    // The cancelled ones: i = 50k + 49 for k = 0..59, 10 + (50k + 49) mod 91 participants each.
    let cancelled = 0;
    for (let k = 0; k < 60; k++) cancelled += 10 + ((50 * k + 49) % 91);
    expect(all).toBe(164_868);
    expect(run.national.participants).toBe(all - cancelled);
    expect(run.national.participants).toBe(live.reduce((n, i) => n + 10 + (i % 91), 0));
  });

  it('counts a village covered when one of its logs is live: every village but 49 and 99, whose logs are all cancelled', () => {
    // Village v holds logs v, v + 100, …: each has i mod 50 = v mod 50.
    expect(run.national.villages).toBe(V);
    expect(run.national.villagesCoveredYear).toBe(98);
  });

  it('sends every officer and admin their Monday summary, telling the sessions of 23–29 November', () => {
    // 23 November 2026 is day 326 of the year counted from 0; 29 November day 332.
    const lastWeek = live.filter((i) => i % 333 >= 326).length;
    expect(run.monday.recipients).toBe(34 + 34);
    expect(run.monday.sent).toBe(68);
    expect(run.monday.rendered).toBe(68);
    expect(run.monday.weekSessions).toBe(lastWeek);
    expect(lastWeek).toBeGreaterThan(0);
  });

  it('times every part and leaves no data folder behind', () => {
    for (const ms of [run.nationalMs, run.provinceMs, run.communeMs, run.mondayMs]) expect(ms).toBeGreaterThan(0);
    expect(leftBehind).toEqual([]);
  });
});
