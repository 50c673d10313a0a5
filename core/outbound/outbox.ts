import type { Clock } from '../clock';
import { isSmsLike, type Channel } from '../domain/session-log';
import type { RenderFn } from '../i18n/render';
import type { Logger } from '../logger';
import type { Reply } from '../reply';
import { DEFAULT_RETRY_POLICY, nextDelayMs, realSleep, type RetryPolicy } from './backoff';
import { defaultDoorOrder, doorCandidates, type SmsChannel } from './choose-door';
import { isDeliveryStatus, type DeliveryStatus, type OutboxFailure, type OutboxMessageRecord, type OutboxRepo } from './outbox-records';
import { TransientSendError, type MessageSender, type Outbound, type OutboundRequest, type OutboundResult, type SenderResult } from './port';

export type { RenderFn } from '../i18n/render';

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

/** What the outbox's steps share. */
interface OutboxState {
  deps: OutboxDeps;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  senders: Map<Channel, MessageSender>;
  order: readonly Channel[];
  records: OutboxRepo;
  log: Logger;
  now(): string;
}

/**
 * The core's way out. Each logical message is claimed in the store under its
 * idempotency key before any attempt, so two callers, a retry or a restart
 * never send it twice: at most once, with anything stuck in `pending`
 * reported rather than resent.
 */
export function createOutbox(deps: OutboxDeps): Outbox {
  const state: OutboxState = {
    deps,
    policy: { ...DEFAULT_RETRY_POLICY, ...deps.retry },
    sleep: deps.sleep ?? realSleep,
    senders: new Map<Channel, MessageSender>(deps.senders.map((s) => [s.channel, s])),
    order: deps.doorOrder ?? defaultDoorOrder(deps.defaultSmsChannel),
    records: deps.records,
    log: deps.logger.child({ component: 'outbox' }),
    now: () => deps.clock.now().toISOString(),
  };
  return {
    send: (request) => sendMessage(state, request),
    recordStatus: (providerId, status) => recordStatus(state, providerId, status),
    lookup: (idempotencyKey) => lookup(state, idempotencyKey),
    withRepos: (repos) => sendingThrough({ ...state, records: repos.outbox }),
  };
}

/** The outbox's sending on other records (a message's, bound to its unit): senders, policy and log shared. */
function sendingThrough(state: OutboxState): Outbound {
  return { send: (request) => sendMessage(state, request), withRepos: (repos) => sendingThrough({ ...state, records: repos.outbox }) };
}

