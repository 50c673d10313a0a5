import { CLAIM_LEASE_MS, type Claim, type ClaimBook, type ClaimResult, type ClaimsRepo } from '../../../core/ports/claims';
import type { EmbeddedStore } from '../embedded-store';

interface ClaimRow {
  week: string;
  subject: string;
  status: Claim['status'];
  claimed_at: string;
  owner: string;
  detail: string | null;
}

/**
 * One book of claims on the typed `claims` table (migration 5): the primary
 * key (book, week, subject) is the claim, so the first insert wins in any
 * process. Every write is on disk before it resolves, even inside a unit: a
 * claim comes before a send.
 */
export class SqliteClaimsRepo implements ClaimsRepo {
  constructor(
    private readonly store: EmbeddedStore,
    private readonly book: ClaimBook,
    private readonly owner: string,
  ) {}

  async claim(subject: string, week: string, now: Date): Promise<ClaimResult> {
    const s = this.store;
    const at = now.toISOString();
    const staleBefore = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    return s.write(
      'claims',
      (): ClaimResult => {
        const inserted = s
          .statement("INSERT INTO claims (book, week, subject, status, claimed_at, owner) VALUES (?, ?, ?, 'sending', ?, ?) ON CONFLICT DO NOTHING")
          .run(this.book, week, subject, at, this.owner);
        if (inserted.changes === 1) return { ok: true, retaken: false };
        // Left `sending` past its lease: its process died mid-send; exactly one caller takes it over.
        const retaken = s
          .statement("UPDATE claims SET claimed_at = ?, owner = ? WHERE book = ? AND week = ? AND subject = ? AND status = 'sending' AND claimed_at < ?")
          .run(at, this.owner, this.book, week, subject, staleBefore);
        return retaken.changes === 1 ? { ok: true, retaken: true } : { ok: false, reason: 'taken' };
      },
      true,
    );
  }

  async finish(subject: string, week: string, status: 'sent' | 'failed', detail?: string): Promise<void> {
    await this.store.write(
      'claims',
      () => this.store.statement('UPDATE claims SET status = ?, detail = coalesce(?, detail) WHERE book = ? AND week = ? AND subject = ?').run(status, detail || null, this.book, week, subject),
      true,
    );
  }

  async release(subject: string, week: string): Promise<void> {
    await this.store.write(
      'claims',
      () => this.store.statement("DELETE FROM claims WHERE book = ? AND week = ? AND subject = ? AND owner = ? AND status = 'sending'").run(this.book, week, subject, this.owner),
      true,
    );
  }

  async get(subject: string, week: string): Promise<Claim | null> {
    const row = this.store.read(
      () => this.store.statement('SELECT week, subject, status, claimed_at, owner, detail FROM claims WHERE book = ? AND week = ? AND subject = ?').get(this.book, week, subject) as ClaimRow | undefined,
    );
    return row ? decodeClaim(row) : null;
  }
}

/** The one place a claim row becomes a Claim (`_id` as the document layer made it: `week:subject`). */
export function decodeClaim(row: ClaimRow): Claim {
  return {
    _id: `${row.week}:${row.subject}`,
    subject: row.subject,
    week: row.week,
    status: row.status,
    claimedAt: row.claimed_at,
    owner: row.owner,
    ...(row.detail !== null ? { detail: row.detail } : {}),
  };
}
