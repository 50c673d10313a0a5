import type { Person, SenderIdentity } from '../domain/people';

/** Collaborators, officers and admins, and the chat accounts linked to them. */
export interface PeopleRepo {
  get(id: string): Promise<Person | null>;
  /** The people with these ids (any order); unknown ids are left out. */
  byIds(ids: string[]): Promise<Person[]>;
  /** Looked up from validated primitives only, never from request objects. */
  findByIdentity(identity: SenderIdentity): Promise<Person | null>;
  findByPhone(phone: string): Promise<Person | null>;
  /** The person whose account on `door` is `id` (any door: the repository knows none by name). */
  findByAccount(door: string, id: string): Promise<Person | null>;
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
  /**
   * Sets the person's account on `door` to `id` (replacing another id there,
   * clearing a blocked mark; their other doors untouched). Rejects with
   * DuplicateKeyError if that account is linked to someone else.
   */
  linkAccount(personId: string, door: string, id: string): Promise<void>;
  /** Removes the person's account on `door` (an officer's or admin's decision): they link again with a new code. True if one was removed. */
  unlinkAccount(personId: string, door: string): Promise<boolean>;
  /** Marks the person's account on `door` blocked at `at` (the door refused a send), or clears the mark (null: they wrote again). */
  setAccountBlocked(personId: string, door: string, at: string | null): Promise<void>;
  setLastChannel(personId: string, channel: string): Promise<void>;
  setRemindersOff(personId: string, off: boolean): Promise<void>;
  setFields(personId: string, fields: Partial<Omit<Person, '_id'>> & Record<string, unknown>): Promise<void>;
  /** Deletes a person (privacy request). Their logs stay, attributed to the id only. */
  remove(personId: string): Promise<boolean>;
}
