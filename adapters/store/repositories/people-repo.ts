import type { Collection, DocumentStore, Filter } from '../document-store';
import { COLLECTIONS } from '../collections';
import {
  accountKey,
  accountsFromLegacy,
  AccountSchema,
  E164Schema,
  LEGACY_ACCOUNT_FIELDS,
  PersonSchema,
  withAccount,
  withBlocked,
  withoutAccount,
  type Account,
  type Person,
  type SenderIdentity,
} from '../../../core/domain/people';
import type { PeopleRepo } from '../../../core/repos/people-repo';
import { DuplicateKeyError } from '../../../core/ports/store-errors';

/**
 * A person as this layer stores them: the Person, plus `accountKeys`
 * (`telegram:123`, one per account), derived here on every write. SQLite
 * cannot index a field of an array's elements, but it indexes an array of
 * plain values (an element table, `arrayKey`): the sender lookup of every chat
 * message goes through it. Readers never see the field.
 */
type PersonDoc = Person & { accountKeys?: string[] } & Record<string, unknown>;

/** The unique rule's name in errors: one account is one person's. */
export const ACCOUNT_INDEX = 'people_account_keys';
const HIDDEN = { projection: { accountKeys: 0 as const } };
/** Tries of a compare-and-set of one person's accounts before giving up (only concurrent writes to the same person retry). */
const CAS_TRIES = 5;

const keysOf = (accounts: readonly Account[]): string[] => accounts.map((a) => accountKey(a.door, a.id));

/** The stored form of a person's accounts: the list and its keys, written together. */
export function accountFields(accounts: readonly Account[]): { accounts: Account[]; accountKeys: string[] } {
  return { accounts: [...accounts], accountKeys: keysOf(accounts) };
}

export class DocumentPeopleRepo implements PeopleRepo {
  private readonly people: Collection<PersonDoc>;
  constructor(store: DocumentStore) {
    this.people = store.collection<PersonDoc>(COLLECTIONS.people);
  }

  get(id: string): Promise<Person | null> {
    return this.people.findOne({ _id: id }, HIDDEN);
  }

  byIds(ids: string[]): Promise<Person[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.people.find({ _id: { $in: [...new Set(ids)] } }, HIDDEN);
  }

  /** Filters are built from validated primitives only, never from request objects. */
  findByIdentity(identity: SenderIdentity): Promise<Person | null> {
    if (identity.kind === 'phone') {
      const phone = E164Schema.safeParse(identity.phone);
      return phone.success ? this.people.findOne({ phone: phone.data }, HIDDEN) : Promise.resolve(null);
    }
    return this.findByAccount(identity.door, identity.id);
  }

  findByPhone(phone: string): Promise<Person | null> {
    return this.findByIdentity({ kind: 'phone', phone });
  }

  findByAccount(door: string, id: string): Promise<Person | null> {
    if (!AccountSchema.safeParse({ door, id }).success) return Promise.resolve(null);
    return this.people.findOne({ accountKeys: accountKey(door, id) }, HIDDEN);
  }

  under(placeId: string, role?: Person['role']['kind']): Promise<Person[]> {
    return this.people.find(role ? { placePath: placeId, 'role.kind': role } : { placePath: placeId }, { sort: { name: 1 }, ...HIDDEN });
  }

  collaboratorsOf(villageId: string): Promise<Person[]> {
    return this.people.find({ 'role.kind': 'collaborator', 'role.placeId': villageId }, { sort: { name: 1 }, ...HIDDEN });
  }

  async staffedPlaceIds(scopeId: string): Promise<string[]> {
    const rows = await this.people.aggregate<{ _id: string }>([{ $match: { placePath: scopeId } }, { $group: { _id: '$role.placeId' } }]);
    return rows.map((r) => r._id);
  }

  staff(placeId?: string): Promise<Person[]> {
    const role = { 'role.kind': { $in: ['officer', 'admin'] } };
    return this.people.find(placeId ? { placePath: placeId, ...role } : role, { sort: { _id: 1 }, ...HIDDEN });
  }

  async insert(person: Person): Promise<void> {
    const parsed = PersonSchema.parse(person);
    await this.refuseTakenAccounts(parsed);
    await this.people.insertOne({ ...parsed, ...(parsed.accounts ? accountFields(parsed.accounts) : {}) });
  }

  /** Fields the person does not name are kept (a roster row without accounts keeps the linked ones). */
  async upsert(person: Person): Promise<void> {
    const parsed = PersonSchema.parse(person);
    await this.refuseTakenAccounts(parsed);
    const { _id, ...rest } = parsed;
    await this.people.updateOne({ _id }, { $set: { ...rest, ...(rest.accounts ? accountFields(rest.accounts) : {}) } }, { upsert: true });
  }

