import { MAX_ROSTER_ROWS, rosterCsvOf } from '../../adapters/office/xlsx-roster-reader';
import { rosterBomb } from '../../tools/bench/roster-bomb';
import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';

describe('an .xlsx roster of more rows than any roster', () => {
  it('is refused through the upload page, small as the file is, and nothing is written', async () => {
    const file = await rosterBomb(MAX_ROSTER_ROWS + 5_000);
    // Small enough to pass the upload's 1 MB limit: the rows are what is large.
    expect(file.length).toBeLessThan(1_000_000);
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', file, 'bom.xlsx').expect(400);
    expect(/data-testid="file-error">([^<]*)</.exec(res.text)?.[1]).toContain("quá 20.000 dòng");
    expect(await h.core.repos.places.get('x.bomb')).toBeNull();
  }, 120_000); // making a 25,000-row file is slow on a shared machine; the reading is what is checked

  it('is read up to the limit and no further: one row more than the limit is refused, the limit itself is read', async () => {
    expect(await rosterCsvOf({ originalname: 'a.xlsx', buffer: await rosterBomb(MAX_ROSTER_ROWS) })).toEqual({ ok: false, error: 'too_many_rows' });
    const read = await rosterCsvOf({ originalname: 'a.xlsx', buffer: await rosterBomb(MAX_ROSTER_ROWS - 1) });
    // The header plus MAX_ROSTER_ROWS - 1 rows: exactly MAX_ROSTER_ROWS lines.
    expect(read.ok && read.csv.split('\n').length).toBe(MAX_ROSTER_ROWS);
  }, 120_000);

  it('over the 1 MB upload limit is refused with the upload page (multer, loaded by the first upload, says so)', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', Buffer.alloc(1_000_001, 'a'), 'big.csv').expect(400);
    expect(res.text).toContain('tối đa 1 MB');
  });
});

