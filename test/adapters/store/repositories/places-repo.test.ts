import { Fixture } from '../../../core/indicators/fixtures';
import { describeOnBothStores } from './on-both-stores';

describeOnBothStores('the places repository', (storage) => {
  const f = new Fixture();
  const tinhB = f.place('tinh-b', 'province', null, 'Tỉnh B');
  const tinhA = f.place('tinh-a', 'province', null, 'Tỉnh A');
  const xa = f.place('tinh-a.xa', 'commune', tinhA, 'Xã Một');
  const thonZ = f.place('tinh-a.xa.z', 'village', xa, 'Thôn Z');
  const thonY = f.place('tinh-a.xa.y', 'village', xa, 'Thôn Y', '2025-12-01T00:00:00.000Z', '2026-03-01');
  beforeAll(async () => {
    for (const place of [tinhB, tinhA, xa, thonZ, thonY]) await storage().repos.places.insert(place);
  });

  it('lists the top places by id as the scheduler rounds', async () => {
    expect((await storage().repos.places.roots()).map((p) => p._id)).toEqual(['tinh-a', 'tinh-b']);
  });

  it('gives a subtree and children by name, and narrows a subtree to one level', async () => {
    const places = storage().repos.places;
    // By name as stored (byte order): Thôn Y, Thôn Z, Tỉnh A, Xã Một.
    expect((await places.subtree('tinh-a')).map((p) => p._id)).toEqual(['tinh-a.xa.y', 'tinh-a.xa.z', 'tinh-a', 'tinh-a.xa']);
    expect((await places.subtree('tinh-a', 'village')).map((p) => p._id)).toEqual(['tinh-a.xa.y', 'tinh-a.xa.z']);
    expect((await places.children('tinh-a.xa')).map((p) => p._id)).toEqual(['tinh-a.xa.y', 'tinh-a.xa.z']);
  });

  it('drops a start date that a re-import leaves out, and keeps one it repeats', async () => {
    const places = storage().repos.places;
    expect((await places.get('tinh-a.xa.y'))?.since).toBe('2026-03-01');
    const { since: _dropped, ...withoutSince } = thonY;
    await places.upsert(withoutSince);
    expect((await places.get('tinh-a.xa.y'))?.since).toBeUndefined();
    await places.upsert({ ...thonZ, since: '2026-05-01' });
    expect((await places.get('tinh-a.xa.z'))?.since).toBe('2026-05-01');
  });

  it('says whether the store holds any place', async () => {
    expect(await storage().repos.places.isEmpty()).toBe(false);
  });

  it('keeps the date an admin set for the data through a re-import that does not name one', async () => {
    const places = storage().repos.places;
    expect(await places.setDataBegins('tinh-a.xa', '2026-02-01')).toBe(true);
    await places.upsert({ ...xa, name: 'Xã Một (mới)' });
    expect(await places.get('tinh-a.xa')).toMatchObject({ name: 'Xã Một (mới)', dataBegins: '2026-02-01' });
    await places.upsert({ ...xa, dataBegins: '2026-03-01' });
    expect((await places.get('tinh-a.xa'))?.dataBegins).toBe('2026-03-01');
    expect(await places.setDataBegins('tinh-a.xa', null)).toBe(true);
    expect((await places.get('tinh-a.xa'))?.dataBegins).toBeUndefined();
    expect(await places.setDataBegins('nowhere', '2026-01-01')).toBe(false);
  });
});

