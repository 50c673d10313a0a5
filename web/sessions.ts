import { may, ownPlaceOf } from '../core/access/policy';
import { createHash, randomBytes } from 'node:crypto';
import type { Person } from '../core/domain/people';
import type { SessionRecord, WebSessionsRepo } from '../core/repos/web-sessions-repo';
export type { SessionRecord, WebSessionsRepo } from '../core/repos/web-sessions-repo';

export type SessionLookup = { ok: true; person: Person; id: string } | { ok: false; reason: 'none' | 'expired' | 'revoked' };


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
