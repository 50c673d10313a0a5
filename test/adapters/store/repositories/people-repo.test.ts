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
    f.person('ctv-1', 'collaborator', thon, { name: 'An', telegramId: 1001 }),
    f.person('cb-x2', 'officer', xa2, { name: 'Cường' }),
    f.person('cb-x1', 'officer', xa1, { name: 'Dũng' }),
    f.person('admin-t', 'admin', tinh, { name: 'Em' }),
  ];
  const people_ = (id: string) => people.find((p) => p._id === id)!;
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
    expect((await storage().repos.people.findByTelegramId(1001))?._id).toBe('ctv-1');
    await expect(storage().repos.people.linkTelegram('ctv-2', 1001)).rejects.toBeInstanceOf(DuplicateKeyError);
    expect((await storage().repos.people.get('ctv-2'))?.telegramId).toBeUndefined();
  });

  it('keeps linked chat accounts through a re-import (upsert), and reads a cleared block mark as null', async () => {
    const people = storage().repos.people;
    const officer = people_('cb-x2');
    await people.linkZalo('cb-x2', 'zalo-cuong');
    await people.setFields('cb-x2', { zaloBlockedAt: '2026-11-19T02:00:00.000Z' });
    await people.upsert({ ...officer, name: 'Cường (mới)' });
    expect(await people.get('cb-x2')).toMatchObject({ name: 'Cường (mới)', zaloId: 'zalo-cuong', zaloBlockedAt: '2026-11-19T02:00:00.000Z' });
    await people.setFields('cb-x2', { zaloBlockedAt: null });
    expect((await people.get('cb-x2'))?.zaloBlockedAt).toBeNull();
    expect((await people.findByZaloId('zalo-cuong'))?._id).toBe('cb-x2');
  });

  it('frees an unlinked chat account for someone else, and a second link replaces the first', async () => {
    const people = storage().repos.people;
    await people.linkTelegram('cb-x1', 2002);
    await expect(people.linkTelegram('admin-t', 2002)).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await people.unlinkChat('cb-x1', 'telegram')).toBe(true);
    expect(await people.unlinkChat('cb-x1', 'telegram')).toBe(false);
    await people.linkTelegram('admin-t', 2002);
    await people.linkTelegram('admin-t', 2003);
    expect(await people.findByTelegramId(2002)).toBeNull();
    expect((await people.findByTelegramId(2003))?._id).toBe('admin-t');
    expect((await people.get('cb-x1'))?.telegramId).toBeUndefined();
  });

  it('removes a person with their chat accounts: the account can be linked again', async () => {
    const people = storage().repos.people;
    await people.insert(f.person('ctv-gone', 'collaborator', thon, { name: 'Gone', zaloId: 'zalo-gone' }));
    expect((await people.findByZaloId('zalo-gone'))?._id).toBe('ctv-gone');
    expect(await people.remove('ctv-gone')).toBe(true);
    expect(await people.findByZaloId('zalo-gone')).toBeNull();
    await people.linkZalo('ctv-1', 'zalo-gone');
    expect((await people.findByZaloId('zalo-gone'))?._id).toBe('ctv-1');
  });
});

