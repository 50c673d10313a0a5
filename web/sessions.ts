import { may, ownPlaceOf } from '../core/access/policy';
import { createHash, randomBytes } from 'node:crypto';
import type { Person } from '../core/domain/people';
export interface SessionRecord {
  /** SHA-256 of the cookie's token: a leaked store holds no usable session. */
  _id: string;
  personId: string;
  createdAt: string;
  expiresAt: string;
  [key: string]: unknown;
}

export type SessionLookup = { ok: true; person: Person; id: string } | { ok: false; reason: 'none' | 'expired' | 'revoked' };

/** Stored sign-in sessions and the web's shared secrets (storage/repositories/web-sessions-repo.ts). */
export interface WebSessionsRepo {
  insert(record: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | null>;
  remove(id: string): Promise<void>;
  /** The secret kept under `name`, made by `make` the first time; every process gets the same one. */
  secret(name: string, make: () => string): Promise<string>;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Web sign-in sessions, stored (not signed cookies) so that signing out, or
 * removing a person from the roster, ends access at the next request: every
 * lookup re-reads the person and re-checks the role.
 */
export class WebSessions {
  constructor(
    private readonly sessions: WebSessionsRepo,
    private readonly people: { get(id: string): Promise<Person | null> },
    private readonly ttlMs: number,
  ) {}

  /** Returns the cookie value; only its hash is stored. */
  async create(personId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.sessions.insert({ _id: hashOf(token), personId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
    return { token, expiresAt };
  }

  async lookup(token: string | undefined, now: Date): Promise<SessionLookup> {
    if (!token || token.length > 100) return { ok: false, reason: 'none' };
    const id = hashOf(token);
    const record = await this.sessions.get(id);
    if (!record) return { ok: false, reason: 'none' };
    if (Date.parse(record.expiresAt) <= now.getTime()) {
      await this.sessions.remove(id);
      return { ok: false, reason: 'expired' };
    }
    const person = await this.people.get(record.personId);
    if (!person || !may(person, 'sign_in', ownPlaceOf(person)).allowed) {
      await this.sessions.remove(id);
      return { ok: false, reason: 'revoked' };
    }
    return { ok: true, person, id };
  }

  async revoke(token: string | undefined): Promise<void> {
    if (token) await this.sessions.remove(hashOf(token));
  }
}
