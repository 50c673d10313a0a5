import type { Collection, Document, UpdateFilter } from 'mongodb';
import {
  accountOn,
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
import { DuplicateKeyError } from '../../../core/ports/store-errors';
import type { PeopleRepo } from '../../../core/repos/people-repo';
import type { IndexDeclarations, MongoContext } from './context';

type PersonDoc = Person & { [key: string]: unknown };

/**
 * Who may write: a phone is one person, and so is a chat account (any door:
 * one multikey index over `accounts`, whose keys MongoDB takes element by
 * element, so a door needs no index of its own). FerretDB 1.x accepts the
 * account index but does not enforce uniqueness over array elements, so the
 * repository checks it too ({@link MongoPeopleRepo.linkAccount}).
 */
export const PEOPLE_INDEXES: IndexDeclarations = {
  people: [
    { name: 'people_phone_unique', key: { phone: 1 }, unique: true, sparse: true },
    { name: 'people_account_unique', key: { 'accounts.door': 1, 'accounts.id': 1 }, unique: true, sparse: true },
    { name: 'people_path_name', key: { placePath: 1, name: 1 } },
    { name: 'people_path_role_name', key: { placePath: 1, 'role.kind': 1, name: 1 } },
    { name: 'people_role_place_name', key: { 'role.kind': 1, 'role.placeId': 1, name: 1 } },
  ],
};

const byId = (a: Person, b: Person): number => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** The person without an empty `accounts` (stored absent, so the sparse account index leaves them out). */
function withoutEmptyAccounts<T extends { accounts?: Account[] | undefined }>(person: T): T {
  if (person.accounts === undefined || person.accounts.length > 0) return person;
  const { accounts: _none, ...rest } = person;
  return rest as T;
}

/** Tries of a compare-and-set of one person's accounts before giving up (only concurrent writes to the same person retry). */
const CAS_TRIES = 5;

/** Indexes of the fields accounts replaced, dropped once the people are migrated. */
const LEGACY_INDEXES = ['people_telegram_unique', 'people_zalo_unique'];

/**
 * Once at open, before the indexes: people stored with `telegramId`/`zaloId`
 * (before accounts) get the same accounts as entries, and the old fields go.
 * A store made before accounts has those fields' unique indexes: they mark
 * the work to do, and are dropped last, so a fresh or migrated store costs one
 * `listIndexes` and a crash midway is finished at the next open. Returns how
 * many people changed.
 */
export async function migrateMongoPeopleAccounts(ctx: MongoContext): Promise<number> {
  const people = ctx.collection<PersonDoc>('people');
  const existing = (await ctx.run(people, () => people.indexes()).catch(() => [] as Document[])).map((ix) => String(ix['name']));
  const legacyIndexes = LEGACY_INDEXES.filter((name) => existing.includes(name));
  if (legacyIndexes.length === 0) return 0;
  // The whole collection, once: the old fields have no index any more that serves `$exists` on both.
  const projection = Object.fromEntries(['accounts', ...LEGACY_ACCOUNT_FIELDS].map((field) => [field, 1]));
  const docs = (await ctx.run(people, () => people.find({}, { projection }).toArray())).filter((doc) => accountsFromLegacy(doc) !== null);
  const unset: Record<string, ''> = Object.fromEntries(LEGACY_ACCOUNT_FIELDS.map((field) => [field, '' as const]));
  for (const doc of docs) {
    const accounts = accountsFromLegacy(doc) ?? [];
    const update: UpdateFilter<PersonDoc> = accounts.length > 0 ? { $set: { accounts }, $unset: unset } : { $unset: { ...unset, accounts: '' } };
    await ctx.run(people, () => people.updateOne({ _id: doc._id }, update));
  }
  for (const name of legacyIndexes) await ctx.run(people, () => people.dropIndex(name));
  return docs.length;
}

export class MongoPeopleRepo implements PeopleRepo {
  private readonly people: Collection<PersonDoc>;
  constructor(private readonly ctx: MongoContext) {
    this.people = ctx.collection<PersonDoc>('people');
  }

  get(id: string): Promise<Person | null> {
    return this.ctx.findOne(this.people, { _id: id });
  }

  byIds(ids: string[]): Promise<Person[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.ctx.find(this.people, { _id: { $in: [...new Set(ids)] } });
  }

  /** Filters are built from validated primitives only, never from request objects. */
  findByIdentity(identity: SenderIdentity): Promise<Person | null> {
    if (identity.kind === 'phone') {
      const phone = E164Schema.safeParse(identity.phone);
      return phone.success ? this.ctx.findOne(this.people, { phone: phone.data }) : Promise.resolve(null);
    }
    return this.findByAccount(identity.door, identity.id);
  }

  findByPhone(phone: string): Promise<Person | null> {
    return this.findByIdentity({ kind: 'phone', phone });
  }

  /**
   * Served by the account index. FerretDB 1.x runs no `$elemMatch` over fields,
   * so the two equalities may also match a door on one entry and the id on
   * another: the exact pair is picked here.
   */
  async findByAccount(door: string, id: string): Promise<Person | null> {
    if (!AccountSchema.safeParse({ door, id }).success) return null;
    const found = await this.ctx.find(this.people, { 'accounts.door': door, 'accounts.id': id });
    return found.find((p) => accountOn(p, door)?.id === id) ?? null;
  }

  under(placeId: string, role?: Person['role']['kind']): Promise<Person[]> {
    return this.ctx.find(this.people, role ? { placePath: placeId, 'role.kind': role } : { placePath: placeId }, { sort: { name: 1 } });
  }

  collaboratorsOf(villageId: string): Promise<Person[]> {
    return this.ctx.find(this.people, { 'role.kind': 'collaborator', 'role.placeId': villageId }, { sort: { name: 1 } });
  }

  /** Distinct role places under the scope: the ids only, read through the `placePath` index. */
  async staffedPlaceIds(scopeId: string): Promise<string[]> {
    const rows = await this.ctx.run(this.people, () => this.people.find({ placePath: scopeId }, { projection: { 'role.placeId': 1 } }).toArray());
    return [...new Set(rows.map((r) => (r as { role?: { placeId?: string } }).role?.placeId).filter((id): id is string => typeof id === 'string'))];
  }

  /** Officers and admins are a few per place: sorted here, the query is equalities only. */
  async staff(placeId?: string): Promise<Person[]> {
    const role = { 'role.kind': { $in: ['officer', 'admin'] } };
    return (await this.ctx.find(this.people, placeId ? { placePath: placeId, ...role } : role)).sort(byId);
  }

  async insert(person: Person): Promise<void> {
    const doc = withoutEmptyAccounts(PersonSchema.parse(person)) as PersonDoc;
    await this.refuseTakenAccounts(doc);
    await this.ctx.run(this.people, () => this.people.insertOne({ ...doc }), { doc, insert: true });
  }

  /** Fields the person does not name are kept (a roster row without accounts keeps the linked ones); an empty list removes them. */
  async upsert(person: Person): Promise<void> {
    const parsed = PersonSchema.parse(person);
    await this.refuseTakenAccounts(parsed);
    const { _id, ...rest } = parsed;
    const set = withoutEmptyAccounts(rest);
    const update: UpdateFilter<PersonDoc> = rest.accounts?.length === 0 ? { $set: set, $unset: { accounts: '' } } : { $set: set };
    await this.ctx.run(this.people, () => this.people.updateOne({ _id }, update, { upsert: true }), { doc: { _id, ...set } });
  }

  /** An account the person brings (a roster's Telegram id) that someone else holds: refused here too, for FerretDB 1.x. */
  private async refuseTakenAccounts(person: Person): Promise<void> {
    for (const account of person.accounts ?? []) {
      const owner = await this.findByAccount(account.door, account.id);
      if (owner && owner._id !== person._id) throw new DuplicateKeyError('people', 'people_account_unique');
    }
  }

  /**
   * One account is one person's: MongoDB's unique index refuses a second
   * holder; FerretDB 1.x does not, so the account is also looked up before the
   * write and again after it, and taken back if another person got it
   * meanwhile (two racers may both back off; two holders never stay).
   */
  async linkAccount(personId: string, door: string, id: string): Promise<void> {
    AccountSchema.parse({ door, id });
    const owner = await this.findByAccount(door, id);
    if (owner && owner._id !== personId) throw new DuplicateKeyError('people', 'people_account_unique');
    await this.changeAccounts(personId, (accounts) => withAccount(accounts, door, id));
    const holders = await this.ctx.run(this.people, () => this.people.find({ 'accounts.door': door, 'accounts.id': id }, { projection: { accounts: 1 } }).toArray());
    if (holders.some((h) => h._id !== personId && accountOn(h as Person, door)?.id === id)) {
      await this.changeAccounts(personId, (accounts) => (accountOn({ accounts }, door)?.id === id ? withoutAccount(accounts, door) : accounts));
      throw new DuplicateKeyError('people', 'people_account_unique');
    }
  }

  unlinkAccount(personId: string, door: string): Promise<boolean> {
    return this.changeAccounts(personId, (accounts) => withoutAccount(accounts, door));
  }

  async setAccountBlocked(personId: string, door: string, at: string | null): Promise<void> {
    await this.changeAccounts(personId, (accounts) => withBlocked(accounts, door, at));
  }

  /**
   * Rewrites one person's accounts as a compare-and-set on the list read
   * (FerretDB 1.x has no positional `$` and no `$pull` by condition), so a
   * concurrent change to the same person is never lost. An empty list is
   * removed: the sparse account index then leaves the person out. True when the list changed.
   */
  private async changeAccounts(personId: string, change: (accounts: Account[]) => Account[]): Promise<boolean> {
    for (let attempt = 0; attempt < CAS_TRIES; attempt++) {
      const stored = await this.ctx.run(this.people, () => this.people.findOne({ _id: personId }, { projection: { accounts: 1 } }));
      if (!stored) return false;
      const before = stored.accounts as Account[] | undefined;
      const after = change(before ?? []);
      if (JSON.stringify(after) === JSON.stringify(before ?? [])) return false;
      const guard = before === undefined ? { _id: personId, accounts: { $exists: false } } : { _id: personId, accounts: before };
      const update: UpdateFilter<PersonDoc> = after.length > 0 ? { $set: { accounts: after } } : { $unset: { accounts: '' } };
      const result = await this.ctx.run(this.people, () => this.people.updateOne(guard, update), { doc: { _id: personId, accounts: after } });
      if (result.matchedCount === 1) return true;
    }
    throw new Error(`the accounts of ${personId} kept changing under ${CAS_TRIES} tries`);
  }

  async setLastChannel(personId: string, channel: string): Promise<void> {
    await this.ctx.run(this.people, () => this.people.updateOne({ _id: personId, lastChannel: { $ne: channel } }, { $set: { lastChannel: channel } }));
  }

  async setRemindersOff(personId: string, off: boolean): Promise<void> {
    await this.ctx.run(this.people, () => this.people.updateOne({ _id: personId }, { $set: { remindersOff: off } }));
  }

  async setFields(personId: string, fields: Partial<Omit<Person, '_id'>> & Record<string, unknown>): Promise<void> {
    await this.ctx.run(this.people, () => this.people.updateOne({ _id: personId }, { $set: fields }), { doc: { _id: personId, ...fields } });
  }

  async remove(personId: string): Promise<boolean> {
    return (await this.ctx.run(this.people, () => this.people.deleteOne({ _id: personId }))).deletedCount > 0;
  }
}
