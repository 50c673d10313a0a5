import { may, ownPlaceOf } from '../access/policy';
import type { AccountIdentity, Person, SenderIdentity, Staff } from '../domain/people';
import { accountDoors, accountOn, senderKey, withAccount } from '../domain/people';
import { normalizePhone } from '../domain/phone';
import type { Channel } from '../domain/session-log';
import type { LinkCommand } from '../language/link-commands';
import type { Logger } from '../logger';
import { reply, type Reply } from '../reply';
import { counterWindow, type CountersRepo } from '../repos/inbound-repo';
import type { PeopleRepo } from '../repos/people-repo';
import { DuplicateKeyError } from '../ports/store-errors';
import { isAskerOutcome, type OneTimeCodes, type OneTimeCodesRepos } from './one-time-codes';

/** A sender known by an account on a chat door, which a person links by code; SMS senders are known by their number already. */
export type ChatIdentity = AccountIdentity;

export function isChatIdentity(identity: SenderIdentity): identity is ChatIdentity {
  return identity.kind === 'account';
}

/** The SMS doors: named "SMS" in replies, whichever way the text went. */
const SMS_CHANNELS: ReadonlySet<string> = new Set(['sms', 'android']);

/** How a door is named in replies: "SMS" for the SMS doors, else the door's name capitalised (`zalo` → Zalo). */
export function doorName(channel: Channel): string {
  if (SMS_CHANNELS.has(channel)) return 'SMS';
  return channel.charAt(0).toUpperCase() + channel.slice(1);
}

/** What linking a chat account needs from the roster. */
export type ChatLinkPeople = Pick<PeopleRepo, 'findByPhone' | 'linkAccount'>;

/**
 * The one rule for attaching a chat account to a roster person, whichever way
 * it was proved (a code, or Telegram's own shared contact), on any door: the
 * access policy lets the person link (`link`, at their own place); never over
 * another account of the person on that door; never an account already linked
 * to someone else (the repository refuses it with DuplicateKeyError). The
 * policy lets every roster person link today; a refusal by it would be answered
 * as "not on the roster" by the shared contact and as "taken" by the code.
 */
export async function attachChatAccount(people: ChatLinkPeople, identity: ChatIdentity, person: Person): Promise<'linked' | 'taken' | 'refused'> {
  // Linking is the person's own act at their own place; the policy may narrow it (it is asked like every other action).
  if (!may(person, 'link', ownPlaceOf(person)).allowed) return 'refused';
  const current = accountOn(person, identity.door);
  if (current !== undefined && current.id !== identity.id) return 'taken';
  try {
    await people.linkAccount(person._id, identity.door, identity.id);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    return 'taken';
  }
  return 'linked';
}

/**
 * A chat account that proved it holds a roster phone (Telegram's request-contact
 * button with the sender's own card) is linked to that person.
 */
export async function linkByOwnPhone(
  people: ChatLinkPeople,
  identity: ChatIdentity,
  phone: string,
): Promise<{ ok: true; person: Person } | { ok: false; reason: 'not_on_roster' | 'taken' }> {
  const normalized = normalizePhone(phone);
  const person = normalized.ok ? await people.findByPhone(normalized.e164) : null;
  if (!person) return { ok: false, reason: 'not_on_roster' };
  const attached = await attachChatAccount(people, identity, person);
  if (attached !== 'linked') return { ok: false, reason: attached === 'taken' ? 'taken' : 'not_on_roster' };
  return { ok: true, person: { ...person, accounts: withAccount(person.accounts, identity.door, identity.id) } };
}

export interface ChatLinking {
  /**
   * A message from a chat account that is linked to nobody: `DK <phone>` asks
   * for a code, the code links, anything else gets the instructions (a few
   * times an hour, so an auto-responder cannot start a loop). Returns the
   * reply and, once linked, the person.
   */
  fromUnlinked(identity: ChatIdentity, command: LinkCommand | null, now: Date): Promise<{ reply: Reply | null; person: Person | null }>;
  /** `register`/`verify` from someone already linked: nothing to do. */
  alreadyLinked(person: Person): Reply;
  /** An officer or admin removes the chat links (every door's) of a person in their own area. */
  unlink(by: Staff, phone: string): Promise<Reply>;
  /**
   * The same linking on other repositories (its one-time codes too): a
   * message's, bound to its unit of work, so the link, the code's removal and
   * the prompt counter are written in the message's transaction, not as lone
   * writes. Cheap: the entry asks for it only when a message links or unlinks.
   */
  withRepos(repos: ChatLinkingRepos): ChatLinking;
}

