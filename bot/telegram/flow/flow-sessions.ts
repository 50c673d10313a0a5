import { randomBytes } from 'node:crypto';
import type { Language } from '../../../core/domain/people';
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';

export type FlowStep = 'form' | 'groups' | 'participants' | 'date' | 'confirm';

export interface FlowSession {
  /** Stamped into every button's data, so a button from an older flow is recognised as stale. */
  nonce: string;
  userId: number;
  chatId: number;
  /** The message whose inline keyboard drives the flow. */
  messageId: number;
  lng: Language;
  step: FlowStep;
  form?: FormCode;
  groups: GroupCode[];
  participants?: number;
  /** YYYY-MM-DD, local. */
  date?: string;
  expiresAt: number;
}

/**
 * Guided-logging state, kept in process memory. Why not the store: a flow
 * lasts seconds, holds nothing that was acknowledged, and losing it on a
 * restart only means pressing /tt again. One running bot per token (polling
 * allows only one anyway); several webhook instances would need sticky routing
 * or a store-backed version of this class.
 */
export class FlowSessions {
  private readonly sessions = new Map<number, FlowSession>();
  private lastSweep = 0;

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  start(init: Omit<FlowSession, 'nonce' | 'expiresAt' | 'step' | 'groups'>): FlowSession {
    const session: FlowSession = { ...init, nonce: randomBytes(4).toString('hex'), step: 'form', groups: [], expiresAt: this.now() + this.ttlMs };
    this.sessions.set(init.userId, session);
    return session;
  }

  /** The live session of this user, refreshed; undefined when none or expired (an expired one is dropped). */
  active(userId: number): FlowSession | undefined {
    const session = this.sessions.get(userId);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(userId);
      return undefined;
    }
    session.expiresAt = this.now() + this.ttlMs;
    return session;
  }

  /** Removes and returns the session: the one way to finish a flow, so a double tap on "save" finds nothing. */
  take(userId: number, nonce: string): FlowSession | undefined {
    const session = this.active(userId);
    if (!session || session.nonce !== nonce) return undefined;
    this.sessions.delete(userId);
    return session;
  }

  /** Expired sessions, removed; checked at most every `everyMs` so it costs nothing per update. */
  sweep(everyMs: number = 30_000): FlowSession[] {
    const now = this.now();
    if (now - this.lastSweep < everyMs) return [];
    this.lastSweep = now;
    const expired: FlowSession[] = [];
    for (const [userId, session] of this.sessions) {
      if (session.expiresAt <= now) {
        this.sessions.delete(userId);
        expired.push(session);
      }
    }
    return expired;
  }

  get size(): number {
    return this.sessions.size;
  }
}
