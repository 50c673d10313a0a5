import { z } from 'zod';
import { PlaceIdSchema } from './places';

export const E164Schema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +84905123456');

export const RoleSchema = z.discriminatedUnion('kind', [
  /** Logs sessions for one village. */
  z.object({ kind: z.literal('collaborator'), placeId: PlaceIdSchema }),
  /** Reads and reminds for one commune (Phòng Văn hóa – Xã hội). */
  z.object({ kind: z.literal('officer'), placeId: PlaceIdSchema }),
  /** Sees and manages a whole subtree (district, province, or the root). */
  z.object({ kind: z.literal('admin'), placeId: PlaceIdSchema }),
]);
export type Role = z.infer<typeof RoleSchema>;
export type RoleKind = Role['kind'];

export const LanguageSchema = z.enum(['vi', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

/** A door's name as channels are named (`telegram`, `zalo`, a new door's own): lowercase, short. */
export const DoorNameSchema = z.string().regex(/^[a-z][a-z0-9-]{1,19}$/);

/**
 * A chat account on one door (Telegram, Zalo, any door whose senders are
 * accounts rather than phone numbers), linked by the person proving their
 * roster phone. The id is the door's own, as text (Telegram's numeric user id
 * in decimal). Adding such a door needs no field here: it is one more entry.
 */
export const AccountSchema = z.object({
  door: DoorNameSchema,
  id: z.string().min(1).max(100),
  /** Set when the door said the person blocked us or is gone; cleared when they write again or link anew. */
  blockedAt: z.string().nullable().optional(),
});
export type Account = z.infer<typeof AccountSchema>;

export const AccountsSchema = z
  .array(AccountSchema)
  .max(20)
  .refine((accounts) => new Set(accounts.map((a) => a.door)).size === accounts.length, 'at most one account per door');

export const PersonSchema = z.object({
  _id: z.string().min(1),
  name: z.string().min(1).max(120),
  role: RoleSchema,
  /** Path of the role's place, copied so subtree queries need no join. */
  placePath: z.array(PlaceIdSchema).min(1),
  phone: E164Schema.optional(),
  /** The chat accounts linked to the person, at most one per door (absent: none). */
  accounts: AccountsSchema.optional(),
  lng: LanguageSchema.default('vi'),
  /** Asked not to receive reminders (they still get replies to their own texts). */
  remindersOff: z.boolean().default(false),
  /** The door their last message came through; outbound messages prefer it. */
  lastChannel: z.string().optional(),
  createdAt: z.string(),
});
export type Person = z.infer<typeof PersonSchema>;

/** An officer or an admin: reads, repairs and reminds for the subtree under their place. */
export type Staff = Person & { role: Extract<Role, { kind: 'officer' | 'admin' }> };

/** The one test for "officer or admin"; every door and use-case asks it here. */
export function isStaff(person: Person): person is Staff {
  return person.role.kind === 'officer' || person.role.kind === 'admin';
}

/** How a sender is known to a channel before we know who they are: a phone number, or an account on a chat door. */
export type SenderIdentity = { kind: 'phone'; phone: string } | AccountIdentity;

/** A chat account as a door names its sender (Telegram's user id in decimal, Zalo's user id). */
export type AccountIdentity = { kind: 'account'; door: string; id: string };

/** People by the place their role is at (collaborators: their village), in the order given. */
export function groupByVillage(people: readonly Person[]): Map<string, Person[]> {
  const byPlace = new Map<string, Person[]>();
  for (const person of people) {
    const list = byPlace.get(person.role.placeId);
    if (list) list.push(person);
    else byPlace.set(person.role.placeId, [person]);
  }
  return byPlace;
}

/** A stable text id of a sender, for counters and one-time code requesters (`<door>:<id>`, `phone:<e164>`). */
export function senderKey(identity: SenderIdentity): string {
  return identity.kind === 'phone' ? `phone:${identity.phone}` : accountKey(identity.door, identity.id);
}

/** One account's key (`telegram:123`, `zalo:e4ea…`): the same text as its sender key, so counters kept under it before stay valid. */
export function accountKey(door: string, id: string): string {
  return `${door}:${id}`;
}

/** The person's account on a door, if linked. */
export function accountOn(person: Pick<Person, 'accounts'>, door: string): Account | undefined {
  return person.accounts?.find((a) => a.door === door);
}

/** Whether the door refused a send to the person's account there (blocked, gone) since they last wrote. */
export function isBlockedOn(person: Pick<Person, 'accounts'>, door: string): boolean {
  const blockedAt = accountOn(person, door)?.blockedAt;
  return typeof blockedAt === 'string' && blockedAt.length > 0;
}

/** Whether an outbound message can go to the person on this chat door: linked there and not blocked. */
export function reachableOn(person: Pick<Person, 'accounts'>, door: string): boolean {
  return accountOn(person, door) !== undefined && !isBlockedOn(person, door);
}

/** The doors the person has an account on, in the order they were linked. */
export function accountDoors(person: Pick<Person, 'accounts'>): string[] {
  return (person.accounts ?? []).map((a) => a.door);
}

/** The accounts with `door` set to `id` (a new link clears a blocked mark; other doors untouched). */
export function withAccount(accounts: readonly Account[] | undefined, door: string, id: string): Account[] {
  const rest = (accounts ?? []).filter((a) => a.door !== door);
  return [...rest, { door, id }];
}

/** The accounts without the one on `door`. */
export function withoutAccount(accounts: readonly Account[] | undefined, door: string): Account[] {
  return (accounts ?? []).filter((a) => a.door !== door);
}

/** The accounts with the one on `door` marked blocked at `at`, or unmarked (null); unchanged when there is none. */
export function withBlocked(accounts: readonly Account[] | undefined, door: string, at: string | null): Account[] {
  return (accounts ?? []).map((a) => {
    if (a.door !== door) return a;
    const { blockedAt: _old, ...rest } = a;
    return at === null ? rest : { ...rest, blockedAt: at };
  });
}

/**
 * A person stored before accounts (Loa ≤ session 5): `telegramId` (a number),
 * `zaloId` and their `…BlockedAt` marks become entries of `accounts`. Returns
 * null when the record has none of those fields (nothing to migrate). Each
 * store runs it once over its people at open; the fields it read are removed.
 */
export function accountsFromLegacy(stored: Record<string, unknown>): Account[] | null {
  const legacy: Array<[door: string, idField: string, blockedField: string]> = [
    ['telegram', 'telegramId', 'telegramBlockedAt'],
    ['zalo', 'zaloId', 'zaloBlockedAt'],
  ];
  if (!legacy.some(([, idField, blockedField]) => idField in stored || blockedField in stored)) return null;
  let accounts = Array.isArray(stored['accounts']) ? (stored['accounts'] as Account[]) : [];
  for (const [door, idField, blockedField] of legacy) {
    const raw = stored[idField];
    const id = typeof raw === 'number' || (typeof raw === 'string' && raw.length > 0) ? String(raw) : null;
    if (id === null || accountOn({ accounts }, door)) continue;
    const blockedAt = stored[blockedField];
    accounts = [...accounts, { door, id, ...(typeof blockedAt === 'string' && blockedAt.length > 0 ? { blockedAt } : {}) }];
  }
  return accounts;
}

/** The stored fields {@link accountsFromLegacy} reads, for the migrations to remove. */
export const LEGACY_ACCOUNT_FIELDS = ['telegramId', 'zaloId', 'telegramBlockedAt', 'zaloBlockedAt'] as const;
