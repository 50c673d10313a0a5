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
  [k: string]: unknown;
}

/** Small counters in the store: unregistered senders, throttles. Shared by every process. */
export interface CountersRepo {
  /** Increments and returns the new count. */
  increment(id: string, extra?: Record<string, unknown>): Promise<number>;
  get(id: string): Promise<Counter | null>;
  /** Sets `field` to `value` only if it differs: true for the one caller that changed it. */
  claim(id: string, field: string, value: string): Promise<boolean>;
}
