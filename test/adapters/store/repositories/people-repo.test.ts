import { DuplicateKeyError } from '../../../../core/ports/store-errors';
import { Fixture } from '../../../core/indicators/fixtures';
import { describeOnBothStores } from './on-both-stores';

describeOnBothStores('the people repository', (storage) => {
  const f = new Fixture();
  const tinh = f.place('t', 'province', null, 'Tỉnh');
  const xa1 = f.place('t.x1', 'commune', tinh, 'Xã 1');
  const xa2 = f.place('t.x2', 'commune', tinh, 'Xã 2');
  const thon = f.place('t.x1.a', 'village', xa1, 'Thôn A');
  const people = [
    f.person('ctv-2', 'collaborator', thon, { name: 'Bình', phone: '+84905000002' }),
    f.person('ctv-1', 'collaborator', thon, { name: 'An', accounts: [{ door: 'telegram', id: '1001' }] }),
    f.person('cb-x2', 'officer', xa2, { name: 'Cường' }),
    f.person('cb-x1', 'officer', xa1, { name: 'Dũng' }),
    f.person('admin-t', 'admin', tinh, { name: 'Em' }),
  ];
  beforeAll(async () => {
    for (const person of people) await storage().repos.people.insert(person);
  });

  it('gives the people with the ids asked for and leaves unknown ids out', async () => {
    const found = await storage().repos.people.byIds(['cb-x1', 'nobody', 'ctv-1', 'cb-x1']);
    expect(found.map((p) => p._id).sort()).toEqual(['cb-x1', 'ctv-1']);
    expect(await storage().repos.people.byIds([])).toEqual([]);
  });

  it('lists officers and admins by id, under a place or everywhere, never collaborators', async () => {
    expect((await storage().repos.people.staff()).map((p) => p._id)).toEqual(['admin-t', 'cb-x1', 'cb-x2']);
    expect((await storage().repos.people.staff('t.x1')).map((p) => p._id)).toEqual(['cb-x1']);
    expect((await storage().repos.people.staff('t')).map((p) => p._id)).toEqual(['admin-t', 'cb-x1', 'cb-x2']);
  });

  it('names the places where someone has their role, once each, under a scope', async () => {
    // Thôn A has two collaborators, Xã 1 and Xã 2 an officer each, the province its admin.
    expect((await storage().repos.people.staffedPlaceIds('t')).sort()).toEqual(['t', 't.x1', 't.x1.a', 't.x2']);
    expect((await storage().repos.people.staffedPlaceIds('t.x1')).sort()).toEqual(['t.x1', 't.x1.a']);
    expect(await storage().repos.people.staffedPlaceIds('nowhere')).toEqual([]);
  });

  it('lists the collaborators of a village and under a place by name', async () => {
    expect((await storage().repos.people.collaboratorsOf('t.x1.a')).map((p) => p.name)).toEqual(['An', 'Bình']);
    expect((await storage().repos.people.under('t', 'collaborator')).map((p) => p.name)).toEqual(['An', 'Bình']);
    expect((await storage().repos.people.under('t.x1')).map((p) => p.name)).toEqual(['An', 'Bình', 'Dũng']);
  });

  it('finds a person by phone or Telegram id, and refuses a Telegram id linked to someone else', async () => {
    expect((await storage().repos.people.findByPhone('+84905000002'))?._id).toBe('ctv-2');
    expect((await storage().repos.people.findByAccount('telegram', String(1001)))?._id).toBe('ctv-1');
    await expect(storage().repos.people.linkAccount('ctv-2', 'telegram', String(1001))).rejects.toBeInstanceOf(DuplicateKeyError);
    expect((await storage().repos.people.get('ctv-2'))?.accounts ?? []).toEqual([]);
  });
});
