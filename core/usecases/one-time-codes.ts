import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Person } from '../domain/people';
import type { Channel } from '../domain/session-log';
import { maskPhone, normalizePhone } from '../domain/phone';
import type { Logger } from '../logger';
import type { Outbound } from '../outbound/port';
import type { OutboxRepo } from '../outbound/outbox-records';
import { reply } from '../reply';
import { counterWindow, type CountersRepo } from '../repos/inbound-repo';
import { CODE_PURPOSES, type CodePurpose, type OneTimeCodeRecord, type OneTimeCodesRepo } from '../repos/one-time-codes-repo';

/**
 * One-time codes prove that whoever asks (a Zalo chat, a Telegram chat without
 * a phone, a web browser) holds a roster person's phone or an already linked
 * door: the code goes out only through a door that already reaches that
 * person, and it works only for a requester that asked for it.
 *
 * Asking costs the asker, not the target: the requester (chat, browser) and
 * its origin (the web's address) are counted first. A person gets at most one
 * live code per purpose: while it lives, a new requester asking for the same
 * person is given that same code (its salted hash copied to the requester's
 * record) and no new message goes out, so strangers asking for an officer
 * spend no SMS and cannot lock the officer out: the officer asks too and types
 * the code already received. Limits: 5 tries per requester and code, and at
 * most `sharesPerPersonPerHour` requesters per person and hour, so at most
 * 20 × 5 guesses an hour against a 6-digit code (1 in 10,000).
 */

export { CODE_PURPOSES, type CodePurpose, type OneTimeCodeRecord };

export interface OneTimeCodeSettings {
  /** How long a code works, in minutes. */
  ttlMinutes: number;
  /** Wrong or right, a code can be tried this many times. */
  maxTries: number;
  /** Codes one person may be sent per hour and purpose. */
  perPersonPerHour: number;
  /** Codes one requester (chat, browser) may ask for per hour and purpose, whoever they name. */
  perRequesterPerHour: number;
  /** Codes one origin (the web's client address) may ask for per hour and purpose, whoever they name. */
  perOriginPerHour: number;
  /** Requesters one person's live code may be given to per hour and purpose (bounds guessing). */
  sharesPerPersonPerHour: number;
  /** Codes sent per hour in total, every person and purpose (`LOA_CODES_PER_HOUR`): bounds SMS spend. */
  sendsPerHour: number;
}

export const DEFAULT_ONE_TIME_CODE_SETTINGS: OneTimeCodeSettings = {
  ttlMinutes: 10,
  maxTries: 5,
  perPersonPerHour: 5,
  perRequesterPerHour: 5,
  perOriginPerHour: 10,
  sharesPerPersonPerHour: 20,
  sendsPerHour: 60,
};

/** Who the code is for: a phone as typed (normalised here) or a known person id. */
export type CodeTarget = { phone: string } | { personId: string };

export interface IssueCodeRequest {
  purpose: CodePurpose;
  /**
   * A stable id of who asks and will type the code back: `zalo:<user id>`,
   * `telegram:<user id>`, or for the web a random per-attempt id kept in a
   * cookie (an IP alone is shared by a whole commune office behind one NAT).
   */
  requester: string;
  /** Where the request came from when the requester id is the asker's own choice (the web: the client address). */
  origin?: string;
  /** Who may receive this purpose's code (web sign-in: staff); others are `not_eligible`, counted like everyone. */
  eligible?: (person: Person) => boolean;
  now: Date;
}

/**
 * `rate_limited` is about the asker and may be told; every other outcome is
 * about the target and must get the same answer as success (else the answers
 * tell who is on the roster). `reused`: no message went out, the live code works.
 */
export type IssueCodeResult =
  | { ok: true; expiresAt: Date; via: Channel | null; personId: string; reused: boolean }
  | { ok: false; reason: 'invalid_phone' | 'not_on_roster' | 'not_eligible' | 'rate_limited' | 'target_limited' | 'spend_limited' | 'no_door' | 'send_failed' };

/** Whether an issue outcome may be told to the asker as it is: the others get the one answer. */
export function isAskerOutcome(result: IssueCodeResult): result is { ok: false; reason: 'rate_limited' | 'invalid_phone' } {
  return !result.ok && (result.reason === 'rate_limited' || result.reason === 'invalid_phone');
}

export interface VerifyCodeRequest {
  purpose: CodePurpose;
  requester: string;
  code: string;
  now: Date;
  /** Optional: when given, the code must have been issued for this person (web login names the phone again). */
  target?: CodeTarget;
}

export type VerifyCodeResult =
  | { ok: true; person: Person }
  | { ok: false; reason: 'wrong'; triesLeft: number }
  | { ok: false; reason: 'expired' | 'too_many_tries' | 'none' };

