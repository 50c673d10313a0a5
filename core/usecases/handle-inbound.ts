import { logAgeLimitDays } from '../access/log-age';
import type { InboundHandler, InboundMessage, InboundOutcome } from '../inbound';
import { senderKey, type Person } from '../domain/people';
import { readLinkCommand } from '../language/link-commands';
import { isChatIdentity, type ChatIdentity, type ChatLinking } from './link-by-code';
import type { ParseError } from '../language/commands';
import { maskPhone } from '../domain/phone';
import { localDate } from '../periods';
import { reply, type Reply } from '../reply';
import { helpFor } from './help';
import { parseErrorReply } from './parse-error-reply';
import { contextWithRepos, type UseCaseContext } from './context';
import { placeNamesFor } from './log-scope';
import { counterWindow, inboundIdOf, type InboundRecord } from '../repos/inbound-repo';
import { StoreUnavailableError } from '../ports/store-errors';

/**
 * The one entry every door calls. Order matters for "nothing lost, nothing
 * counted twice": a stored answer for this channel message wins; otherwise
 * the message is claimed in the store under its unique (channel, id) key, so
 * exactly one copy runs it whatever the interleaving and in any process, and
 * the others wait for the answer it records. The command's writes are also
 * idempotent on the message id, for a claim taken over after a crash.
 * Each message is one durable unit: the door acknowledges only after the
 * handler resolves, and by then everything it wrote or read is on disk.
 */
export function createInboundHandler(ctx: UseCaseContext): InboundHandler {
  const { repos } = ctx;
  // With `unitWith`, the message's calls go through repositories bound to its unit (no async context to track),
  // and so do the helpers it reaches (officer kit, chat linking, the outbox they send through), rebound on first use.
  if (repos.unitWith) return (message) => repos.unitWith!((unitRepos) => handle(contextWithRepos(ctx, unitRepos), message));
  return (message: InboundMessage): Promise<InboundOutcome> => repos.unit(() => handle(ctx, message));
}

async function handle(ctx: UseCaseContext, message: InboundMessage): Promise<InboundOutcome> {
  // The claim is the first read too: a copy answered before gets its stored answer from it (no separate lookup).
  // The store arbitrates: one claimer runs the message, every other copy waits for its answer.
  const claimed = await claimOrWait(ctx, message);
  if (!claimed.owner) return storedOutcome(ctx, claimed.record);
  try {
    return await run(ctx, message);
  } catch (error) {
    await ctx.repos.inbound.release(message.channel, message.channelMessageId).catch(() => undefined);
    throw error;
  }
}

/**
 * A claim older than this belongs to a process that died mid-message (a
 * message takes milliseconds; Twilio gives up on a webhook after 15 s).
 */
const CLAIM_LEASE_MS = 10_000;
const WAIT_STEP_MS = 15;

/**
 * Claims the message, or waits until the copy that claimed it has stored its
 * answer. A claim left by a dead process is taken over once its lease is out.
 */
async function claimOrWait(ctx: UseCaseContext, message: InboundMessage): Promise<{ owner: true } | { owner: false; record: InboundRecord }> {
  const deadline = Date.now() + 2 * CLAIM_LEASE_MS;
  for (;;) {
    const claim = await ctx.repos.inbound.claim(message.channel, message.channelMessageId, message.receivedAt.toISOString(), CLAIM_LEASE_MS);
    if (claim.owner || claim.record.state !== 'pending') return claim;
    let record: InboundRecord | null = claim.record;
    const leaseEnd = (record.claimedAtMs ?? 0) + CLAIM_LEASE_MS;
    while (record?.state === 'pending' && Date.now() <= leaseEnd) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      record = await ctx.repos.inbound.get(message.channel, message.channelMessageId);
    }
    if (record && record.state !== 'pending') return { owner: false, record };
    // Released by an owner that failed: this copy fails too, so the provider retries it.
    if (!record) throw new MessageInProgressError(message.channel, message.channelMessageId);
    if (Date.now() > deadline) throw new MessageInProgressError(message.channel, message.channelMessageId);
    // The lease ran out: try to take the claim over.
  }
}

