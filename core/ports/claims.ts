/**
 * The books of claims, one per kind of scheduled message: Monday summaries,
 * NHAC reminders per village, one "this summary did not go out" note per
 * recipient, admin and week, and one report-deadline reminder per person and
 * report occurrence (`week` holds the occurrence).
 */
export type ClaimBook = 'summaries' | 'reminders' | 'undelivered_reports' | 'deadlines';

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
 * store: the first claim wins; the others learn it was taken. A claim left
 * `sending` past its lease (a crash mid-send) can be re-taken; the resend
 * carries the same idempotency key, so the outbox still delivers at most once.
 */
export interface ClaimsRepo {
  claim(subject: string, week: string, now: Date): Promise<ClaimResult>;
  finish(subject: string, week: string, status: 'sent' | 'failed', detail?: string): Promise<void>;
  /** Gives a claim back after a transient failure, so the next run tries again. */
  release(subject: string, week: string): Promise<void>;
  get(subject: string, week: string): Promise<Claim | null>;
}

/** Opens one book of claims for one process (`owner` is recorded on each claim it takes). */
export type ClaimBooks = (book: ClaimBook, owner: string) => ClaimsRepo;
