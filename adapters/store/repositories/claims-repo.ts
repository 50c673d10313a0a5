import { DuplicateKeyError } from '../../../core/ports/store-errors';
import { CLAIM_LEASE_MS, type Claim, type ClaimBook, type ClaimResult, type ClaimsRepo } from '../../../core/ports/claims';
import { CLAIM_COLLECTIONS } from '../collections';
import type { Collection, DocumentStore } from '../document-store';

/** Claims on the document layer: the `_id` `week:subject` is unique, so the first insert wins in any process. */
export class DocumentClaimsRepo implements ClaimsRepo {
  private readonly claims: Collection<Claim>;

  constructor(
    store: DocumentStore,
    book: ClaimBook,
    private readonly owner: string,
  ) {
    this.claims = store.collection<Claim>(CLAIM_COLLECTIONS[book]);
  }

  async claim(subject: string, week: string, now: Date): Promise<ClaimResult> {
    const _id = `${week}:${subject}`;
    try {
      await this.claims.insertOne({ _id, subject, week, status: 'sending', claimedAt: now.toISOString(), owner: this.owner });
      return { ok: true, retaken: false };
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const staleBefore = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    const retaken = await this.claims.updateOne(
      { _id, status: 'sending', claimedAt: { $lt: staleBefore } },
      { $set: { claimedAt: now.toISOString(), owner: this.owner } },
    );
    return retaken.modified === 1 ? { ok: true, retaken: true } : { ok: false, reason: 'taken' };
  }

  async finish(subject: string, week: string, status: 'sent' | 'failed', detail?: string): Promise<void> {
    await this.claims.updateOne({ _id: `${week}:${subject}` }, { $set: detail ? { status, detail } : { status } });
  }

  async release(subject: string, week: string): Promise<void> {
    await this.claims.deleteMany({ _id: `${week}:${subject}`, owner: this.owner, status: 'sending' });
  }

  async get(subject: string, week: string): Promise<Claim | null> {
    return this.claims.findOne({ _id: `${week}:${subject}` });
  }
}
