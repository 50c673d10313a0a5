import type { OneTimeCodeRecord, OneTimeCodesRepo } from '../../../core/repos/one-time-codes-repo';
import type { EmbeddedStore } from '../embedded-store';

interface CodeRow {
  id: string;
  purpose: OneTimeCodeRecord['purpose'];
  requester: string;
  person_id: string;
  salt: string;
  hash: string;
  tries: number;
  expires_at: string;
  created_at: string;
}

const COLUMNS = 'id, purpose, requester, person_id, salt, hash, tries, expires_at, created_at';

/** One-time codes on their typed SQLite table (migration 5); a try is one conditional increment, so parallel guesses cannot pass the limit. */
export class SqliteOneTimeCodesRepo implements OneTimeCodesRepo {
  constructor(private readonly store: EmbeddedStore) {}

  async put(r: OneTimeCodeRecord): Promise<void> {
    await this.store.write('one_time_codes', () =>
      this.store
        .statement(
          `INSERT INTO one_time_codes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET purpose = excluded.purpose, requester = excluded.requester, person_id = excluded.person_id, salt = excluded.salt,
             hash = excluded.hash, tries = excluded.tries, expires_at = excluded.expires_at, created_at = excluded.created_at`,
        )
        .run(r._id, r.purpose, r.requester, r.personId, r.salt, r.hash, r.tries, r.expiresAt, r.createdAt),
    );
  }

  async get(id: string): Promise<OneTimeCodeRecord | null> {
    const row = this.store.read(() => this.store.statement(`SELECT ${COLUMNS} FROM one_time_codes WHERE id = ?`).get(id) as CodeRow | undefined);
    return row ? decodeCode(row) : null;
  }

  async spendTry(id: string, salt: string, maxTries: number): Promise<boolean> {
    const spent = await this.store.write('one_time_codes', () => this.store.statement('UPDATE one_time_codes SET tries = tries + 1 WHERE id = ? AND salt = ? AND tries < ?').run(id, salt, maxTries).changes);
    return spent === 1;
  }

  async remove(id: string, salt: string): Promise<boolean> {
    return (await this.store.write('one_time_codes', () => this.store.statement('DELETE FROM one_time_codes WHERE id = ? AND salt = ?').run(id, salt).changes)) > 0;
  }

  async deleteExpired(now: Date): Promise<number> {
    return this.store.write('one_time_codes', () => this.store.statement('DELETE FROM one_time_codes WHERE expires_at < ?').run(now.toISOString()).changes);
  }
}

/** The one place a code row becomes a record. */
export function decodeCode(row: CodeRow): OneTimeCodeRecord {
  return {
    _id: row.id,
    purpose: row.purpose,
    requester: row.requester,
    personId: row.person_id,
    salt: row.salt,
    hash: row.hash,
    tries: Number(row.tries),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}
