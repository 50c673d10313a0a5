import type { Channel } from './domain/session-log';
import type { Language, Person, SenderIdentity } from './domain/people';
import type { Reply } from './reply';

/**
 * One message as a channel received it. Every channel (Twilio SMS, the Android
 * gateway, Telegram, Zalo, the terminal chat) builds one of these and calls
 * {@link InboundHandler}; none of them interprets the text.
 */
export interface InboundMessage {
  channel: Channel;
  /** The channel's own id (Twilio MessageSid, gateway envelope id, Telegram update/message id): the idempotency key. */
  channelMessageId: string;
  sender: SenderIdentity;
  text: string;
  /** When the sender sent it (for relayed SMS, the phone's receive time), not when we processed it. */
  receivedAt: Date;
}

export interface InboundOutcome {
  /** What to answer; null means "send nothing" (a sender over its limit after the notice, throttled unparseable texts, repeat unregistered senders). */
  reply: Reply | null;
  /** Language to render the reply in. */
  lng: Language;
  /** The registered sender, if any. */
  person: Person | null;
  /** True when this (channel, channelMessageId) was already processed: the reply is the stored one. */
  duplicate: boolean;
}

/**
 * The one core entry. Resolves once everything the reply acknowledges is
 * durable. Rejects with `StoreUnavailableError` when the store is down: the
 * channel must then answer with a non-2xx status so the sender retries.
 */
export type InboundHandler = (message: InboundMessage) => Promise<InboundOutcome>;
