import type { OneTimeCodesRepo } from '../../../core/repos/one-time-codes-repo';
import type { OneTimeCodeRecord } from '../../../core/usecases/one-time-codes';
import { COLLECTIONS } from '../collections';
import type { Collection, DocumentStore } from '../document-store';

export class DocumentOneTimeCodesRepo implements OneTimeCodesRepo {
  private readonly codes: Collection<OneTimeCodeRecord>;

  constructor(store: DocumentStore) {
    this.codes = store.collection(COLLECTIONS.oneTimeCodes);
  }

  async put(record: OneTimeCodeRecord): Promise<void> {
    const { _id, ...fields } = record;
    await this.codes.updateOne({ _id }, { $set: fields }, { upsert: true });
  }

  get(id: string): Promise<OneTimeCodeRecord | null> {
    return this.codes.findOne({ _id: id });
  }

  async spendTry(id: string, salt: string, maxTries: number): Promise<boolean> {
    return (await this.codes.updateOne({ _id: id, salt, tries: { $lt: maxTries } }, { $inc: { tries: 1 } })).matched === 1;
  }

  async remove(id: string, salt: string): Promise<boolean> {
    return (await this.codes.deleteMany({ _id: id, salt })) > 0;
  }

  deleteExpired(now: Date): Promise<number> {
    return this.codes.deleteMany({ expiresAt: { $lt: now.toISOString() } });
  }
}
