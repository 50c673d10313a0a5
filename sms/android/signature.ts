import { createHmac, timingSafeEqual } from 'node:crypto';

/** The app refuses nothing itself; we refuse requests signed more than this far from our clock (replays). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

/**
 * What SMS Gateway for Android sends as `X-Signature`: hex HMAC-SHA256, keyed
 * with the signing key from its settings, over the raw JSON body followed
 * directly by the `X-Timestamp` value (Unix seconds). Used by tests and the
 * bench to sign like the app does.
 */
export function signGatewayPayload(signingKey: string, rawBody: Buffer | string, timestamp: string): string {
  return createHmac('sha256', signingKey).update(rawBody).update(timestamp, 'utf8').digest('hex');
}

export interface SignatureInput {
  signingKey: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}

/** Checks the app's signature in constant time, then the timestamp window (so a captured request cannot be replayed later). */
export function verifyGatewaySignature(input: SignatureInput): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return { ok: false, reason: 'bad_signature' };
  const expected = createHmac('sha256', input.signingKey).update(input.rawBody).update(timestamp, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'bad_signature' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'stale_timestamp' };
  return { ok: true };
}
