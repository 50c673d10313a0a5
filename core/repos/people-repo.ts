import type { Person, SenderIdentity } from '../domain/people';

/** Collaborators, officers and admins, and the chat accounts linked to them. */
export interface PeopleRepo {
  get(id: string): Promise<Person | null>;
  /** The people with these ids (any order); unknown ids are left out. */
  byIds(ids: string[]): Promise<Person[]>;
  /** Looked up from validated primitives only, never from request objects. */
  findByIdentity(identity: SenderIdentity): Promise<Person | null>;
  findByZaloId(userId: string): Promise<Person | null>;
  findByPhone(phone: string): Promise<Person | null>;
  findByTelegramId(userId: number): Promise<Person | null>;
  /** People whose role sits anywhere under `placeId`, by name. */
  under(placeId: string, role?: Person['role']['kind']): Promise<Person[]>;
  /** Collaborators of one village, by name. */
  collaboratorsOf(villageId: string): Promise<Person[]>;
  /** The places under `scopeId` (included) where someone on the roster has their role, any role; any order. */
  staffedPlaceIds(scopeId: string): Promise<string[]>;
  /** Officers and admins under `placeId` (all of them when omitted), by id. */
  staff(placeId?: string): Promise<Person[]>;
  insert(person: Person): Promise<void>;
  upsert(person: Person): Promise<void>;
  /** Links a Telegram account; rejects with DuplicateKeyError if it is already linked to someone else. */
  linkTelegram(personId: string, telegramId: number): Promise<void>;
  /** Links a Zalo account; rejects with DuplicateKeyError if it is already linked to someone else. */
  linkZalo(personId: string, zaloId: string): Promise<void>;
  /** Removes a chat link (an officer's or admin's decision): the person links again with a new code. True if one was removed. */
  unlinkChat(personId: string, door: 'zalo' | 'telegram'): Promise<boolean>;
  setLastChannel(personId: string, channel: string): Promise<void>;
  setRemindersOff(personId: string, off: boolean): Promise<void>;
  setFields(personId: string, fields: Partial<Omit<Person, '_id'>> & Record<string, unknown>): Promise<void>;
  /** Deletes a person (privacy request). Their logs stay, attributed to the id only. */
  remove(personId: string): Promise<boolean>;
}
