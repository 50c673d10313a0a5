import { accountOn, isBlockedOn, type AccountIdentity, type Person } from '../../core/domain/people';
import type { ChatLinkPeople } from '../../core/usecases/link-by-code';

/** Telegram's door name: its accounts are stored under it (`accounts: [{ door: 'telegram', id: '<user id>' }]`). */
export const TELEGRAM_DOOR = 'telegram';

/**
 * What the bot needs from the roster. `PeopleRepo` (core/repos/people-repo.ts)
 * satisfies it as is; tests can pass a map.
 */
export interface BotPeople extends BlockMarker, ChatLinkPeople {
  findByAccount(door: string, id: string): Promise<Person | null>;
}

export interface BlockMarker {
  setAccountBlocked(personId: string, door: string, at: string | null): Promise<void>;
}

/** A Telegram user as the core knows senders: the numeric user id in decimal. */
export function telegramAccount(userId: number): AccountIdentity {
  return { kind: 'account', door: TELEGRAM_DOOR, id: String(userId) };
}

/** The chat to send to: the person's Telegram user id (a private chat's id is the user's), if linked. */
export function telegramChatId(person: Person): number | undefined {
  const id = accountOn(person, TELEGRAM_DOOR)?.id;
  return id !== undefined && /^\d{1,16}$/.test(id) ? Number(id) : undefined;
}

/** Set by the sender when Telegram answers 403 (the user blocked the bot), and cleared when the person writes to the bot again. */
export function isTelegramBlocked(person: Person): boolean {
  return isBlockedOn(person, TELEGRAM_DOOR);
}
