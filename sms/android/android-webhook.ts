import express, { type Express, type Request, type Response } from 'express';
import { systemClock, type Clock } from '../../core/clock';
import type { Language, Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';
import { maskPhone, normalizePhone } from '../../core/domain/phone';
import type { InboundHandler, InboundOutcome } from '../../core/inbound';
import { silentLogger, type Logger } from '../../core/logger';
import type { Outbound, OutboundRequest } from '../../core/outbound/port';
import { StoreUnavailableError } from '../../core/ports/store-errors';
import { communeOf } from './commune-of';
import { createDeviceRegistry, type DeviceRegistry, type GatewayDevicesRepo } from './device-registry';
import { parseEnvelope, phoneReceiveTime, type GatewayEvent } from './envelope';
import { verifyGatewaySignature } from './signature';
import { DEFAULT_TIME_ZONE } from '../../core/periods';

export const ANDROID_GATEWAY_PATH = '/gateway/android';

export interface AndroidGatewayDeps {
  /** `ANDROID_GATEWAY_SIGNING_KEY`: the app's Settings → Webhooks → Signing Key. */
  signingKey: string;
  /** `core.handleInbound`. */
  handleInbound: InboundHandler;
  /** The outbox: replies go out through it, never in the webhook answer (the app does not read one). */
  outbound: Outbound;
  /** `outbox.recordStatus`: `sms:sent` / `sms:delivered` / `sms:failed` land in the same status record as Twilio's. */
  recordStatus: (providerId: string, status: string) => Promise<unknown>;
  /** The stored devices (`storage.doors.gatewayDevices`). */
  devices: GatewayDevicesRepo;
  /** `core.repos.places`: finds the commune a device serves from its first registered sender. */
  places: { get(id: string): Promise<Place | null> };
  /** `core.clock`: signature window and device times. */
  clock?: Clock;
  logger?: Logger;
  /** `LOA_TIME_ZONE`: reads a `receivedAt` that carries no offset. */
  timeZone?: string;
  toleranceSeconds?: number;
}

export interface AndroidGatewayHandle {
  readonly devices: DeviceRegistry;
  /** Resolves when every reply started so far has been handed to the outbound port (tests, graceful shutdown). */
  idle(): Promise<void>;
}

type Answer = { status: number; body: Record<string, unknown> };

/**
 * `POST /gateway/android`: the webhook of SMS Gateway for Android.
 *
 * Nothing lost, nothing twice: the answer is 2xx only once the core has made
 * the log durable; a store outage answers 503 and the app retries the same
 * envelope `id` (10 s, 20 s, 40 s, … for about two days), which the core
 * dedupes on `(android, id)`. The reply is sent after the answer, through the
 * outbox with the key `reply:android:<id>`, so a retried envelope never
 * texts the collaborator twice; and a failed send never turns into a non-2xx
 * (that would only make the app re-post an envelope that is already logged).
 */
export function mountAndroidGateway(app: Express, deps: AndroidGatewayDeps): AndroidGatewayHandle {
  const gateway: Gateway = {
    deps,
    clock: deps.clock ?? systemClock,
    log: (deps.logger ?? silentLogger).child({ channel: 'android' }),
    devices: createDeviceRegistry(deps.devices),
    timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE,
    inflight: new Set(),
    communeKnown: new Set(),
  };
  // Without both signature headers nothing can be verified: refused before the body is read (the HMAC needs the body).
  const headersFirst = (req: Request, res: Response, next: () => void): void => {
    if (req.get('x-signature') && req.get('x-timestamp')) return next();
    gateway.log.warn({ reason: 'missing_signature' }, 'Android gateway request refused');
    res.status(401).json({ error: 'invalid signature' });
  };
  app.post(ANDROID_GATEWAY_PATH, headersFirst, express.raw({ type: '*/*', limit: '64kb' }), (req: Request, res: Response) => answerRequest(gateway, req, res));
  return {
    devices: gateway.devices,
    async idle() {
      while (gateway.inflight.size > 0) await Promise.allSettled([...gateway.inflight]);
    },
  };
}

/** What the webhook's steps share. */
interface Gateway {
  deps: AndroidGatewayDeps;
  clock: Clock;
  log: Logger;
  devices: DeviceRegistry;
  timeZone: string;
  /** Replies started and not yet handed to the outbound port. */
  inflight: Set<Promise<void>>;
  /** Devices whose commune is settled: skips a read per message. */
  communeKnown: Set<string>;
}

/** Checks the signature and the envelope, then answers the event; a store outage propagates (the host answers 503). */
async function answerRequest(gateway: Gateway, req: Request, res: Response): Promise<void> {
  const { deps, clock, log } = gateway;
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const check = verifyGatewaySignature({
    signingKey: deps.signingKey,
    rawBody: raw,
    signature: req.get('x-signature'),
    timestamp: req.get('x-timestamp'),
    now: clock.now(),
    ...(deps.toleranceSeconds !== undefined ? { toleranceSeconds: deps.toleranceSeconds } : {}),
  });
  if (!check.ok) {
    log.warn({ reason: check.reason }, 'Android gateway request refused');
    return void res.status(401).json({ error: 'invalid signature' });
  }
  const parsed = parseEnvelope(raw);
  if (!parsed.ok) {
    log.warn({ detail: parsed.detail }, 'Android gateway envelope refused');
    return void res.status(400).json({ error: 'invalid envelope' });
  }
  try {
    const answer = await handleEvent(gateway, parsed.event);
    res.status(answer.status).json(answer.body);
  } catch (error) {
    // Not acknowledged (the host answers 503 with Retry-After): the app retries the same event id.
    if (error instanceof StoreUnavailableError) log.error({ id: parsed.event.id, event: parsed.event.kind }, 'store unavailable, gateway event not acknowledged');
    throw error;
  }
}

async function handleEvent(gateway: Gateway, event: GatewayEvent): Promise<Answer> {
  const { deps, devices, log } = gateway;
  const now = gateway.clock.now();
  switch (event.kind) {
    case 'received':
      return received(gateway, event, now);
    case 'status':
      await deps.recordStatus(event.messageId, event.status);
      await devices.seen(event.deviceId, 'status', now);
      log.debug({ id: event.id, providerId: event.messageId, status: event.status, reason: event.reason }, 'gateway status recorded');
      return { status: 200, body: { status: 'recorded' } };
    case 'ping':
      await devices.seen(event.deviceId, 'ping', now);
      return { status: 200, body: { status: 'recorded' } };
    case 'other':
      await devices.seen(event.deviceId, 'other', now);
      log.debug({ id: event.id, event: event.event }, 'gateway event ignored');
      return { status: 200, body: { status: 'ignored' } };
  }
}

async function received(gateway: Gateway, event: Extract<GatewayEvent, { kind: 'received' }>, now: Date): Promise<Answer> {
  const { deps, log } = gateway;
  const started = process.hrtime.bigint();
  const phone = normalizePhone(event.phoneNumber);
  if (!phone.ok) {
    // Carrier notices ("Viettel", 191) and other short codes: nobody to log for or answer.
    await gateway.devices.seen(event.deviceId, 'message', now);
    log.info({ id: event.id, senderLength: event.phoneNumber.length }, 'SMS from a non-phone sender ignored');
    return { status: 200, body: { status: 'ignored' } };
  }
  const receivedAt = phoneReceiveTime(event.receivedAtRaw, now, gateway.timeZone);
  if (!receivedAt.trusted) {
    log.warn({ id: event.id, device: event.deviceId, reason: receivedAt.reason, phoneTime: event.receivedAtRaw.slice(0, 40) }, 'the phone\'s receivedAt is not believable (unreadable, in the future or older than the app retries); dated by when Loa received it');
  }
  const outcome = await deps.handleInbound({
    channel: 'android',
    channelMessageId: event.id,
    sender: { kind: 'phone', phone: phone.e164 },
    text: event.text,
    receivedAt: receivedAt.at,
  });
  // The log is durable from here on: bookkeeping below must not turn the answer into a retry.
  await noteDevice(gateway, event.deviceId, outcome.person, now);
  track(gateway, sendReply(gateway, event.id, outcome, phone.e164));
  log.info(
    {
      id: event.id,
      device: event.deviceId,
      from: maskPhone(phone.e164),
      bodyLength: event.text.length,
      lateMinutes: Math.round((now.getTime() - receivedAt.at.getTime()) / 60_000),
      replyKey: outcome.reply?.key ?? null,
      duplicate: outcome.duplicate,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    },
    'gateway SMS handled',
  );
  return { status: 200, body: { status: outcome.duplicate ? 'duplicate' : 'handled' } };
}

/** Marks the device seen, and registers it to the commune of the first registered sender it relays (kept from then on). */
async function noteDevice(gateway: Gateway, deviceId: string, person: Person | null, now: Date): Promise<void> {
  const { devices, communeKnown, log } = gateway;
  try {
    await devices.seen(deviceId, 'message', now);
    if (communeKnown.has(deviceId)) return;
    const current = await devices.get(deviceId);
    if (current?.communeId) return void communeKnown.add(deviceId);
    const commune = person ? await communeOf(person, gateway.deps.places) : null;
    if (commune && (await devices.assignCommune(deviceId, commune, 'roster', now))) {
      communeKnown.add(deviceId);
      log.info({ device: deviceId, commune }, 'gateway device registered to a commune from its first registered sender');
    }
  } catch (error) {
    log.warn({ device: deviceId, err: error }, 'could not record gateway device activity');
  }
}

/**
 * Forced to the Android door: an SMS is answered the way it came, even if
 * the person's last channel changed meanwhile. Without an Android sender
 * (inbound-only setup) the outbox picks the door itself.
 */
async function sendReply(gateway: Gateway, id: string, outcome: InboundOutcome, phone: string): Promise<void> {
  const { deps, log } = gateway;
  if (!outcome.reply) return;
  const person = outcome.person ?? unregisteredPerson(phone, outcome.lng);
  const request: OutboundRequest = { person, reply: outcome.reply, idempotencyKey: `reply:android:${id}`, channel: 'android' };
  try {
    let result = await deps.outbound.send(request);
    if (!result.ok && result.reason === 'no_channel') {
      const { channel: _forced, ...unforced } = request;
      result = await deps.outbound.send(unforced);
    }
    if (result.ok) log.debug({ id, status: result.status, channel: result.channel }, 'gateway reply handed to outbound');
    else log.warn({ id, reason: result.reason, detail: result.detail }, 'gateway reply not sent');
  } catch (error) {
    log.error({ id, err: error }, 'gateway reply failed');
  }
}

function track(gateway: Gateway, promise: Promise<void>): void {
  gateway.inflight.add(promise);
  void promise.finally(() => gateway.inflight.delete(promise));
}

/**
 * The outbox sends to people; an unregistered number gets its one
 * "not registered" answer through a stand-in that lives only for this send.
 */
function unregisteredPerson(phone: string, lng: Language): Person {
  return {
    _id: 'unregistered',
    name: 'unregistered sender',
    role: { kind: 'collaborator', placeId: 'unregistered' },
    placePath: ['unregistered'],
    phone,
    lng,
    remindersOff: true,
    createdAt: new Date(0).toISOString(),
  };
}
