import type { Clock } from '../clock';
import type { Language } from '../domain/people';
import { isSmsLike, type Channel } from '../domain/session-log';
import type { RenderStyle } from '../i18n/render';
import type { Logger } from '../logger';
import type { Reply } from '../reply';
import { DEFAULT_RETRY_POLICY, nextDelayMs, realSleep, type RetryPolicy } from './backoff';
import { defaultDoorOrder, doorCandidates, type SmsChannel } from './choose-door';
import { isDeliveryStatus, type DeliveryStatus, type OutboxFailure, type OutboxMessageRecord, type OutboxRepo } from './outbox-records';
import { TransientSendError, type MessageSender, type Outbound, type OutboundRequest, type OutboundResult, type SenderResult } from './port';

export type RenderFn = (reply: Reply, lng: Language, style: RenderStyle) => string;

export interface OutboxDeps {
  /** The store's outbox records (`repos.outbox`). */
  records: OutboxRepo;
  /** One per channel; a later sender for the same channel replaces an earlier one. */
  senders: MessageSender[];
  render: RenderFn;
  clock: Clock;
  logger: Logger;
  /** `SMS_DEFAULT_CHANNEL`: the SMS door used when the person's own door is unknown. */
  defaultSmsChannel: SmsChannel;
  /** `LOA_DOOR_ORDER`: doors tried after the person's last one; default Zalo, Telegram, then SMS. */
  doorOrder?: readonly Channel[];
  retry?: Partial<RetryPolicy>;
  /** Injected so tests need not wait for real backoff. */
  sleep?: (ms: number) => Promise<void>;
}

export type RecordStatusResult =
  | { ok: true; status: DeliveryStatus; changed: boolean }
  | { ok: false; reason: 'unknown_status'; status: string };

/** What the outbox knows about one logical message. */
export interface OutboxView {
  idempotencyKey: string;
  channel: Channel;
  state: OutboxMessageRecord['state'];
  attempts: number;
  providerId?: string;
  failure?: OutboxFailure;
  /** From the provider's status callbacks, when any arrived. */
  deliveryStatus?: DeliveryStatus;
}

export interface Outbox extends Outbound {
  /** Status callback from a provider; statuses only move forward. Rejects with `StoreUnavailableError`. */
  recordStatus(providerId: string, status: string): Promise<RecordStatusResult>;
  lookup(idempotencyKey: string): Promise<OutboxView | null>;
}

/**
 * The core's way out. Each logical message is claimed in the store under its
 * idempotency key before any attempt, so two callers, a retry or a restart
 * never send it twice: at most once, with anything stuck in `pending`
 * reported rather than resent.
 */
