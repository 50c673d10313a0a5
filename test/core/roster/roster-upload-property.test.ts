import { repositoriesOn } from '../../../adapters/store/open-storage';
import fs from 'node:fs';
import fc from 'fast-check';
import { DEMO_ROSTER_PATH } from '../../../app/demo-roster';
import type { Person } from '../../../core/domain/people';
import type { Place } from '../../../core/domain/places';
import { importRoster } from '../../../core/roster/import-roster';
import { uploadRoster } from '../../../core/usecases/roster-upload';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { bothStores } from '../../support/core-entry';

const COLUMNS = ['kind', 'id', 'name', 'code', 'parent', 'aliases', 'phone', 'telegram_id', 'language', 'since', 'note', 'KIND', 'Parent'];
const KINDS = ['province', 'district', 'commune', 'village', 'collaborator', 'officer', 'admin', 'Admin', 'boss', ''];
/** Ids of the demo roster on both sides of Kẻ Sắt's border, new ones, and junk. */
const IDS = ['hai-phong', 'ke-sat', 'ke-sat.dong', 'ke-sat.moi', 'thuc-khang', 'thuc-khang.an-ninh', 'cb-ke-sat', 'cb-thuc-khang', 'admin-hai-phong', 'ctv-dong', 'ctv-an-ninh', 'ke-sat.new', 'thuc-khang.new', 'new-province', 'evil', '', 'KE SAT', '../x'];
const PHONES = ['0905000201', '0905000401', '0905000901', '0905000101', '0905000301', '0905000666', '0905000667', '+84905000668', '12', ''];
const TELEGRAM = ['', '', '777001', '777002', '12', 'abc'];
const cell = (pool: string[]) => fc.constantFrom(...pool);

/** A hostile roster file: any columns (repeated, reordered, missing, extra), rows of ids and phones from both sides of the border. */
const rosterFile = fc
  .tuple(fc.array(cell(COLUMNS), { minLength: 1, maxLength: 14 }), fc.array(fc.array(fc.oneof(cell(KINDS), cell(IDS), cell(PHONES), cell(TELEGRAM), fc.constantFrom('Tên', 'vi', 'en', 'X1', '01/07/2026')), { maxLength: 14 }), { maxLength: 5 }))
  .map(([header, rows]) => [header.join(','), ...rows.map((r) => r.join(','))].join('\n'));
/** Values that make a good row of Kẻ Sắt, most of the time; sometimes a hostile one. */
const mostly = (good: string[], hostile: string[]) => fc.oneof({ weight: 12, arbitrary: cell(good) }, { weight: 1, arbitrary: cell(hostile) });

/** A plausible roster file (all required columns, in any order, optional ones or not) whose header may repeat a column. */
const plausibleFile = fc
  .record({
    columns: fc.tuple(fc.shuffledSubarray(['kind', 'id', 'name', 'code', 'parent', 'phone'], { minLength: 6 }), fc.subarray(['aliases', 'telegram_id', 'language', 'since'])).map(([a, b]) => [...a, ...b]),
    extra: fc.array(cell(['kind', 'id', 'parent', 'phone', 'telegram_id']), { maxLength: 1 }),
    rows: fc.array(
      fc.record({
        kind: mostly(['collaborator', 'village'], KINDS),
        id: mostly(['', 'ke-sat.song', 'ke-sat.ho', 'ctv-dong', 'ctv-song', 'ctv-new'], IDS),
        name: cell(['Tên', 'Thôn Mới Lập']),
        code: mostly(['', 'SONG', 'HO'], ['DONG', 'HP', 'TKHANG']),
        parent: mostly(['ke-sat', 'ke-sat.dong', 'ke-sat.song', 'ke-sat.moi'], IDS),
        phone: mostly(['0905000667', '0905000668', '0905000669', '0905000101'], PHONES),
        telegram_id: mostly(['', '777003'], TELEGRAM),
        language: cell(['vi', 'en']),
        aliases: cell(['', 'a;b']),
        since: cell(['', '01/07/2026']),
        extraValues: fc.array(fc.oneof(cell(KINDS), cell(IDS), cell(PHONES)), { minLength: 2, maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ columns, extra, rows }) => {
    const header = [...columns, ...extra];
    const lines = rows.map((r) => [...columns.map((c) => (r as unknown as Record<string, string>)[c] ?? ''), ...extra.map((_, i) => r.extraValues[i] ?? '')].join(','));
    return [header.join(','), ...lines].join('\n');
  });

describe.each(bothStores('loa_roster_prop'))('random roster files from the Kẻ Sắt officer, on %s', (name, openStore) => {
  let store: OpenStorage;
  afterEach(async () => {
    await store.close();
  });

  it('change nothing outside Kẻ Sắt and raise nobody above collaborator inside it', async () => {
    store = await openStore();
    const repos = { places: store.repos.places, people: store.repos.people };
    expect((await importRoster(fs.readFileSync(DEMO_ROSTER_PATH, 'utf8'), repos)).ok).toBe(true);
    await repos.people.linkAccount('cb-thuc-khang', 'telegram', String(777001));
    const officer = (await repos.people.get('cb-ke-sat'))!;

    /** Every place and person whose record lies outside Kẻ Sắt's subtree, or is Kẻ Sắt itself. */
    const outside = async (): Promise<{ places: Place[]; people: Person[] }> => {
      const places: Place[] = [];
      const people: Person[] = [];
      for (const root of await repos.places.roots()) {
        places.push(...(await repos.places.subtree(root._id)).filter((p) => !p.path.includes('ke-sat') || p._id === 'ke-sat'));
        people.push(...(await repos.people.under(root._id)).filter((p) => !p.placePath.includes('ke-sat') || p.role.placeId === 'ke-sat'));
      }
      const byId = (a: { _id: string }, b: { _id: string }) => a._id.localeCompare(b._id);
      return { places: places.sort(byId), people: people.sort(byId) };
    };
    const before = await outside();
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: rosterFile }, { weight: 3, arbitrary: plausibleFile }), async (csv) => {
        const result = await uploadRoster(repos, { viewer: officer, csv, now: new Date('2026-08-20T03:00:00Z') });
        if (result.ok) imported++;
        expect(await outside()).toEqual(before);
        const staffInside = (await repos.people.under('ke-sat')).filter((p) => p.role.kind !== 'collaborator').map((p) => p._id);
        expect(staffInside).toEqual(['cb-ke-sat']);
      }),
      { numRuns: name === 'MongoDB' ? 150 : 1000, seed: 20261206 },
    );
    // The property is only worth something if some files did get in.
    expect(imported).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(`${name}: ${imported} of the random files were imported`);
  }, 240_000);
});
