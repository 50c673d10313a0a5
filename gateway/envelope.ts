import { DateTime } from 'luxon';
import { z } from 'zod';

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
 * `timeZone`. A time in the future (a phone clock that runs ahead) is
 * replaced by `now`, an unreadable one too: the log is then dated by arrival.
 */
export function phoneReceiveTime(raw: string, now: Date, timeZone: string): { at: Date; trusted: boolean } {
  const parsed = DateTime.fromISO(raw, { zone: timeZone, setZone: false });
  if (!parsed.isValid) return { at: now, trusted: false };
  const at = parsed.toJSDate();
  if (at.getTime() > now.getTime() + 5 * 60_000) return { at: now, trusted: false };
  return { at, trusted: true };
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');
}