export function createOutbox(deps: OutboxDeps): Outbox {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const sleep = deps.sleep ?? realSleep;
  const senders = new Map<Channel, MessageSender>(deps.senders.map((s) => [s.channel, s]));
  const records = deps.records;
  const log = deps.logger.child({ component: 'outbox' });
  const order = deps.doorOrder ?? defaultDoorOrder(deps.defaultSmsChannel);
  const now = (): string => deps.clock.now().toISOString();

  function answerForExisting(existing: OutboxMessageRecord): OutboundResult {
    const channel = existing.channel;
    if (existing.state === 'sent' || existing.state === 'queued') {
      return { ok: true, status: 'already_sent', channel, ...(existing.providerId ? { providerId: existing.providerId } : {}) };
    }
    if (existing.state === 'failed') {
      return { ok: false, reason: existing.failure?.reason ?? 'failed', channel, detail: `already failed: ${existing.failure?.detail ?? 'unknown'}` };
    }
    return { ok: false, reason: 'failed', channel, detail: 'a send with this key is in progress or its outcome is unknown; not resent' };
  }

  async function finish(key: string, set: Partial<Omit<OutboxMessageRecord, '_id'>>): Promise<void> {
    try {
      await records.record(key, { ...set, updatedAt: now() });
    } catch (error) {
      // The send itself happened; the record stays `pending`, which blocks any resend.
      log.error({ err: error, key }, 'could not record an outbound result');
    }
  }

  /** `fallBack`: the door surely did not deliver (refused the person, or never accepted it), so another door may try. */
  async function attemptSend(sender: MessageSender, request: OutboundRequest, text: string): Promise<OutboundResult & { fallBack?: boolean }> {
    const { person, idempotencyKey: key } = request;
    const channel = sender.channel;
    // Chat apps take pictures and files (Zalo as links); SMS never.
    const attachment = isSmsLike(channel) ? undefined : request.reply.attachment;
    for (let attempt = 1; ; attempt++) {
      let result: SenderResult;
      try {
        result = await sender.send(person, text, key, attachment);
      } catch (error) {
        if (!(error instanceof TransientSendError)) {
          log.error({ err: error, key, channel }, 'sender failed unexpectedly');
          // Unknown whether it left: never retried.
          const failure: OutboxFailure = { reason: 'failed', detail: errorMessage(error), retryable: false };
          await finish(key, { state: 'failed', failure, attempts: attempt });
          return { ok: false, reason: 'failed', channel, detail: failure.detail };
        }
        const delay = nextDelayMs(policy, attempt, error.retryAfterMs);
        log.warn({ key, channel, attempt, delayMs: delay, detail: error.message }, 'transient send failure');
        if (delay === null) {
          const failure: OutboxFailure = { reason: 'failed', detail: `gave up after ${attempt} attempts: ${error.message}`, retryable: true };
          await finish(key, { state: 'failed', failure, attempts: attempt });
          return { ok: false, reason: 'failed', channel, detail: failure.detail, fallBack: true };
        }
        await sleep(delay);
        continue;
      }
      if (result.ok) {
        await finish(key, { state: result.status, attempts: attempt, ...(result.providerId ? { providerId: result.providerId } : {}) });
        log.info({ key, channel, attempts: attempt, providerId: result.providerId }, 'message sent');
        return { ok: true, status: result.status, channel, ...(result.providerId ? { providerId: result.providerId } : {}) };
      }
      const failure: OutboxFailure = { reason: result.reason, retryable: false, ...(result.detail ? { detail: result.detail } : {}) };
      await finish(key, { state: 'failed', failure, attempts: attempt });
      log.warn({ key, channel, reason: result.reason }, 'message refused');
      return { ok: false, reason: result.reason, channel, ...(result.detail ? { detail: result.detail } : {}), fallBack: result.reason !== 'failed' };
    }
  }

  return {
    async send(request: OutboundRequest): Promise<OutboundResult> {
      const doors = doorCandidates(request.person, senders, order, request.channel);
      const first = doors[0];
      if (!first) {
        const existing = await records.get(request.idempotencyKey);
        if (existing) return answerForExisting(existing);
        const forced = request.channel;
        const detail =
          forced === undefined ? 'no configured channel can reach this person' : senders.has(forced) ? `channel ${forced} cannot reach this person` : `no sender for channel ${forced}`;
        return { ok: false, reason: 'no_channel', detail };
      }
      const textFor = (sender: MessageSender): string => deps.render(request.reply, request.person.lng, isSmsLike(sender.channel) ? 'sms' : 'full');
      let text = textFor(first);
      const at = now();
      const outcome = await records.claim({
        _id: request.idempotencyKey,
        personId: request.person._id,
        channel: first.channel,
        state: 'pending',
        attempts: 0,
        textLength: text.length,
        createdAt: at,
        updatedAt: at,
      });
      if (!outcome.claimed) {
        log.debug({ key: request.idempotencyKey, state: outcome.existing.state }, 'idempotency key already used');
        return answerForExisting(outcome.existing);
      }
      let result = await attemptSend(first, request, text);
      // A chat app that refused the person (blocked the bot, account gone) or never took the message: the next door, e.g. SMS.
      for (const next of doors.slice(1)) {
        if (result.ok || !result.fallBack) break;
        log.info({ key: request.idempotencyKey, from: result.channel, to: next.channel, reason: result.reason }, 'falling back to the next door');
        text = textFor(next);
        await records.moveToDoor(request.idempotencyKey, next.channel, text.length, now());
        const from = result.channel;
        result = await attemptSend(next, request, text);
        if (result.ok && from) result = { ...result, fellBackFrom: from };
      }
      const { fallBack: _internal, ...answer } = result;
      return answer;
    },

    async recordStatus(providerId: string, status: string): Promise<RecordStatusResult> {
      if (!isDeliveryStatus(status)) return { ok: false, reason: 'unknown_status', status };
      if (await records.advanceStatus(providerId, status, now())) return { ok: true, status, changed: true };
      return { ok: true, status: (await records.deliveryStatus(providerId)) ?? status, changed: false };
    },

    async lookup(idempotencyKey: string): Promise<OutboxView | null> {
      const record = await records.get(idempotencyKey);
      if (!record) return null;
      const delivery = record.providerId ? await records.deliveryStatus(record.providerId) : null;
      return {
        idempotencyKey,
        channel: record.channel,
        state: record.state,
        attempts: record.attempts,
        ...(record.providerId ? { providerId: record.providerId } : {}),
        ...(record.failure ? { failure: record.failure } : {}),
        ...(delivery ? { deliveryStatus: delivery } : {}),
      };
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
