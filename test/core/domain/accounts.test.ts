import { accountDoors, accountsFromLegacy, isBlockedOn, PersonSchema, reachableOn, senderKey, withAccount, withBlocked, withoutAccount } from '../../../core/domain/people';
import { doorFor } from '../../../core/scheduling/deadlines';
import { doorName } from '../../../core/usecases/link-by-code';

const person = (accounts?: Array<{ door: string; id: string; blockedAt?: string | null }>) =>
  PersonSchema.parse({ _id: 'p', name: 'P', role: { kind: 'officer', placeId: 'c' }, placePath: ['c'], createdAt: '2026-01-01T00:00:00.000Z', ...(accounts ? { accounts } : {}) });

describe("a person's chat accounts, one per door", () => {
  it('refuses two accounts on one door, and a door name that is not a channel name', () => {
    expect(() => person([{ door: 'zalo', id: 'a' }, { door: 'zalo', id: 'b' }])).toThrow(/one account per door/);
    expect(() => person([{ door: 'Zalo!', id: 'a' }])).toThrow();
    expect(person([{ door: 'zalo', id: 'a' }, { door: 'signal', id: 'a' }]).accounts).toHaveLength(2);
  });

  it('links, replaces, blocks and unlinks one door without touching the others', () => {
    const linked = withAccount(withAccount(undefined, 'zalo', 'z1'), 'signal', 's1');
    expect(accountDoors({ accounts: linked })).toEqual(['zalo', 'signal']);
    const blocked = withBlocked(linked, 'zalo', '2026-11-20T00:00:00.000Z');
    expect(isBlockedOn({ accounts: blocked }, 'zalo')).toBe(true);
    expect(reachableOn({ accounts: blocked }, 'zalo')).toBe(false);
    expect(reachableOn({ accounts: blocked }, 'signal')).toBe(true);
    // Linking again (a new id) clears the mark; unblocking leaves no empty field.
    expect(withAccount(blocked, 'zalo', 'z2')).toEqual([{ door: 'signal', id: 's1' }, { door: 'zalo', id: 'z2' }]);
    expect(withBlocked(blocked, 'zalo', null)).toEqual(linked);
    expect(withoutAccount(blocked, 'zalo')).toEqual([{ door: 'signal', id: 's1' }]);
  });

  it('keys a sender by door and id as before accounts (`telegram:<id>`), so counters kept under the old keys stay valid', () => {
    expect(senderKey({ kind: 'account', door: 'telegram', id: '123' })).toBe('telegram:123');
    expect(senderKey({ kind: 'phone', phone: '+84905000101' })).toBe('phone:+84905000101');
  });

  it('reads a stored person of before accounts: telegramId (a number) and zaloId with their blocked marks', () => {
    expect(accountsFromLegacy({ _id: 'x', name: 'X' })).toBeNull();
    expect(accountsFromLegacy({ telegramId: 42, telegramBlockedAt: null, zaloId: 'z', zaloBlockedAt: '2026-01-01T00:00:00.000Z' })).toEqual([
      { door: 'telegram', id: '42' },
      { door: 'zalo', id: 'z', blockedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    // Half-migrated (a crash between writes): the account already there wins, nothing is doubled.
    expect(accountsFromLegacy({ accounts: [{ door: 'telegram', id: '42' }], telegramId: 42 })).toEqual([{ door: 'telegram', id: '42' }]);
  });

  it('names a door in replies by its name, the SMS doors as SMS', () => {
    expect(['sms', 'android', 'zalo', 'telegram', 'signal'].map(doorName)).toEqual(['SMS', 'SMS', 'Zalo', 'Telegram', 'Signal']);
  });

  it('names in a deadline reminder the chat door the person is on (Zalo first), a door without its own wording never', () => {
    const worded = (door: string) => door === 'zalo' || door === 'telegram';
    expect(doorFor(person([{ door: 'telegram', id: '1' }, { door: 'zalo', id: 'z' }]), worded)).toBe('zalo');
    expect(doorFor(person([{ door: 'telegram', id: '1' }]), worded)).toBe('telegram');
    expect(doorFor(person([{ door: 'signal', id: 's' }]), worded)).toBe('web');
    expect(doorFor(person(), worded)).toBe('web');
  });
});
