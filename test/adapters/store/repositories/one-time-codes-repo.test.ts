import type { OneTimeCodeRecord } from '../../../../core/usecases/one-time-codes';
import { describeOnBothStores } from './on-both-stores';

const code = (id: string, salt: string): OneTimeCodeRecord => ({
  _id: id,
  purpose: 'link',
  requester: id.slice(5),
  personId: 'ctv-1',
  salt,
  hash: `hash-${salt}`,
  tries: 0,
  expiresAt: '2026-11-20T03:10:00.000Z',
  createdAt: '2026-11-20T03:00:00.000Z',
});

describeOnBothStores('the one-time codes repository', (storage) => {
  it('keeps one live code per requester: a new one replaces the old', async () => {
    const codes = storage().repos.oneTimeCodes;
    await codes.put(code('link:zalo:1', 'old'));
    await codes.put(code('link:zalo:1', 'new'));
    expect(await codes.get('link:zalo:1')).toMatchObject({ salt: 'new', hash: 'hash-new', tries: 0 });
  });

  it('spends at most the allowed tries, even when guesses arrive together', async () => {
    const codes = storage().repos.oneTimeCodes;
    await codes.put(code('link:zalo:2', 's'));
    const spent = await Promise.all(Array.from({ length: 5 }, () => codes.spendTry('link:zalo:2', 's', 3)));
    expect(spent.filter(Boolean)).toHaveLength(3);
    expect((await codes.get('link:zalo:2'))?.tries).toBe(3);
    expect(await codes.spendTry('link:zalo:2', 'other-salt', 10)).toBe(false);
  });

  it('removes a code once, and only the code with that salt', async () => {
    const codes = storage().repos.oneTimeCodes;
    await codes.put(code('link:zalo:3', 's'));
    expect(await codes.remove('link:zalo:3', 'replaced-salt')).toBe(false);
    const removed = await Promise.all([codes.remove('link:zalo:3', 's'), codes.remove('link:zalo:3', 's')]);
    expect(removed.filter(Boolean)).toHaveLength(1);
    expect(await codes.get('link:zalo:3')).toBeNull();
  });
  it('deletes the codes whose ten minutes passed, and keeps a code still running', async () => {
    const codes = storage().repos.oneTimeCodes;
    // Codes left by the tests above expire at 03:10: cleared first, so the counts below are this test's.
    await codes.deleteExpired(new Date('2026-11-20T04:00:00.000Z'));
    await codes.put({ ...code('link:zalo:4', 'a'), expiresAt: '2026-11-20T04:10:00.000Z' });
    await codes.put({ ...code('web-login:b:5', 'b'), expiresAt: '2026-11-20T04:20:00.000Z' });
    expect(await codes.deleteExpired(new Date('2026-11-20T04:10:00.000Z'))).toBe(0);
    expect(await codes.deleteExpired(new Date('2026-11-20T04:15:00.000Z'))).toBe(1);
    expect(await codes.get('link:zalo:4')).toBeNull();
    expect(await codes.get('web-login:b:5')).toMatchObject({ salt: 'b' });
  });
});
