import { repositoriesOn } from '../../../adapters/store/open-storage';
import fs from 'node:fs';
import { DEMO_ROSTER_PATH } from '../../../app/demo-roster';
import { importRoster, type RosterRepos } from '../../../core/roster/import-roster';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { bothStores } from '../../support/core-entry';

const HEADER = 'kind,id,name,code,parent,aliases,phone,telegram_id,language';

/** A new village with a new collaborator, and a change to An's phone and Telegram id. */
const FILE = [
  HEADER,
  'village,ke-sat.song,Thôn Sông,SONG,ke-sat,,,,',
  'collaborator,ctv-dong,Nguyễn Văn An,,ke-sat.dong,,0905000111,555001,vi',
  'collaborator,ctv-song,Lò Văn Sông,,ke-sat.song,,0905000667,555002,vi',
].join('\n');

describe.each(bothStores('loa_roster_aon'))('a roster import is all-or-nothing, on %s', (_name, openStore) => {
  let store: OpenStorage;
  let repos: RosterRepos;
  beforeEach(async () => {
    store = await openStore();
    repos = { places: store.repos.places, people: store.repos.people };
    expect((await importRoster(fs.readFileSync(DEMO_ROSTER_PATH, 'utf8'), repos)).ok).toBe(true);
  });
  afterEach(async () => {
    await store.close();
  });

  const snapshot = async () => ({ places: await repos.places.subtree('hai-phong'), people: await repos.people.under('hai-phong') });

  it('says a Telegram id linked to someone else meanwhile is a problem of its line and leaves everything as it was', async () => {
    const before = await snapshot();
    let first = true;
    // Thúc Kháng's officer links 555002 between the check and the write.
    const racing: RosterRepos = {
      places: repos.places,
      people: Object.assign(Object.create(repos.people), {
        upsert: async (person: Parameters<RosterRepos['people']['upsert']>[0]) => {
          if (first) await repos.people.linkAccount('cb-thuc-khang', 'telegram', String(555002));
          first = false;
          return repos.people.upsert(person);
        },
      }),
    };
    const result = await importRoster(FILE, racing);
    expect(result).toEqual({ ok: false, problems: [{ line: 4, code: 'taken_meanwhile', values: {} }] });
    const after = await snapshot();
    // Only the racing link itself changed; the new village is gone and An is back as he was (no Telegram id).
    expect(after.places).toEqual(before.places);
    expect(await repos.places.get('ke-sat.song')).toBeNull();
    expect(await repos.people.get('ctv-dong')).toEqual(before.people.find((p) => p._id === 'ctv-dong'));
    expect(after.people.filter((p) => p._id !== 'cb-thuc-khang')).toEqual(before.people.filter((p) => p._id !== 'cb-thuc-khang'));
  });

  it('puts everything back and rethrows when the store fails half-way', async () => {
    const before = await snapshot();
    let calls = 0;
    const failing: RosterRepos = {
      places: repos.places,
      people: Object.assign(Object.create(repos.people), {
        upsert: async (person: Parameters<RosterRepos['people']['upsert']>[0]) => {
          if (++calls === 2) throw new Error('disk gone');
          return repos.people.upsert(person);
        },
      }),
    };
    await expect(importRoster(FILE, failing)).rejects.toThrow('disk gone');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a Telegram id already stored for someone else before writing anything', async () => {
    await repos.people.linkAccount('cb-thuc-khang', 'telegram', String(555002));
    const before = await snapshot();
    const result = await importRoster(FILE, repos);
    expect(result).toEqual({ ok: false, problems: [{ line: 4, code: 'telegram_id_taken', values: { telegramId: 555002 } }] });
    expect(await snapshot()).toEqual(before);
  });
});