/**
 * Another copy of the message is still running after the lease, or its run
 * failed: nothing is acknowledged, so channels answer it like a store outage
 * (non-2xx, retry later) and the provider's retry gets the stored answer.
 */
export class MessageInProgressError extends StoreUnavailableError {
  constructor(
    readonly channel: string,
    readonly channelMessageId: string,
  ) {
    super(`message ${channel}:${channelMessageId} is still being processed`);
  }
}

async function storedOutcome(ctx: UseCaseContext, record: InboundRecord): Promise<InboundOutcome> {
  const person = record.personId ? await ctx.repos.people.get(record.personId) : null;
  return { reply: record.reply, lng: record.lng, person, duplicate: true };
}

async function run(ctx: UseCaseContext, message: InboundMessage): Promise<InboundOutcome> {
  const person = await ctx.repos.people.findByIdentity(message.sender);
  const outcome = (await overRateLimit(ctx, message, person)) ?? (await answer(ctx, person, message));
  await ctx.repos.inbound.complete({
    _id: inboundIdOf(message.channel, message.channelMessageId),
    channel: message.channel,
    channelMessageId: message.channelMessageId,
    personId: person?._id ?? outcome.person?._id ?? (isChatIdentity(message.sender) ? senderKey(message.sender) : null),
    reply: outcome.reply,
    lng: outcome.lng,
    receivedAt: message.receivedAt.toISOString(),
    processedAt: ctx.clock.now().toISOString(),
  });
  return outcome;
}

/** A roster person's command; else, from an unlinked chat account, linking; else the unregistered answer. */
async function answer(ctx: UseCaseContext, person: Person | null, message: InboundMessage): Promise<InboundOutcome> {
  if (person) return runFor(ctx, person, message);
  if (ctx.linking && isChatIdentity(message.sender)) return linkChat(ctx, ctx.linking, message, message.sender);
  return unregistered(ctx, message);
}

async function runFor(ctx: UseCaseContext, person: Person, message: InboundMessage): Promise<InboundOutcome> {
  const isPlaceName = await placeNamesFor(ctx, person, message.text);
  const parsed = ctx.parser.parse(message.text, {
    receivedAt: message.receivedAt,
    timeZone: ctx.settings.timeZone,
    maxAgeDays: maxAgeFor(ctx, person),
    ...(isPlaceName ? { isPlaceName } : {}),
  });
  const answer = parsed.ok ? await ctx.runCommand(person, parsed.command, message, ctx) : await parseFailure(ctx, person, parsed.error);
  if (person.lastChannel !== message.channel) await ctx.repos.people.setLastChannel(person._id, message.channel);
  ctx.logger.info(
    { channel: message.channel, person: person._id, command: parsed.ok ? parsed.command.kind : `error:${parsed.error.code}`, reply: answer?.key ?? null },
    'message handled',
  );
  return { reply: answer, lng: person.lng, person, duplicate: false };
}

/**
 * The per-sender limit of every door. Counted in the store (shared by every
 * process) only by the copy that claimed the message, so a provider's retry
 * or a concurrent copy of the same message id never counts twice; the
 * over-limit text is recorded like any other, so its retries get the same answer.
 */
async function overRateLimit(ctx: UseCaseContext, message: InboundMessage, person: Person | null): Promise<InboundOutcome | null> {
  const minute = counterWindow(ctx.clock.now(), 'minute');
  const notice = await throttle(ctx, { id: `rate:${senderKey(message.sender)}:${minute.label}`, expiresAt: minute.endsAt }, ctx.settings.messagesPerMinute, reply('rateLimited'));
  if (notice === 'go') return null;
  ctx.logger.warn({ channel: message.channel, sender: senderForLog(message), notified: notice !== null }, 'sender over its rate limit');
  return { reply: notice, lng: person?.lng ?? 'vi', person, duplicate: false };
}