export interface OneTimeCodes {
  /** How long a code works: the one answer to every request names it. */
  readonly ttlMinutes: number;
  issueCode(request: IssueCodeRequest & CodeTarget): Promise<IssueCodeResult>;
  verifyCode(request: VerifyCodeRequest): Promise<VerifyCodeResult>;
  /**
   * The same codes (settings, outbound, generator) on other repositories: a
   * message's, bound to its unit of work, so `DK` and the code a chat account
   * types write in the message's transaction (not as lone writes).
   */
  withRepos(repos: OneTimeCodesRepos): OneTimeCodes;
}

/** The repositories the codes write through, as the core names them. */
export type OneTimeCodesRepos = { oneTimeCodes: OneTimeCodesRepo; people: OneTimeCodesDeps['people']; counters: CountersRepo; outbox: OutboxRepo };

export interface OneTimeCodesDeps {
  codes: OneTimeCodesRepo;
  people: { get(id: string): Promise<Person | null>; findByPhone(phone: string): Promise<Person | null> };
  counters: CountersRepo;
  /** The outbox: it picks the person's door, renders for it and sends once. */
  outbound: Outbound;
  logger: Logger;
  settings?: Partial<OneTimeCodeSettings>;
  /** Injected for tests; six random digits by default. */
  generate?: () => string;
}

const hashOf = (salt: string, code: string): string => createHash('sha256').update(`${salt}:${code}`).digest('hex');
const randomCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** What issuing and verifying share. */
interface CodesState {
  deps: OneTimeCodesDeps;
  settings: OneTimeCodeSettings;
  codes: OneTimeCodesRepo;
  generate: () => string;
  log: Logger;
}

export function createOneTimeCodes(deps: OneTimeCodesDeps): OneTimeCodes {
  return codesOn({
    deps,
    settings: { ...DEFAULT_ONE_TIME_CODE_SETTINGS, ...deps.settings },
    codes: deps.codes,
    generate: deps.generate ?? randomCode,
    log: deps.logger.child({ component: 'one-time-codes' }),
  });
}

function codesOn(state: CodesState): OneTimeCodes {
  return {
    ttlMinutes: state.settings.ttlMinutes,
    issueCode: (request) => issueCode(state, request),
    verifyCode: (request) => verifyCode(state, request),
    withRepos: (repos) => {
      // The code's message is recorded by the outbox before it is sent: on these repositories too.
      const outbound = state.deps.outbound.withRepos?.(repos) ?? state.deps.outbound;
      return codesOn({ ...state, deps: { ...state.deps, codes: repos.oneTimeCodes, people: repos.people, counters: repos.counters, outbound }, codes: repos.oneTimeCodes });
    },
  };
}

async function resolve(state: CodesState, target: CodeTarget): Promise<{ ok: true; person: Person | null } | { ok: false }> {
  if ('personId' in target) return { ok: true, person: await state.deps.people.get(target.personId) };
  const phone = normalizePhone(target.phone);
  if (!phone.ok) return { ok: false };
  return { ok: true, person: await state.deps.people.findByPhone(phone.e164) };
}

/** The requester's and the origin's limits for the hour, counted before the roster lookup so nobody can probe it. */
async function askerAllowed(state: CodesState, request: IssueCodeRequest): Promise<boolean> {
  const { purpose, requester, origin, now } = request;
  const hour = counterWindow(now, 'hour');
  const asked = await state.deps.counters.increment(`otc:requester:${purpose}:${requester}:${hour.label}`, hour.endsAt);
  if (asked > state.settings.perRequesterPerHour) return false;
  if (origin === undefined) return true;
  const fromOrigin = await state.deps.counters.increment(`otc:origin:${purpose}:${origin}:${hour.label}`, hour.endsAt);
  return fromOrigin <= state.settings.perOriginPerHour;
}

/** The id of a person's live code (no requester id has an `@`: browsers are `[A-Za-z0-9_-]`, chats `door:<id>`). */
const liveCodeId = (purpose: CodePurpose, personId: string): string => `${purpose}:@${personId}`;

