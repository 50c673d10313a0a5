import type { Channel } from '../domain/session-log';
import type { Reply } from '../reply';
import type { Language } from '../domain/people';

/** What we answered to one channel message, so a retry gets the same answer. */
export interface InboundRecord {
  _id: string;
  channel: Channel;
  channelMessageId: string;
  /** Null for an unregistered sender (nothing about them is kept here). */
  personId: string | null;
  reply: Reply | null;
  lng: Language;
  receivedAt: string;
  processedAt: string;
  /**
   * `pending` while the one process that claimed the message runs it; absent
   * (records written before claims existed) or `done` once the reply is stored.
   */
  state?: 'pending' | 'done';
  /** Wall-clock ms of the claim, for taking over a claim whose holder died. */
  claimedAtMs?: number;
  [key: string]: unknown;
}

export type ClaimResult = { owner: true } | { owner: false; record: InboundRecord };

/** The id of one channel message's record: the same message on the same door is one record. */
export function inboundIdOf(channel: Channel, channelMessageId: string): string {
  return `${channel}:${channelMessageId}`;
}

/** Inbound claims: each channel message is run by exactly one process, and answered the same on every retry. */
export interface InboundRepo {
  get(channel: Channel, channelMessageId: string): Promise<InboundRecord | null>;
  /**
   * Claims one channel message for processing: exactly one caller (in any
   * process) becomes the owner; the others get the record as it stands. A
   * pending claim older than `leaseMs` belongs to a process that died
   * mid-message and is taken over by exactly one caller.
   */
  claim(channel: Channel, channelMessageId: string, receivedAt: string, leaseMs: number): Promise<ClaimResult>;
  /** Stores the answer of a claimed message: from now on every copy gets it. */
  complete(record: InboundRecord): Promise<void>;
  /**
   * Drops every pending claim: only for a store that one process holds (the
   * embedded store's LOCK), where a pending claim at start was left by a crash.
   */
  releaseAllPending(): Promise<number>;
  /** Gives a claim back (the owner failed), so a retry runs the message. */
  release(channel: Channel, channelMessageId: string): Promise<void>;
}

export interface Counter {
  _id: string;
  count: number;
  /** ISO instant after which the counter counts for nothing and is deleted (by the scheduler's hourly pass). */
  expiresAt: string;
  [k: string]: unknown;
}

/**
 * Small counters in the store: throttles per sender and window, unregistered
 * senders. Shared by every process. Each one says when it expires, so no
 * counter (several carry a phone number in their id) outlives its use.
 */
export interface CountersRepo {
  /** Increments and returns the new count; `expiresAt` is set (moved) to the given instant. */
  increment(id: string, expiresAt: Date): Promise<number>;
  get(id: string): Promise<Counter | null>;
  /** Sets `field` to `value` only if it differs: true for the one caller that changed it. A new counter expires at `expiresAt`. */
  claim(id: string, field: string, value: string, expiresAt: Date): Promise<boolean>;
  /** Deletes the counters expired at `now`, and any written before counters expired (no `expiresAt`); returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

/**
 * The fixed UTC minute or hour `now` falls in: its label goes into a throttle
 * counter's id (a new window is a new counter), and the counter expires when
 * the window ends.
 */
export function counterWindow(now: Date, size: 'minute' | 'hour'): { label: string; endsAt: Date } {
  const ms = size === 'minute' ? 60_000 : 3_600_000;
  const start = Math.floor(now.getTime() / ms) * ms;
  return { label: new Date(start).toISOString().slice(0, size === 'minute' ? 16 : 13), endsAt: new Date(start + ms) };
}
