import { accountOn } from '../../../../core/domain/people';
import { DuplicateKeyError } from '../../../../core/ports/store-errors';
import { Fixture } from '../../../core/indicators/fixtures';
import { describeOnBothStores } from './on-both-stores';

describeOnBothStores('the people repository', (storage, underneath) => {
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
    expect((await storage().repos.people.findByAccount('telegram', String(1001)))?._id).toBe('ctv-1');
    await expect(storage().repos.people.linkAccount('ctv-2', 'telegram', String(1001))).rejects.toBeInstanceOf(DuplicateKeyError);
    expect((await storage().repos.people.get('ctv-2'))?.accounts ?? []).toEqual([]);
  });

  it('keeps one account per door for any door name, and finds a person by the exact door and id only', async () => {
    const repo = storage().repos.people;
    await repo.linkAccount('cb-x1', 'signal', 'u-77');
    await repo.linkAccount('cb-x1', 'zalo', '1001');
    expect((await repo.findByAccount('signal', 'u-77'))?._id).toBe('cb-x1');
    // ctv-1 holds telegram 1001 and cb-x1 zalo 1001: the same id on another door is another account.
    expect((await repo.findByAccount('zalo', '1001'))?._id).toBe('cb-x1');
    expect((await repo.findByAccount('telegram', '1001'))?._id).toBe('ctv-1');
    // A door on one entry and an id on another are no account.
    expect(await repo.findByAccount('signal', '1001')).toBeNull();
    expect(await repo.findByIdentity({ kind: 'account', door: 'signal', id: 'u-77' })).toMatchObject({ _id: 'cb-x1' });
    // Linking the same door again replaces the id there; the other doors stay.
    await repo.linkAccount('cb-x1', 'signal', 'u-78');
    expect(await repo.findByAccount('signal', 'u-77')).toBeNull();
    expect((await repo.get('cb-x1'))?.accounts).toEqual([{ door: 'zalo', id: '1001' }, { door: 'signal', id: 'u-78' }]);
  });

  it('marks and clears a blocked account on one door, and unlinks one door leaving the others', async () => {
    const repo = storage().repos.people;
    await repo.linkAccount('cb-x2', 'signal', 'u-90');
    await repo.linkAccount('cb-x2', 'zalo', 'z-90');
    await repo.setAccountBlocked('cb-x2', 'zalo', '2026-11-20T03:00:00.000Z');
    expect(accountOn((await repo.get('cb-x2'))!, 'zalo')).toEqual({ door: 'zalo', id: 'z-90', blockedAt: '2026-11-20T03:00:00.000Z' });
    expect(accountOn((await repo.get('cb-x2'))!, 'signal')).toEqual({ door: 'signal', id: 'u-90' });
    await repo.setAccountBlocked('cb-x2', 'zalo', null);
    expect(accountOn((await repo.get('cb-x2'))!, 'zalo')).toEqual({ door: 'zalo', id: 'z-90' });
    expect(await repo.unlinkAccount('cb-x2', 'zalo')).toBe(true);
    expect(await repo.unlinkAccount('cb-x2', 'zalo')).toBe(false);
    expect(await repo.findByAccount('zalo', 'z-90')).toBeNull();
    expect((await repo.get('cb-x2'))?.accounts).toEqual([{ door: 'signal', id: 'u-90' }]);
    expect(await repo.unlinkAccount('cb-x2', 'signal')).toBe(true);
    expect((await repo.get('cb-x2'))?.accounts ?? []).toEqual([]);
  });

  it('never leaves one account with two people when two links of it race', async () => {
    const repo = storage().repos.people;
    const results = await Promise.allSettled([repo.linkAccount('admin-t', 'signal', 'race'), repo.linkAccount('ctv-2', 'signal', 'race')]);
    const holders = [await repo.get('admin-t'), await repo.get('ctv-2')].filter((p) => accountOn(p!, 'signal')?.id === 'race');
    expect(holders.length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(holders.length);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicateKeyError);
  });

  it('reads people stored with telegramId, zaloId and their blocked marks (before accounts) as accounts, once migrated at open', async () => {
    // SQLite moves such people in its roster migration (test/adapters/store/roster-migration.test.ts); this is MongoDB's.
    if (storage().kind !== 'mongodb') return;
    // A store made before accounts: the old fields' unique indexes, and people with those fields.
    const raw = underneath().mongo!.collection<{ _id: string; [k: string]: unknown }>('people');
    await raw.createIndex({ telegramId: 1 }, { name: 'people_telegram_unique', unique: true, sparse: true });
    await raw.createIndex({ zaloId: 1 }, { name: 'people_zalo_unique', unique: true, sparse: true });
    const base = { role: { kind: 'collaborator', placeId: 't.x1.a' }, placePath: ['t', 't.x1', 't.x1.a'], lng: 'vi', remindersOff: false, createdAt: '2025-01-01T00:00:00.000Z' };
    await raw.insertMany([
      { _id: 'old-1', name: 'Cũ Một', ...base, phone: '+84905000071', telegramId: 424242, zaloId: 'zalo-old-1', zaloBlockedAt: '2026-01-02T00:00:00.000Z', telegramBlockedAt: null },
      { _id: 'old-2', name: 'Cũ Hai', ...base, zaloId: 'zalo-old-2' },
    ]);
    const reopened = await underneath().reopen();
    const repo = reopened.repos.people;
    expect((await repo.findByAccount('telegram', '424242'))?._id).toBe('old-1');
    expect((await repo.findByIdentity({ kind: 'account', door: 'zalo', id: 'zalo-old-2' }))?._id).toBe('old-2');
    const old = (await repo.get('old-1')) as Record<string, unknown>;
    expect(old['accounts']).toEqual([{ door: 'telegram', id: '424242' }, { door: 'zalo', id: 'zalo-old-1', blockedAt: '2026-01-02T00:00:00.000Z' }]);
    for (const field of ['telegramId', 'zaloId', 'telegramBlockedAt', 'zaloBlockedAt']) expect(old).not.toHaveProperty(field);
    // Migrated accounts are accounts like any other: unique, and unlinked one door at a time.
    await expect(repo.linkAccount('old-2', 'telegram', '424242')).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await repo.unlinkAccount('old-1', 'zalo')).toBe(true);
    expect((await repo.get('old-1'))?.accounts).toEqual([{ door: 'telegram', id: '424242' }]);
    // Opening again changes nothing.
    await underneath().reopen();
    expect((await repo.get('old-2'))?.accounts).toEqual([{ door: 'zalo', id: 'zalo-old-2' }]);
  });

  it('keeps linked chat accounts through a re-import (upsert), and clears a block mark when asked', async () => {
    const people = storage().repos.people;
    const officer = people_('cb-x2');
    await people.linkAccount('cb-x2', 'zalo', 'zalo-cuong');
    await people.setAccountBlocked('cb-x2', 'zalo', '2026-11-19T02:00:00.000Z');
    await people.upsert({ ...officer, name: 'Cường (mới)' });
    expect(await people.get('cb-x2')).toMatchObject({ name: 'Cường (mới)', accounts: [{ door: 'zalo', id: 'zalo-cuong', blockedAt: '2026-11-19T02:00:00.000Z' }] });
    await people.setAccountBlocked('cb-x2', 'zalo', null);
    expect((await people.get('cb-x2'))?.accounts).toEqual([{ door: 'zalo', id: 'zalo-cuong' }]);
    expect((await people.findByAccount('zalo', 'zalo-cuong'))?._id).toBe('cb-x2');
  });

  it('frees an unlinked chat account for someone else, and a second link replaces the first', async () => {
    const people = storage().repos.people;
    await people.linkAccount('cb-x1', 'telegram', '2002');
    await expect(people.linkAccount('admin-t', 'telegram', '2002')).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await people.unlinkAccount('cb-x1', 'telegram')).toBe(true);
    expect(await people.unlinkAccount('cb-x1', 'telegram')).toBe(false);
    await people.linkAccount('admin-t', 'telegram', '2002');
    await people.linkAccount('admin-t', 'telegram', '2003');
    expect(await people.findByAccount('telegram', '2002')).toBeNull();
    expect((await people.findByAccount('telegram', '2003'))?._id).toBe('admin-t');
    expect(accountOn((await people.get('cb-x1'))!, 'telegram')).toBeUndefined();
  });

  it('removes a person with their chat accounts: the account can be linked again', async () => {
    const people = storage().repos.people;
    await people.insert(f.person('ctv-gone', 'collaborator', thon, { name: 'Gone', accounts: [{ door: 'zalo', id: 'zalo-gone' }] }));
    expect((await people.findByAccount('zalo', 'zalo-gone'))?._id).toBe('ctv-gone');
    expect(await people.remove('ctv-gone')).toBe(true);
    expect(await people.findByAccount('zalo', 'zalo-gone')).toBeNull();
    await people.linkAccount('ctv-1', 'zalo', 'zalo-gone');
    expect((await people.findByAccount('zalo', 'zalo-gone'))?._id).toBe('ctv-1');
  });
});

