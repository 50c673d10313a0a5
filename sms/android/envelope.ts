import { DateTime } from 'luxon';
import { z } from 'zod';
import { FUTURE_SLACK_MS, MAX_RELAY_DELAY_MS } from '../../core/door-time';

/**
 * The webhook envelope of SMS Gateway for Android (docs.sms-gate.app,
 * "Webhooks"): `{ id, webhookId, deviceId, event, payload }`. `id` is unique
 * per event delivery attempt series (retries repeat it); `payload.messageId`
 * of a received SMS is derived from its content and is NOT unique.
 */
const EnvelopeSchema = z.object({
  id: z.string().min(1).max(128),
  deviceId: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/),
  event: z.string().min(1).max(64),
  webhookId: z.string().max(128).nullish(),
  payload: z.unknown(),
});

const ReceivedSchema = z.object({
  messageId: z.string().max(128).nullish(),
  message: z.string().max(4000),
  phoneNumber: z.string().min(1).max(64),
  simNumber: z.number().int().nullish(),
  receivedAt: z.string().min(1).max(64),
});

const StatusSchema = z.object({
  messageId: z.string().min(1).max(128),
  phoneNumber: z.string().max(64).nullish(),
  reason: z.string().max(500).nullish(),
  error: z.string().max(500).nullish(),
});

export const STATUS_EVENTS = { 'sms:sent': 'sent', 'sms:delivered': 'delivered', 'sms:failed': 'failed' } as const;
export type StatusEvent = keyof typeof STATUS_EVENTS;

interface Base {
  id: string;
  deviceId: string;
}

export type GatewayEvent =
  | (Base & { kind: 'received'; phoneNumber: string; text: string; messageId: string | null; simNumber: number | null; receivedAtRaw: string })
  | (Base & { kind: 'status'; messageId: string; status: (typeof STATUS_EVENTS)[StatusEvent]; reason: string | null })
  | (Base & { kind: 'ping' })
  | (Base & { kind: 'other'; event: string });

export type ParsedEnvelope = { ok: true; event: GatewayEvent } | { ok: false; detail: string };

/** Parses the raw JSON body; events we do not use (`mms:*`, `app:started`) come back as `other`. */
export function parseEnvelope(raw: Buffer): ParsedEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, detail: 'body is not JSON' };
  }
  const envelope = EnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, detail: `envelope: ${issues(envelope.error)}` };
  const { id, deviceId, event, payload } = envelope.data;
  if (event === 'sms:received') {
    const p = ReceivedSchema.safeParse(payload);
    if (!p.success) return { ok: false, detail: `sms:received payload: ${issues(p.error)}` };
    return {
      ok: true,
      event: {
        kind: 'received',
        id,
        deviceId,
        phoneNumber: p.data.phoneNumber,
        text: p.data.message,
        messageId: p.data.messageId ?? null,
        simNumber: p.data.simNumber ?? null,
        receivedAtRaw: p.data.receivedAt,
      },
    };
  }
  if (event in STATUS_EVENTS) {
    const p = StatusSchema.safeParse(payload);
    if (!p.success) return { ok: false, detail: `${event} payload: ${issues(p.error)}` };
    const status = STATUS_EVENTS[event as StatusEvent];
    return { ok: true, event: { kind: 'status', id, deviceId, messageId: p.data.messageId, status, reason: p.data.reason ?? p.data.error ?? null } };
  }
  if (event === 'system:ping') return { ok: true, event: { kind: 'ping', id, deviceId } };
  return { ok: true, event: { kind: 'other', id, deviceId, event } };
}

/**
 * The phone's receive time. The app sends ISO 8601 with the device's offset
 * (`2024-06-22T15:46:11.000+07:00`); a value without an offset is read in
 * `timeZone`. It is bounded like any date: a time in the future (a phone clock
 * that runs ahead), one older than the app's retry span (a clock reset to 1970,
 * a wrong year) or an unreadable one is replaced by `now`, the time Loa
 * received it, and `reason` says why so the caller can log it.
 */
export function phoneReceiveTime(
  raw: string,
  now: Date,
  timeZone: string,
  maxDelayMs: number = MAX_RELAY_DELAY_MS,
): { at: Date; trusted: true } | { at: Date; trusted: false; reason: 'unreadable' | 'future' | 'too_old' } {
  const parsed = DateTime.fromISO(raw, { zone: timeZone, setZone: false });
  if (!parsed.isValid) return { at: now, trusted: false, reason: 'unreadable' };
  const at = parsed.toJSDate();
  if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) return { at: now, trusted: false, reason: 'future' };
  if (at.getTime() < now.getTime() - maxDelayMs) return { at: now, trusted: false, reason: 'too_old' };
  return { at, trusted: true };
}

/** The app retries an undelivered webhook for about two days; a receive time older than this is a wrong clock (one window for every door). */
export { MAX_RELAY_DELAY_MS };

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');
}
