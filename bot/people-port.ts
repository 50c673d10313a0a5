import type { Person } from '../core/domain/people';

/**
 * What the bot needs from the roster. `PeopleRepo` (core/repos/people-repo.ts)
 * satisfies it as is; tests can pass a map.
 */
export interface BotPeople extends BlockMarker {
  findByTelegramId(userId: number): Promise<Person | null>;
  /** `phone` is E.164. */
  findByPhone(phone: string): Promise<Person | null>;
  /** Rejects with `DuplicateKeyError` when the Telegram id is already linked to someone else. */
  linkTelegram(personId: string, telegramId: number): Promise<void>;
}

export interface BlockMarker {
  setFields(personId: string, fields: Record<string, unknown>): Promise<void>;
}

/** Set by the sender when Telegram answers 403 (the user blocked the bot), and cleared when the person writes to the bot again. */
export function isTelegramBlocked(person: Person): boolean {
  return typeof person.telegramBlockedAt === 'string' && person.telegramBlockedAt.length > 0;
}