/** The repositories linking writes through (the codes' among them). */
export type ChatLinkingRepos = OneTimeCodesRepos & { people: PeopleRepo };

export interface ChatLinkingDeps {
  people: PeopleRepo;
  counters: CountersRepo;
  codes: OneTimeCodes;
  logger: Logger;
  /** Instructions sent to one unlinked account per hour. */
  promptsPerHour?: number;
}

export function createChatLinking(deps: ChatLinkingDeps): ChatLinking {
  return linkingOn(deps, deps.logger.child({ component: 'chat-linking' }));
}

function linkingOn(deps: ChatLinkingDeps, log: Logger): ChatLinking {
  const promptsPerHour = deps.promptsPerHour ?? 3;

  async function link(identity: ChatIdentity, person: Person): Promise<Reply> {
    const attached = await attachChatAccount(deps.people, identity, person);
    if (attached !== 'linked') {
      log.warn({ person: person._id, door: identity.door, outcome: attached }, 'chat account not linked (taken, or refused by the policy)');
      return reply('codes:link.taken', { door: doorName(identity.door) });
    }
    log.info({ person: person._id, door: identity.door, role: person.role.kind }, 'chat account linked by code');
    return reply('codes:link.linked', { name: person.name });
  }

  return {
    async fromUnlinked(identity, command, now) {
      const requester = senderKey(identity);
      if (command?.kind === 'register') {
        const issued = await deps.codes.issueCode({ purpose: 'link', requester, phone: command.phone, now });
        if (isAskerOutcome(issued)) return { reply: reply(`codes:link.${issued.reason}`, { phone: command.phone }), person: null };
        // One answer whoever the number belongs to (nobody, a collaborator, an officer), sent or not: the log tells which.
        log.info({ door: identity.door, outcome: issued.ok ? (issued.reused ? 'code_reused' : 'code_sent') : issued.reason }, 'link code asked');
        const phone = normalizePhone(command.phone);
        return { reply: reply('codes:link.sent', { phone: phone.ok ? maskNational(phone.e164) : command.phone, minutes: deps.codes.ttlMinutes }), person: null };
      }
      if (command?.kind === 'verify') {
        const verified = await deps.codes.verifyCode({ purpose: 'link', requester, code: command.code, now });
        if (!verified.ok) return { reply: reply(`codes:link.${verified.reason}`, verified.reason === 'wrong' ? { triesLeft: verified.triesLeft } : {}), person: null };
        const answer = await link(identity, verified.person);
        const linked = answer.key === 'codes:link.linked';
        return { reply: answer, person: linked ? verified.person : null };
      }
      const hour = counterWindow(now, 'hour');
      const prompts = await deps.counters.increment(`link-prompt:${requester}:${hour.label}`, hour.endsAt);
      return { reply: prompts > promptsPerHour ? null : reply('codes:link.prompt'), person: null };
    },

    alreadyLinked(person) {
      return reply('codes:link.already_linked', { name: person.name });
    },

    async unlink(by, raw) {
      const phone = normalizePhone(raw);
      const person = phone.ok ? await deps.people.findByPhone(phone.e164) : null;
      // The policy says whose links an officer may remove (people under their own place): another commune's roster reads as unknown.
      if (!person || !may(by, 'unlink', ownPlaceOf(person)).allowed) return reply('codes:unlink.not_found', { phone: raw });
      const removed: string[] = [];
      for (const door of accountDoors(person)) if (await deps.people.unlinkAccount(person._id, door)) removed.push(doorName(door));
      log.info({ by: by._id, person: person._id, removed }, 'chat links removed by an officer');
      if (removed.length === 0) return reply('codes:unlink.nothing', { name: person.name });
      return reply('codes:unlink.done', { name: person.name, door: removed.join(', ') });
    },

    withRepos(repos) {
      return linkingOn({ ...deps, people: repos.people, counters: repos.counters, codes: deps.codes.withRepos(repos) }, log);
    },
  };
}

/** `+84905123456` → `090****456`: enough for the sender to recognise their number, not enough to harvest it. */
function maskNational(e164: string): string {
  const national = e164.startsWith('+84') ? `0${e164.slice(3)}` : e164;
  return `${national.slice(0, 3)}****${national.slice(-3)}`;
}
