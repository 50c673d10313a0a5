import type { Collection, UpdateFilter } from 'mongodb';
import type { OneTimeCodesRepo } from '../../../core/repos/one-time-codes-repo';
import type { OneTimeCodeRecord } from '../../../core/usecases/one-time-codes';
import type { IndexDeclarations, MongoContext } from './context';

export const ONE_TIME_CODES_INDEXES: IndexDeclarations = {
  // The hourly pass deletes the codes nobody tried again.
  one_time_codes: [{ name: 'one_time_codes_expires', key: { expiresAt: 1 } }],
};

/** One live code per purpose and requester (`_id`); a try is one conditional `$inc`, so parallel guesses cannot exceed the limit. */
export class MongoOneTimeCodesRepo implements OneTimeCodesRepo {
  private readonly codes: Collection<OneTimeCodeRecord>;

  constructor(private readonly ctx: MongoContext) {
    this.codes = ctx.collection('one_time_codes');
  }

  async put(record: OneTimeCodeRecord): Promise<void> {
    const { _id, ...fields } = record;
    await this.ctx.run(this.codes, () => this.codes.replaceOne({ _id }, { _id, ...fields }, { upsert: true }));
  }

  get(id: string): Promise<OneTimeCodeRecord | null> {
    return this.ctx.findOne(this.codes, { _id: id });
  }

  async spendTry(id: string, salt: string, maxTries: number): Promise<boolean> {
    return (await this.ctx.run(this.codes, () => this.codes.updateOne({ _id: id, salt, tries: { $lt: maxTries } }, { $inc: { tries: 1 } } as unknown as UpdateFilter<OneTimeCodeRecord>))).matchedCount === 1;
  }

  async remove(id: string, salt: string): Promise<boolean> {
    return (await this.ctx.run(this.codes, () => this.codes.deleteOne({ _id: id, salt }))).deletedCount > 0;
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.ctx.run(this.codes, () => this.codes.deleteMany({ expiresAt: { $lt: now.toISOString() } }))).deletedCount;
  }
}