  /** An account the person brings (a roster's Telegram id) that someone else holds: refused as the unique index would. */
  private async refuseTakenAccounts(person: Person): Promise<void> {
    for (const account of person.accounts ?? []) {
      const owner = await this.people.findOne({ accountKeys: accountKey(account.door, account.id) }, { projection: { _id: 1 } });
      if (owner && owner._id !== person._id) throw new DuplicateKeyError(COLLECTIONS.people, ACCOUNT_INDEX);
    }
  }

  /**
   * One account is one person's. SQLite has no unique index over array
   * elements, so: refuse an account someone holds, write, then look again; if
   * another person got it meanwhile (two links racing), take ours back. Two
   * racers may both back off (each is told "taken" and can try again); two
   * people never keep one account.
   */
  async linkAccount(personId: string, door: string, id: string): Promise<void> {
    AccountSchema.parse({ door, id });
    const key = accountKey(door, id);
    const owner = await this.people.findOne({ accountKeys: key }, { projection: { _id: 1 } });
    if (owner && owner._id !== personId) throw new DuplicateKeyError(COLLECTIONS.people, ACCOUNT_INDEX);
    await this.changeAccounts(personId, (accounts) => withAccount(accounts, door, id));
    const holders = await this.people.find({ accountKeys: key }, { projection: { _id: 1 } });
    if (holders.some((h) => h._id !== personId)) {
      await this.changeAccounts(personId, (accounts) => (accounts.some((a) => a.door === door && a.id === id) ? withoutAccount(accounts, door) : accounts));
      throw new DuplicateKeyError(COLLECTIONS.people, ACCOUNT_INDEX);
    }
  }

  async unlinkAccount(personId: string, door: string): Promise<boolean> {
    return this.changeAccounts(personId, (accounts) => withoutAccount(accounts, door));
  }

  async setAccountBlocked(personId: string, door: string, at: string | null): Promise<void> {
    await this.changeAccounts(personId, (accounts) => withBlocked(accounts, door, at));
  }

  /**
   * Rewrites one person's accounts as a compare-and-set on the list read (no
   * positional update runs on every store), so a concurrent change to the same
   * person is never lost. True when the list changed.
   */
  private async changeAccounts(personId: string, change: (accounts: Account[]) => Account[]): Promise<boolean> {
    for (let attempt = 0; attempt < CAS_TRIES; attempt++) {
      const stored = await this.people.findOne({ _id: personId }, { projection: { accounts: 1 } });
      if (!stored) return false;
      const before = stored.accounts;
      const after = change(before ?? []);
      if (JSON.stringify(after) === JSON.stringify(before ?? [])) return false;
      const guard: Filter = before === undefined ? { _id: personId, accounts: { $exists: false } } : { _id: personId, accounts: before };
      if ((await this.people.updateOne(guard, { $set: accountFields(after) })).matched === 1) return true;
    }
    throw new Error(`the accounts of ${personId} kept changing under ${CAS_TRIES} tries`);
  }

  async setLastChannel(personId: string, channel: string): Promise<void> {
    await this.people.updateOne({ _id: personId, lastChannel: { $ne: channel } }, { $set: { lastChannel: channel } });
  }

  async setRemindersOff(personId: string, off: boolean): Promise<void> {
    await this.people.updateOne({ _id: personId }, { $set: { remindersOff: off } });
  }

  async setFields(personId: string, fields: Partial<Omit<Person, '_id'>> & Record<string, unknown>): Promise<void> {
    const accounts = fields.accounts;
    await this.people.updateOne({ _id: personId }, { $set: { ...fields, ...(Array.isArray(accounts) ? accountFields(accounts) : {}) } });
  }

  async remove(personId: string): Promise<boolean> {
    return (await this.people.deleteMany({ _id: personId })) > 0;
  }
}

/**
 * Once at open: people stored with `telegramId`/`zaloId` (before accounts)
 * get the same accounts as entries, and every stored list gets its keys (a
 * bulk load that wrote `accounts` alone). Idempotent; returns how many changed.
 */
export async function migratePeopleAccounts(store: DocumentStore): Promise<number> {
  const people = store.collection<PersonDoc>(COLLECTIONS.people);
  const legacy: Filter = { $or: LEGACY_ACCOUNT_FIELDS.map((field) => ({ [field]: { $exists: true } })) };
  let changed = 0;
  for (const doc of await people.find(legacy)) {
    const accounts = accountsFromLegacy(doc) ?? [];
    const unset = Object.fromEntries(LEGACY_ACCOUNT_FIELDS.map((field) => [field, '']));
    await people.updateOne({ _id: doc._id }, { $set: accountFields(accounts), $unset: unset });
    changed += 1;
  }
  for (const doc of await people.find({ accounts: { $exists: true }, accountKeys: { $exists: false } })) {
    await people.updateOne({ _id: doc._id }, { $set: accountFields(doc.accounts ?? []) });
    changed += 1;
  }
  return changed;
}
