import { DuplicateKeyError } from '../ports/store-errors';
import type { Collection, DocumentStore } from '../../storage/document-store';

export const SUMMARY_CLAIMS = 'summary_claims';
export const REMINDER_CLAIMS = 'reminder_claims';
/** One "this summary did not go out" note per recipient, admin and week. */
export const UNDELIVERED_REPORTS = 'summary_undelivered_reports';
/** One report-deadline reminder per person and report occurrence (`week` holds the occurrence). */
export const DEADLINE_CLAIMS = 'deadline_claims';

/** A claim older than this while still `sending` belongs to a process that died mid-send. */
export const CLAIM_LEASE_MS = 10 * 60_000;

export interface Claim {
  _id: string;
  /** Who or what it is for: a person (summaries) or a village (reminders). */
  subject: string;
  /** ISO week, `2026-W48` (or, for deadline reminders, the report occurrence). */
  week: string;
  status: 'sending' | 'sent' | 'failed';
  claimedAt: string;
  owner: string;
  detail?: string;
  [key: string]: unknown;
}

export type ClaimResult = { ok: true; retaken: boolean } | { ok: false; reason: 'taken' };

/**
 * "At most once per subject per week", shared by every Loa process on the
 * store: the first insert wins on a unique index; the others learn it was
 * taken. A claim left `sending` past its lease (a crash mid-send) can be
 * re-taken; the resend carries the same idempotency key, so the outbox still
 * delivers at most once.
 */
export class ClaimStore {
  private readonly claims: Collection<Claim>;

  constructor(
    private readonly store: DocumentStore,
    private readonly collection: string,
    private readonly owner: string,
  ) {
    this.claims = store.collection<Claim>(collection);
  }

  async ensureIndexes(): Promise<void> {
    await this.store.ensureIndexes(this.collection, [{ name: `${this.collection}_subject_week_unique`, keys: { subject: 1, week: 1 }, unique: true }]);
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

  /** Gives a claim back after a transient failure, so the next run tries again. */
  async release(subject: string, week: string): Promise<void> {
    await this.claims.deleteMany({ _id: `${week}:${subject}`, owner: this.owner, status: 'sending' });
  }

  async get(subject: string, week: string): Promise<Claim | null> {
    return this.claims.findOne({ _id: `${week}:${subject}` });
  }
}
