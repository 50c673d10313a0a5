import type { Collection } from 'mongodb';
import { DuplicateKeyError } from '../../../core/ports/store-errors';
import { CLAIM_LEASE_MS, type Claim, type ClaimBook, type ClaimResult, type ClaimsRepo } from '../../../core/ports/claims';
import type { IndexDeclarations, MongoContext } from './context';

/** One collection per book of claims (core/ports/claims.ts). */
export const CLAIM_COLLECTIONS: Record<ClaimBook, string> = {
  summaries: 'summary_claims',
  reminders: 'reminder_claims',
  undelivered_reports: 'summary_undelivered_reports',
  deadlines: 'deadline_claims',
};

/** `_id` (`week:subject`) is the claim; the unique pair says the same in the fields. */
export const CLAIMS_INDEXES: IndexDeclarations = Object.fromEntries(
  Object.values(CLAIM_COLLECTIONS).map((name) => [name, [{ name: `${name}_subject_week_unique`, key: { subject: 1, week: 1 }, unique: true }]]),
);

/** Scheduled-message claims: the first insert of `week:subject` wins in any process; a stale `sending` is re-taken by one. */
export class MongoClaimsRepo implements ClaimsRepo {
  private readonly claims: Collection<Claim>;

  constructor(
    private readonly ctx: MongoContext,
    book: ClaimBook,
    private readonly owner: string,
  ) {
    this.claims = ctx.collection<Claim>(CLAIM_COLLECTIONS[book]);
  }

  async claim(subject: string, week: string, now: Date): Promise<ClaimResult> {
    const _id = `${week}:${subject}`;
    try {
      await this.ctx.run(this.claims, () => this.claims.insertOne({ _id, subject, week, status: 'sending', claimedAt: now.toISOString(), owner: this.owner }));
      return { ok: true, retaken: false };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const staleBefore = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    const retaken = await this.ctx.run(this.claims, () =>
      this.claims.updateOne({ _id, status: 'sending', claimedAt: { $lt: staleBefore } }, { $set: { claimedAt: now.toISOString(), owner: this.owner } }),
    );
    return retaken.modifiedCount === 1 ? { ok: true, retaken: true } : { ok: false, reason: 'taken' };
  }

  async finish(subject: string, week: string, status: 'sent' | 'failed', detail?: string): Promise<void> {
    await this.ctx.run(this.claims, () => this.claims.updateOne({ _id: `${week}:${subject}` }, { $set: detail ? { status, detail } : { status } }));
  }

  async release(subject: string, week: string): Promise<void> {
    await this.ctx.run(this.claims, () => this.claims.deleteOne({ _id: `${week}:${subject}`, owner: this.owner, status: 'sending' }));
  }

  get(subject: string, week: string): Promise<Claim | null> {
    return this.ctx.findOne(this.claims, { _id: `${week}:${subject}` });
  }
}
