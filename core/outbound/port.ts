import type { Channel } from '../domain/session-log';
import type { Person } from '../domain/people';
import type { Reply } from '../reply';
import type { OutboxRepo } from './outbox-records';

/**
 * Sending a message to a person on our own initiative (summaries, reminders,
 * replies for channels that cannot answer inline such as the Android gateway).
 */
export interface OutboundRequest {
  person: Person;
  reply: Reply;
  /**
   * One key per logical message (e.g. `summary:2026-W47:<personId>`). A second
   * send with the same key never reaches the person twice, across restarts.
   */
  idempotencyKey: string;
  /** Force a door; otherwise the person's last channel, else the configured default. */
  channel?: Channel;
}

export type OutboundResult =
  | { ok: true; status: 'sent' | 'queued' | 'already_sent'; channel: Channel; providerId?: string; /** The door that refused first (e.g. Zalo blocked, then SMS). */ fellBackFrom?: Channel }
  | { ok: false; reason: 'no_channel' | 'blocked' | 'invalid_recipient' | 'failed'; channel?: Channel; detail?: string };

export interface Outbound {
  send(request: OutboundRequest): Promise<OutboundResult>;
  /**
   * The same way out, recording its messages through other repositories: a
   * message's, bound to its unit of work, so the record made before each send
   * joins the message's transaction instead of being a lone write. Absent
   * where nothing is recorded (no outbox).
   */
  withRepos?(repos: { outbox: OutboxRepo }): Outbound;
}

/**
 * One door out (Twilio, Android gateway, Telegram). Text is already rendered
 * for the channel. Transient failures throw {@link TransientSendError} so the
 * caller can retry with backoff; permanent ones return a result.
 */
export interface MessageSender {
  readonly channel: Channel;
  /** Whether this door can reach the person at all (has a phone / a Telegram id). */
  canReach(person: Person): boolean;
  send(person: Person, text: string, idempotencyKey: string, attachment?: Reply['attachment']): Promise<SenderResult>;
}

export type SenderResult =
  | { ok: true; providerId?: string; status: 'sent' | 'queued' }
  | { ok: false; reason: 'blocked' | 'invalid_recipient' | 'failed'; detail?: string };

export class TransientSendError extends Error {
  override readonly name = 'TransientSendError';
  constructor(
    message: string,
    /** Provider-requested wait before retrying (Telegram's retry_after), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** An outbound port that reaches nobody: NHAC can then only report whom it would remind. */
export const NO_OUTBOUND: Outbound = {
  send: async () => ({ ok: false, reason: 'no_channel' }),
};
