import { createHash, randomBytes } from 'node:crypto';
import { isStaff, type Person } from '../core/domain/people';
import type { DocumentStore } from '../storage/document-store';

export const WEB_SESSIONS_COLLECTION = 'web_sessions';

interface SessionRecord {
  /** SHA-256 of the cookie's token: a leaked store holds no usable session. */
  _id: string;
  personId: string;
  createdAt: string;
  expiresAt: string;
  [key: string]: unknown;
}

export type SessionLookup = { ok: true; person: Person; id: string } | { ok: false; reason: 'none' | 'expired' | 'revoked' };

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Web sign-in sessions, stored (not signed cookies) so that signing out, or
 * removing a person from the roster, ends access at the next request: every
 * lookup re-reads the person and re-checks the role.
 */
export class WebSessions {
  constructor(
    private readonly store: DocumentStore,
    private readonly people: { get(id: string): Promise<Person | null> },
    private readonly ttlMs: number,
  ) {}

  /** Returns the cookie value; only its hash is stored. */
  async create(personId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.store
      .collection<SessionRecord>(WEB_SESSIONS_COLLECTION)
      .insertOne({ _id: hashOf(token), personId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
    return { token, expiresAt };
  }

  async lookup(token: string | undefined, now: Date): Promise<SessionLookup> {
    if (!token || token.length > 100) return { ok: false, reason: 'none' };
    const sessions = this.store.collection<SessionRecord>(WEB_SESSIONS_COLLECTION);
    const id = hashOf(token);
    const record = await sessions.findOne({ _id: id });
    if (!record) return { ok: false, reason: 'none' };
    if (Date.parse(record.expiresAt) <= now.getTime()) {
      await sessions.deleteMany({ _id: id });
      return { ok: false, reason: 'expired' };
    }
    const person = await this.people.get(record.personId);
    if (!person || !isStaff(person)) {
      await sessions.deleteMany({ _id: id });
      return { ok: false, reason: 'revoked' };
    }
    return { ok: true, person, id };
  }

  async revoke(token: string | undefined): Promise<void> {
    if (token) await this.store.collection(WEB_SESSIONS_COLLECTION).deleteMany({ _id: hashOf(token) });
  }
}
