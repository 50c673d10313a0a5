import type { Person } from '../../core/domain/people';
import type { ChatLinkPeople } from '../../core/usecases/link-by-code';

/**
 * What the bot needs from the roster. `PeopleRepo` (core/repos/people-repo.ts)
 * satisfies it as is; tests can pass a map.
 */
export interface BotPeople extends BlockMarker, ChatLinkPeople {
  findByTelegramId(userId: number): Promise<Person | null>;
}

export interface BlockMarker {
  setFields(personId: string, fields: Record<string, unknown>): Promise<void>;
}

/** Set by the sender when Telegram answers 403 (the user blocked the bot), and cleared when the person writes to the bot again. */
export function isTelegramBlocked(person: Person): boolean {
  return typeof person.telegramBlockedAt === 'string' && person.telegramBlockedAt.length > 0;
}