/** Claims the message, sends it by its first door, and falls back to the next doors while one surely did not deliver. */
async function sendMessage(state: OutboxState, request: OutboundRequest): Promise<OutboundResult> {
  const { deps, log } = state;
  const doors = doorCandidates(request.person, state.senders, state.order, request.channel);
  const first = doors[0];
  if (!first) return noDoor(state, request);
  const textFor = (sender: MessageSender): string => deps.render(request.reply, request.person.lng, sender.channel);
  let text = textFor(first);
  const at = state.now();
  const outcome = await state.records.claim({
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
  let result = await attemptSend(state, first, request, text);
  // A chat app that refused the person (blocked the bot, account gone) or never took the message: the next door, e.g. SMS.
  for (const next of doors.slice(1)) {
    if (result.ok || !result.fallBack) break;
    log.info({ key: request.idempotencyKey, from: result.channel, to: next.channel, reason: result.reason }, 'falling back to the next door');
    text = textFor(next);
    await state.records.moveToDoor(request.idempotencyKey, next.channel, text.length, state.now());
    const from = result.channel;
    result = await attemptSend(state, next, request, text);
    if (result.ok && from) result = { ...result, fellBackFrom: from };
  }
  const { fallBack: _internal, ...answer } = result;
  return answer;
}

/** No door reaches the person: an earlier send under the key still answers for it. */
async function noDoor(state: OutboxState, request: OutboundRequest): Promise<OutboundResult> {
  const existing = await state.records.get(request.idempotencyKey);
  if (existing) return answerForExisting(existing);
  const forced = request.channel;
  const detail =
    forced === undefined ? 'no configured channel can reach this person' : state.senders.has(forced) ? `channel ${forced} cannot reach this person` : `no sender for channel ${forced}`;
  return { ok: false, reason: 'no_channel', detail };
}

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

async function finish(state: OutboxState, key: string, set: Partial<Omit<OutboxMessageRecord, '_id'>>): Promise<void> {
  try {
    await state.records.record(key, { ...set, updatedAt: state.now() });
  } catch (error) {
    // The send itself happened; the record stays `pending`, which blocks any resend.
    state.log.error({ err: error, key }, 'could not record an outbound result');
  }
}

type AttemptResult = OutboundResult & { fallBack?: boolean };

/**
 * Sends by one door, retrying transient failures with backoff (the one retry
 * layer: senders make one attempt per call). `fallBack`: the door surely did
 * not deliver (refused the person, or never accepted it), so another door may try.
 */
async function attemptSend(state: OutboxState, sender: MessageSender, request: OutboundRequest, text: string): Promise<AttemptResult> {
  const { person, idempotencyKey: key } = request;
  // Chat apps take pictures and files (Zalo as links); SMS never.
  const attachment = isSmsLike(sender.channel) ? undefined : request.reply.attachment;
  for (let attempt = 1; ; attempt++) {
    let result: SenderResult;
    try {
      result = await sender.send(person, text, key, attachment);
    } catch (error) {
      const gaveUp = await transientOrGiveUp(state, sender.channel, key, attempt, error);
      if (gaveUp) return gaveUp;
      continue;
    }
    return recordResult(state, sender.channel, key, attempt, result);
  }
}

/** After a thrown send: waits and returns null to try again, or records and returns why it stops. */
async function transientOrGiveUp(state: OutboxState, channel: Channel, key: string, attempt: number, error: unknown): Promise<AttemptResult | null> {
  const { log } = state;
  if (!(error instanceof TransientSendError)) {
    log.error({ err: error, key, channel }, 'sender failed unexpectedly');
    // Unknown whether it left: never retried.
    const failure: OutboxFailure = { reason: 'failed', detail: errorMessage(error), retryable: false };
    await finish(state, key, { state: 'failed', failure, attempts: attempt });
    return { ok: false, reason: 'failed', channel, detail: failure.detail };
  }
  const delay = nextDelayMs(state.policy, attempt, error.retryAfterMs);
  log.warn({ key, channel, attempt, delayMs: delay, detail: error.message }, 'transient send failure');
  if (delay === null) {
    const failure: OutboxFailure = { reason: 'failed', detail: `gave up after ${attempt} attempts: ${error.message}`, retryable: true };
    await finish(state, key, { state: 'failed', failure, attempts: attempt });
    return { ok: false, reason: 'failed', channel, detail: failure.detail, fallBack: true };
  }
  await state.sleep(delay);
  return null;
}

/** Records what the door answered: sent or queued, or refused (only a refusal of the person lets another door try). */
async function recordResult(state: OutboxState, channel: Channel, key: string, attempt: number, result: SenderResult): Promise<AttemptResult> {
  if (result.ok) {
    await finish(state, key, { state: result.status, attempts: attempt, ...(result.providerId ? { providerId: result.providerId } : {}) });
    state.log.info({ key, channel, attempts: attempt, providerId: result.providerId }, 'message sent');
    return { ok: true, status: result.status, channel, ...(result.providerId ? { providerId: result.providerId } : {}) };
  }
  const failure: OutboxFailure = { reason: result.reason, retryable: false, ...(result.detail ? { detail: result.detail } : {}) };
  await finish(state, key, { state: 'failed', failure, attempts: attempt });
  state.log.warn({ key, channel, reason: result.reason }, 'message refused');
  return { ok: false, reason: result.reason, channel, ...(result.detail ? { detail: result.detail } : {}), fallBack: result.reason !== 'failed' };
}

/** Statuses only move forward (a late `sent` never overwrites `delivered`). */
async function recordStatus(state: OutboxState, providerId: string, status: string): Promise<RecordStatusResult> {
  if (!isDeliveryStatus(status)) return { ok: false, reason: 'unknown_status', status };
  if (await state.records.advanceStatus(providerId, status, state.now())) return { ok: true, status, changed: true };
  return { ok: true, status: (await state.records.deliveryStatus(providerId)) ?? status, changed: false };
}

async function lookup(state: OutboxState, idempotencyKey: string): Promise<OutboxView | null> {
  const record = await state.records.get(idempotencyKey);
  if (!record) return null;
  const delivery = record.providerId ? await state.records.deliveryStatus(record.providerId) : null;
  return {
    idempotencyKey,
    channel: record.channel,
    state: record.state,
    attempts: record.attempts,
    ...(record.providerId ? { providerId: record.providerId } : {}),
    ...(record.failure ? { failure: record.failure } : {}),
    ...(delivery ? { deliveryStatus: delivery } : {}),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
