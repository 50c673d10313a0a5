import type { Collection, DocumentStore } from '../document-store';
import { COLLECTIONS } from '../collections';
import { E164Schema, PersonSchema, type Person, type SenderIdentity } from '../../../core/domain/people';
import type { PeopleRepo } from '../../../core/repos/people-repo';

export class DocumentPeopleRepo implements PeopleRepo {
  private readonly people: Collection<Person>;
  constructor(store: DocumentStore) {
    this.people = store.collection<Person>(COLLECTIONS.people);
  }

  get(id: string): Promise<Person | null> {
    return this.people.findOne({ _id: id });
  }

  byIds(ids: string[]): Promise<Person[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.people.find({ _id: { $in: [...new Set(ids)] } });
  }

  /** Filters are built from validated primitives only, never from request objects. */
  findByIdentity(identity: SenderIdentity): Promise<Person | null> {
    if (identity.kind === 'phone') {
      const phone = E164Schema.safeParse(identity.phone);
      return phone.success ? this.people.findOne({ phone: phone.data }) : Promise.resolve(null);
    }
    if (identity.kind === 'zalo') {
      return typeof identity.userId === 'string' && identity.userId.length > 0 ? this.people.findOne({ zaloId: identity.userId }) : Promise.resolve(null);
    }
    if (!Number.isSafeInteger(identity.userId) || identity.userId <= 0) return Promise.resolve(null);
    return this.people.findOne({ telegramId: identity.userId });
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
    return this.people.find(role ? { placePath: placeId, 'role.kind': role } : { placePath: placeId }, { sort: { name: 1 } });
  }

  collaboratorsOf(villageId: string): Promise<Person[]> {
    return this.people.find({ 'role.kind': 'collaborator', 'role.placeId': villageId }, { sort: { name: 1 } });
  }

  async staffedPlaceIds(scopeId: string): Promise<string[]> {
    const rows = await this.people.aggregate<{ _id: string }>([{ $match: { placePath: scopeId } }, { $group: { _id: '$role.placeId' } }]);
    return rows.map((r) => r._id);
  }

  staff(placeId?: string): Promise<Person[]> {
    const role = { 'role.kind': { $in: ['officer', 'admin'] } };
    return this.people.find(placeId ? { placePath: placeId, ...role } : role, { sort: { _id: 1 } });
  }

  async insert(person: Person): Promise<void> {
    await this.people.insertOne(PersonSchema.parse(person));
  }

  async upsert(person: Person): Promise<void> {
    const { _id, ...rest } = PersonSchema.parse(person);
    await this.people.updateOne({ _id }, { $set: rest }, { upsert: true });
  }

  async linkTelegram(personId: string, telegramId: number): Promise<void> {
    await this.people.updateOne({ _id: personId }, { $set: { telegramId } });
  }

  async linkZalo(personId: string, zaloId: string): Promise<void> {
    await this.people.updateOne({ _id: personId }, { $set: { zaloId }, $unset: { zaloBlockedAt: '' } });
  }

  async unlinkChat(personId: string, door: 'zalo' | 'telegram'): Promise<boolean> {
    const field = door === 'zalo' ? 'zaloId' : 'telegramId';
    const blocked = door === 'zalo' ? 'zaloBlockedAt' : 'telegramBlockedAt';
    const result = await this.people.updateOne({ _id: personId, [field]: { $exists: true } }, { $unset: { [field]: '', [blocked]: '' } });
    return result.modified === 1;
  }

  async setLastChannel(personId: string, channel: string): Promise<void> {
    await this.people.updateOne({ _id: personId, lastChannel: { $ne: channel } }, { $set: { lastChannel: channel } });
  }

  async setRemindersOff(personId: string, off: boolean): Promise<void> {
    await this.people.updateOne({ _id: personId }, { $set: { remindersOff: off } });
  }

  async setFields(personId: string, fields: Partial<Omit<Person, '_id'>> & Record<string, unknown>): Promise<void> {
    await this.people.updateOne({ _id: personId }, { $set: fields });
  }

  async remove(personId: string): Promise<boolean> {
    return (await this.people.deleteMany({ _id: personId })) > 0;
  }
}
