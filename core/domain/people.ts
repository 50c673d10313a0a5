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

export const PersonSchema = z.object({
  _id: z.string().min(1),
  name: z.string().min(1).max(120),
  role: RoleSchema,
  /** Path of the role's place, copied so subtree queries need no join. */
  placePath: z.array(PlaceIdSchema).min(1),
  phone: E164Schema.optional(),
  telegramId: z.number().int().positive().optional(),
  /** Zalo Bot Platform user id (a string such as `e4ea2cd5189df1c3a88c`), set by linking with a one-time code. */
  zaloId: z.string().min(1).max(100).optional(),
  lng: LanguageSchema.default('vi'),
  /** Asked not to receive reminders (they still get replies to their own texts). */
  remindersOff: z.boolean().default(false),
  /** The door their last message came through; outbound messages prefer it. */
  lastChannel: z.string().optional(),
  /** Set when Telegram said the person blocked the bot; cleared when they write again. */
  telegramBlockedAt: z.string().nullable().optional(),
  /** Set when Zalo refused a send to the person (blocked or gone); cleared when they write again. */
  zaloBlockedAt: z.string().nullable().optional(),
  createdAt: z.string(),
});
export type Person = z.infer<typeof PersonSchema>;

/** An officer or an admin: reads, repairs and reminds for the subtree under their place. */
export type Staff = Person & { role: Extract<Role, { kind: 'officer' | 'admin' }> };

/** The one test for "officer or admin"; every door and use-case asks it here. */
export function isStaff(person: Person): person is Staff {
  return person.role.kind === 'officer' || person.role.kind === 'admin';
}

/** How a sender is known to a channel before we know who they are. */
export type SenderIdentity =
  | { kind: 'phone'; phone: string }
  | { kind: 'telegram'; userId: number }
  | { kind: 'zalo'; userId: string };

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

/** A stable text id of a sender, for counters and one-time code requesters (`zalo:<id>`, `telegram:<id>`, `phone:<e164>`). */
export function senderKey(identity: SenderIdentity): string {
  return identity.kind === 'phone' ? `phone:${identity.phone}` : `${identity.kind}:${identity.userId}`;
}
