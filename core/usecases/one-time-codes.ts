import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Person } from '../domain/people';
import type { Channel } from '../domain/session-log';
import { maskPhone, normalizePhone } from '../domain/phone';
import type { Logger } from '../logger';
import type { Outbound } from '../outbound/port';
import { reply } from '../reply';
import { counterWindow, type CountersRepo } from '../repos/inbound-repo';
import type { OneTimeCodesRepo } from '../repos/one-time-codes-repo';

/**
 * One-time codes prove that whoever asks (a Zalo chat, a Telegram chat without
 * a phone, a web browser) holds a roster person's phone or an already linked
 * door: the code goes out only through a door that already reaches that
 * person, and it works only for the requester that asked for it.
 *
 * Limits: a 6-digit code has 10^6 values, so the hash protects a leaked store
 * only for the code's 10 minutes; what really bounds guessing is 5 tries per
 * code and the per-phone/per-requester issue limits (at most 5 × 5 guesses an
 * hour for one person).
 */

export const CODE_PURPOSES = ['link', 'web-login'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export interface OneTimeCodeSettings {
  /** How long a code works, in minutes. */
  ttlMinutes: number;
  /** Wrong or right, a code can be tried this many times. */
  maxTries: number;
  /** Codes one person may be sent per hour and purpose. */
  perPersonPerHour: number;
  /** Codes one requester (chat, browser) may ask for per hour and purpose, whoever they name. */
  perRequesterPerHour: number;
}

export const DEFAULT_ONE_TIME_CODE_SETTINGS: OneTimeCodeSettings = {
  ttlMinutes: 10,
  maxTries: 5,
  perPersonPerHour: 5,
  perRequesterPerHour: 5,
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
  now: Date;
}

export type IssueCodeResult =
  | { ok: true; expiresAt: Date; via: Channel; personId: string }
  | { ok: false; reason: 'invalid_phone' | 'not_on_roster' | 'rate_limited' | 'no_door' | 'send_failed' };

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
  issueCode(request: IssueCodeRequest & CodeTarget): Promise<IssueCodeResult>;
  verifyCode(request: VerifyCodeRequest): Promise<VerifyCodeResult>;
}

/** The stored code: never the code itself, only a salted hash. */
export interface OneTimeCodeRecord {
  /** `<purpose>:<requester>`: one live code per requester, a new one replaces the old. */
  _id: string;
  purpose: CodePurpose;
  requester: string;
  personId: string;
  salt: string;
  hash: string;
  tries: number;
  expiresAt: string;
  createdAt: string;
  [key: string]: unknown;
}

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
  const state: CodesState = {
    deps,
    settings: { ...DEFAULT_ONE_TIME_CODE_SETTINGS, ...deps.settings },
    codes: deps.codes,
    generate: deps.generate ?? randomCode,
    log: deps.logger.child({ component: 'one-time-codes' }),
  };
  return {
    issueCode: (request) => issueCode(state, request),
    verifyCode: (request) => verifyCode(state, request),
  };
}

async function resolve(state: CodesState, target: CodeTarget): Promise<{ ok: true; person: Person | null } | { ok: false }> {
  if ('personId' in target) return { ok: true, person: await state.deps.people.get(target.personId) };
  const phone = normalizePhone(target.phone);
  if (!phone.ok) return { ok: false };
  return { ok: true, person: await state.deps.people.findByPhone(phone.e164) };
}

/** The person the code is for, within the hour's limits for the requester and for the person. */
async function recipientOf(state: CodesState, request: IssueCodeRequest & CodeTarget): Promise<{ ok: true; person: Person } | Extract<IssueCodeResult, { ok: false }>> {
  const { purpose, requester, now } = request;
  const { counters } = state.deps;
  // Counted before the roster lookup, so a requester cannot probe which phones are on the roster.
  const hour = counterWindow(now, 'hour');
  const asked = await counters.increment(`otc:requester:${purpose}:${requester}:${hour.label}`, hour.endsAt);
  if (asked > state.settings.perRequesterPerHour) return { ok: false, reason: 'rate_limited' };
  const found = await resolve(state, request);
  if (!found.ok) return { ok: false, reason: 'invalid_phone' };
  const person = found.person;
  if (!person) return { ok: false, reason: 'not_on_roster' };
  const sent = await counters.increment(`otc:person:${purpose}:${person._id}:${hour.label}`, hour.endsAt);
  if (sent > state.settings.perPersonPerHour) return { ok: false, reason: 'rate_limited' };
  return { ok: true, person };
}

async function issueCode(state: CodesState, request: IssueCodeRequest & CodeTarget): Promise<IssueCodeResult> {
  const { purpose, requester, now } = request;
  const { settings, codes, log } = state;
  const recipient = await recipientOf(state, request);
  if (!recipient.ok) return recipient;
  const { person } = recipient;

  const code = state.generate();
  const salt = randomBytes(16).toString('hex');
  const id = `${purpose}:${requester}`;
  const expiresAt = new Date(now.getTime() + settings.ttlMinutes * 60_000);
  await codes.put({
    _id: id,
    purpose,
    requester,
    personId: person._id,
    salt,
    hash: hashOf(salt, code),
    tries: 0,
    expiresAt: expiresAt.toISOString(),
    createdAt: now.toISOString(),
  });

  const result = await state.deps.outbound.send({
    person,
    reply: reply(`codes:message.${purpose}`, { code, minutes: settings.ttlMinutes }),
    idempotencyKey: `otc:${id}:${now.getTime()}:${salt.slice(0, 8)}`,
  });
  if (!result.ok) {
    // Nobody can read this code: drop it, so the requester is not left waiting for it.
    await codes.remove(id, salt);
    log.warn({ purpose, person: person._id, reason: result.reason, phone: person.phone ? maskPhone(person.phone) : null }, 'one-time code not sent');
    return { ok: false, reason: result.reason === 'no_channel' ? 'no_door' : 'send_failed' };
  }
  log.info({ purpose, person: person._id, via: result.channel }, 'one-time code sent');
  return { ok: true, expiresAt, via: result.channel, personId: person._id };
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
  const person = await state.deps.people.get(record.personId);
  if (!person) return { ok: false, reason: 'none' };
  state.log.info({ purpose: request.purpose, person: person._id }, 'one-time code verified');
  return { ok: true, person };
}