async function issueCode(state: CodesState, request: IssueCodeRequest & CodeTarget): Promise<IssueCodeResult> {
  if (!(await askerAllowed(state, request))) return { ok: false, reason: 'rate_limited' };
  const found = await resolve(state, request);
  if (!found.ok) return { ok: false, reason: 'invalid_phone' };
  const person = found.person;
  if (!person) return { ok: false, reason: 'not_on_roster' };
  if (request.eligible && !request.eligible(person)) return { ok: false, reason: 'not_eligible' };
  const { purpose, now } = request;
  const hour = counterWindow(now, 'hour');
  const live = await state.codes.get(liveCodeId(purpose, person._id));
  if (live && now.getTime() < Date.parse(live.expiresAt)) {
    const shares = await state.deps.counters.increment(`otc:shared:${purpose}:${person._id}:${hour.label}`, hour.endsAt);
    if (shares > state.settings.sharesPerPersonPerHour) return { ok: false, reason: 'target_limited' };
    await state.codes.put({ ...live, _id: `${purpose}:${request.requester}`, requester: request.requester, tries: 0 });
    state.log.info({ purpose, person: person._id }, 'one-time code asked again while live: the same code, no new message');
    return { ok: true, expiresAt: new Date(live.expiresAt), via: null, personId: person._id, reused: true };
  }
  const sent = await state.deps.counters.increment(`otc:person:${purpose}:${person._id}:${hour.label}`, hour.endsAt);
  if (sent > state.settings.perPersonPerHour) return { ok: false, reason: 'target_limited' };
  const all = await state.deps.counters.increment(`otc:all:${hour.label}`, hour.endsAt);
  if (all > state.settings.sendsPerHour) {
    state.log.warn({ sentThisHour: all - 1, cap: state.settings.sendsPerHour }, 'one-time codes per hour reached LOA_CODES_PER_HOUR: no code sent');
    return { ok: false, reason: 'spend_limited' };
  }
  return sendNewCode(state, request, person, all);
}

async function sendNewCode(state: CodesState, request: IssueCodeRequest, person: Person, sentThisHour: number): Promise<IssueCodeResult> {
  const { purpose, requester, now } = request;
  const { settings, codes, log } = state;
  const code = state.generate();
  const salt = randomBytes(16).toString('hex');
  const id = `${purpose}:${requester}`;
  const expiresAt = new Date(now.getTime() + settings.ttlMinutes * 60_000);
  const record: OneTimeCodeRecord = { _id: id, purpose, requester, personId: person._id, salt, hash: hashOf(salt, code), tries: 0, expiresAt: expiresAt.toISOString(), createdAt: now.toISOString() };
  await codes.put(record);
  await codes.put({ ...record, _id: liveCodeId(purpose, person._id), requester: `@${person._id}` });

  const result = await state.deps.outbound.send({
    person,
    reply: reply(`codes:message.${purpose}`, { code, minutes: settings.ttlMinutes }),
    idempotencyKey: `otc:${id}:${now.getTime()}:${salt.slice(0, 8)}`,
  });
  if (!result.ok) {
    // Nobody can read this code: drop it, so the next request sends a new one.
    await codes.remove(id, salt);
    await codes.remove(liveCodeId(purpose, person._id), salt);
    log.warn({ purpose, person: person._id, reason: result.reason, phone: person.phone ? maskPhone(person.phone) : null }, 'one-time code not sent');
    return { ok: false, reason: result.reason === 'no_channel' ? 'no_door' : 'send_failed' };
  }
  log.info({ purpose, person: person._id, via: result.channel, sentThisHour, cap: settings.sendsPerHour }, 'one-time code sent');
  return { ok: true, expiresAt, via: result.channel, personId: person._id, reused: false };
}

async function verifyCode(state: CodesState, request: VerifyCodeRequest): Promise<VerifyCodeResult> {
  const { settings, codes } = state;
  const id = `${request.purpose}:${request.requester}`;
  const record = await codes.get(id);
  if (!record) return { ok: false, reason: 'none' };
  if (request.target) {
    const found = await resolve(state, request.target);
    if (!found.ok || found.person?._id !== record.personId) return { ok: false, reason: 'none' };
  }
  if (request.now.getTime() >= Date.parse(record.expiresAt)) {
    await codes.remove(id, record.salt);
    return { ok: false, reason: 'expired' };
  }
  // The try is spent before the comparison, atomically: parallel guesses cannot exceed the limit.
  if (!(await codes.spendTry(id, record.salt, settings.maxTries))) return { ok: false, reason: 'too_many_tries' };
  const typed = request.code.replace(/\s+/g, '');
  const right = /^\d{6}$/.test(typed) && timingSafeEqual(Buffer.from(hashOf(record.salt, typed), 'hex'), Buffer.from(record.hash, 'hex'));
  if (!right) return { ok: false, reason: 'wrong', triesLeft: Math.max(0, settings.maxTries - record.tries - 1) };
  // Single use: only the caller whose delete removed it gets the person.
  if (!(await codes.remove(id, record.salt))) return { ok: false, reason: 'none' };
  // Used: the next request for this person gets a new code.
  await codes.remove(liveCodeId(request.purpose, record.personId), record.salt);
  const person = await state.deps.people.get(record.personId);
  if (!person) return { ok: false, reason: 'none' };
  state.log.info({ purpose: request.purpose, person: person._id }, 'one-time code verified');
  return { ok: true, person };
}
