import type { Collection } from 'mongodb';
import { E164Schema, PersonSchema, type Person, type SenderIdentity } from '../../../core/domain/people';
import type { PeopleRepo } from '../../../core/repos/people-repo';
import type { IndexDeclarations, MongoContext } from './context';

type PersonDoc = Person & { [key: string]: unknown };

/** Who may write: the three identities are unique (a phone is one person), the roster reads go by place path or role. */
export const PEOPLE_INDEXES: IndexDeclarations = {
  people: [
    { name: 'people_phone_unique', key: { phone: 1 }, unique: true, sparse: true },
    { name: 'people_telegram_unique', key: { telegramId: 1 }, unique: true, sparse: true },
    { name: 'people_zalo_unique', key: { zaloId: 1 }, unique: true, sparse: true },
    { name: 'people_path_name', key: { placePath: 1, name: 1 } },
    { name: 'people_path_role_name', key: { placePath: 1, 'role.kind': 1, name: 1 } },
    { name: 'people_role_place_name', key: { 'role.kind': 1, 'role.placeId': 1, name: 1 } },
  ],
};

const byId = (a: Person, b: Person): number => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

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
    if (identity.kind === 'zalo') {
      return typeof identity.userId === 'string' && identity.userId.length > 0 ? this.ctx.findOne(this.people, { zaloId: identity.userId }) : Promise.resolve(null);
    }
    if (!Number.isSafeInteger(identity.userId) || identity.userId <= 0) return Promise.resolve(null);
    return this.ctx.findOne(this.people, { telegramId: identity.userId });
  }

  findByZaloId(userId: string): Promise<Person | null> {
    return this.findByIdentity({ kind: 'zalo', userId });
  }

  findByPhone(phone: string): Promise<Person | null> {
    return this.findByIdentity({ kind: 'phone', phone });
  }

  findByTelegramId(userId: number): Promise<Person | null> {
    return this.findByIdentity({ kind: 'telegram', userId });
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
    const doc = PersonSchema.parse(person) as PersonDoc;
    await this.ctx.run(this.people, () => this.people.insertOne({ ...doc }), { doc, insert: true });
  }

  async upsert(person: Person): Promise<void> {
    const { _id, ...rest } = PersonSchema.parse(person);
    await this.ctx.run(this.people, () => this.people.updateOne({ _id }, { $set: rest }, { upsert: true }), { doc: { _id, ...rest } });
  }

  async linkTelegram(personId: string, telegramId: number): Promise<void> {
    await this.ctx.run(this.people, () => this.people.updateOne({ _id: personId }, { $set: { telegramId } }), { doc: { _id: personId, telegramId } });
  }

  async linkZalo(personId: string, zaloId: string): Promise<void> {
    await this.ctx.run(this.people, () => this.people.updateOne({ _id: personId }, { $set: { zaloId }, $unset: { zaloBlockedAt: '' } }), { doc: { _id: personId, zaloId } });
  }

  async unlinkChat(personId: string, door: 'zalo' | 'telegram'): Promise<boolean> {
    const field = door === 'zalo' ? 'zaloId' : 'telegramId';
    const blocked = door === 'zalo' ? 'zaloBlockedAt' : 'telegramBlockedAt';
    const result = await this.ctx.run(this.people, () => this.people.updateOne({ _id: personId, [field]: { $exists: true } }, { $unset: { [field]: '', [blocked]: '' } }));
    return result.modifiedCount === 1;
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