/** Counts one more under `counter`: within `limit` go on; the first one over gets `notice`, the rest silence. */
async function throttle(ctx: UseCaseContext, counter: { id: string; expiresAt: Date }, limit: number, notice: Reply): Promise<'go' | Reply | null> {
  const count = await ctx.repos.counters.increment(counter.id, counter.expiresAt);
  if (count <= limit) return 'go';
  return count === limit + 1 ? notice : null;
}

/** Officers and admins repair the record, so they may enter older sessions than collaborators. */
function maxAgeFor(ctx: UseCaseContext, person: Person): number {
  return logAgeLimitDays(person, ctx.settings);
}

/**
 * A chat account linked to nobody yet: only the linking words work. The
 * answer is recorded by {@link run} like any other, so a re-delivered `DK` sends no second code.
 */
async function linkChat(ctx: UseCaseContext, linking: ChatLinking, message: InboundMessage, identity: ChatIdentity): Promise<InboundOutcome> {
  const parsed = readLinkCommand(message.text);
  const { reply: answer, person } = await linking.fromUnlinked(identity, parsed, ctx.clock.now());
  const lng = person?.lng ?? 'vi';
  if (person) await ctx.repos.people.setLastChannel(person._id, message.channel);
  ctx.logger.info({ channel: message.channel, command: parsed?.kind ?? 'none', linked: person !== null, reply: answer?.key ?? null }, 'message from an unlinked chat account');
  return { reply: answer, lng, person, duplicate: false };
}

/**
 * A refusal of a recognised command is always answered: the sender is a
 * person making a real attempt. Texts with no keyword at all get the help
 * reply only a few times per hour, then one notice, then silence: an
 * automated sender (a carrier bot, another auto-responder) must not pull Loa
 * into a reply loop that costs the commune money.
 */
async function parseFailure(ctx: UseCaseContext, person: Person, error: ParseError): Promise<Reply | null> {
  if (error.code !== 'empty' && error.code !== 'unknown') return parseErrorReply(error, localDate(ctx.clock.now(), ctx.settings.timeZone));
  const hour = counterWindow(ctx.clock.now(), 'hour');
  const answer = await throttle(ctx, { id: `unparsed:${person._id}:${hour.label}`, expiresAt: hour.endsAt }, ctx.settings.unparsedRepliesPerHour, reply('unparsed.quiet'));
  return answer === 'go' ? helpFor(person) : answer;
}

/**
 * Unregistered senders learn whom to ask, once a day per number; we keep only
 * a counter for them (no text, no log), until a day after their last text:
 * long enough to know that today's reply went out, never longer.
 */
async function unregistered(ctx: UseCaseContext, message: InboundMessage): Promise<InboundOutcome> {
  const who = senderKey(message.sender);
  const id = `unregistered:${who}`;
  const now = ctx.clock.now();
  const today = localDate(now, ctx.settings.timeZone);
  const expiresAt = new Date(now.getTime() + UNREGISTERED_KEPT_MS);
  await ctx.repos.counters.increment(id, expiresAt);
  const first = await ctx.repos.counters.claim(id, 'lastReplyDay', today, expiresAt);
  ctx.logger.info(
    { channel: message.channel, sender: senderForLog(message), replied: first },
    'message from an unregistered sender',
  );
  return { reply: first ? reply('unregistered') : null, lng: 'vi', person: null, duplicate: false };
}

/** A day is longer than what is left of any local day, so "replied today" is never forgotten early. */
const UNREGISTERED_KEPT_MS = 24 * 3_600_000;

/** A phone number masked, or only the door of a chat account: logs keep no identity. */
function senderForLog(message: InboundMessage): string {
  return message.sender.kind === 'phone' ? maskPhone(message.sender.phone) : message.sender.door;
}
