import type { InboundHandler, InboundMessage, InboundOutcome } from '../inbound';
import { senderKey, type Person } from '../domain/people';
import { readLinkCommand } from '../language/link-commands';
import { isChatIdentity, type ChatIdentity, type ChatLinking } from './link-by-code';
import type { Command, ParseError } from '../language/commands';
import { maskPhone } from '../domain/phone';
import { localDate } from '../periods';
import { reply, type Reply } from '../reply';
import { cancelLog, correctLog, logSession, viewVillage } from './session-logs';
import type { UseCaseContext } from './context';

/**
 * The one entry both channels call. Order matters for "nothing lost, nothing
 * counted twice": a stored answer for this channel message wins; otherwise the
 * command runs (its writes are idempotent on the message id) and the answer is
 * recorded before we return, so a retry gets the same words.
 */
export function createInboundHandler(ctx: UseCaseContext): InboundHandler {
  return async (message: InboundMessage): Promise<InboundOutcome> => {
    const previous = await ctx.repos.inbound.get(message.channel, message.channelMessageId);
    if (previous) {
      const person = await ctx.repos.people.get(previous.personId);
      return { reply: previous.reply, lng: previous.lng, person, duplicate: true };
    }

    const person = await ctx.repos.people.findByIdentity(message.sender);
    if (!person) {
      if (ctx.linking && isChatIdentity(message.sender)) return linkChat(ctx, ctx.linking, message, message.sender);
      return unregistered(ctx, message);
    }

    const parsed = ctx.parser.parse(message.text, {
      receivedAt: message.receivedAt,
      timeZone: ctx.settings.timeZone,
      maxAgeDays: ctx.settings.maxLogAgeDays,
    });
    const answer = parsed.ok ? await execute(ctx, person, parsed.command, message) : await parseFailure(ctx, person, parsed.error);

    await ctx.repos.inbound.record({
      _id: `${message.channel}:${message.channelMessageId}`,
      channel: message.channel,
      channelMessageId: message.channelMessageId,
      personId: person._id,
      reply: answer,
      lng: person.lng,
      receivedAt: message.receivedAt.toISOString(),
      processedAt: ctx.clock.now().toISOString(),
    });
    if (person.lastChannel !== message.channel) await ctx.repos.people.setLastChannel(person._id, message.channel);
    ctx.logger.info(
      { channel: message.channel, person: person._id, command: parsed.ok ? parsed.command.kind : `error:${parsed.error.code}`, reply: answer?.key ?? null },
      'message handled',
    );
    return { reply: answer, lng: person.lng, person, duplicate: false };
  };
}

async function execute(ctx: UseCaseContext, person: Person, command: Command, message: InboundMessage): Promise<Reply> {
  switch (command.kind) {
    case 'log':
      return logSession(ctx, person, command, message);
    case 'cancel':
      return cancelLog(ctx, person, command.code);
    case 'correct':
      return correctLog(ctx, person, command.code, command.changes);
    case 'view':
      return person.role.kind === 'collaborator' ? viewVillage(ctx, person) : officerCommand(ctx, person, command, message);
    case 'help':
      return reply(person.role.kind === 'collaborator' ? 'help.collaborator' : 'help.officer');
    case 'stop_reminders':
      await ctx.repos.people.setRemindersOff(person._id, true);
      return reply('reminders.off');
    case 'start_reminders':
      await ctx.repos.people.setRemindersOff(person._id, false);
      return reply('reminders.on');
    case 'summary':
    case 'quiet':
    case 'targets':
    case 'export':
    case 'remind':
      return officerCommand(ctx, person, command, message);
    case 'register':
    case 'verify':
      return ctx.linking ? ctx.linking.alreadyLinked(person) : reply(person.role.kind === 'collaborator' ? 'help.collaborator' : 'help.officer');
    case 'unlink':
      return ctx.linking ? ctx.linking.unlink(person, command.phone) : reply('officer.unavailable');
  }
}

/**
 * A chat account linked to nobody yet: only the linking words work. The
 * answer is recorded like any other, so a re-delivered `DK` sends no second code.
 */
async function linkChat(ctx: UseCaseContext, linking: ChatLinking, message: InboundMessage, identity: ChatIdentity): Promise<InboundOutcome> {
  const parsed = readLinkCommand(message.text);
  const { reply: answer, person } = await linking.fromUnlinked(identity, parsed, ctx.clock.now());
  const lng = person?.lng ?? 'vi';
  await ctx.repos.inbound.record({
    _id: `${message.channel}:${message.channelMessageId}`,
    channel: message.channel,
    channelMessageId: message.channelMessageId,
    personId: person?._id ?? senderKey(identity),
    reply: answer,
    lng,
    receivedAt: message.receivedAt.toISOString(),
    processedAt: ctx.clock.now().toISOString(),
  });
  if (person) await ctx.repos.people.setLastChannel(person._id, message.channel);
  ctx.logger.info({ channel: message.channel, command: parsed?.kind ?? 'none', linked: person !== null, reply: answer?.key ?? null }, 'message from an unlinked chat account');
  return { reply: answer, lng, person, duplicate: false };
}

async function officerCommand(
  ctx: UseCaseContext,
  person: Person,
  command: Extract<Command, { kind: 'summary' | 'quiet' | 'targets' | 'export' | 'remind' | 'view' }>,
  message: InboundMessage,
): Promise<Reply> {
  if (person.role.kind === 'collaborator') return reply('officer.only');
  if (!ctx.officer) return reply('officer.unavailable');
  return ctx.officer.handle(command, person, { channel: message.channel, now: ctx.clock.now() });
}

/**
 * A text we could not use gets a reply that says what to fix, but only a few
 * per hour: an automated sender (a carrier bot, another auto-responder) must
 * not pull Loa into a reply loop that costs the commune money.
 */
async function parseFailure(ctx: UseCaseContext, person: Person, error: ParseError): Promise<Reply | null> {
  const hour = ctx.clock.now().toISOString().slice(0, 13);
  const count = await ctx.repos.counters.increment(`unparsed:${person._id}:${hour}`);
  if (count > ctx.settings.unparsedRepliesPerHour) return null;
  switch (error.code) {
    case 'empty':
    case 'unknown':
      return reply(person.role.kind === 'collaborator' ? 'help.collaborator' : 'help.officer');
    default:
      return reply(`error.${error.code}`, flattenError(error));
  }
}

function flattenError(error: ParseError): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'code') continue;
    if (Array.isArray(value)) value.forEach((v, i) => (values[`${key}${i + 1}`] = v));
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) values[key] = `${value.slice(8, 10)}/${value.slice(5, 7)}`;
    else if (typeof value === 'string' || typeof value === 'number') values[key] = value;
  }
  return values;
}

/**
 * Unregistered senders learn whom to ask, once a day per number; we keep only
 * a counter for them (no text, no log).
 */
async function unregistered(ctx: UseCaseContext, message: InboundMessage): Promise<InboundOutcome> {
  const who = senderKey(message.sender);
  const id = `unregistered:${who}`;
  const today = localDate(ctx.clock.now(), ctx.settings.timeZone);
  await ctx.repos.counters.increment(id);
  const first = await ctx.repos.counters.claim(id, 'lastReplyDay', today);
  ctx.logger.info(
    { channel: message.channel, sender: message.sender.kind === 'phone' ? maskPhone(message.sender.phone) : message.sender.kind, replied: first },
    'message from an unregistered sender',
  );
  return { reply: first ? reply('unregistered') : null, lng: 'vi', person: null, duplicate: false };
}
