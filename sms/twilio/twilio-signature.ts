import type { Request } from 'express';
// The webhooks module alone: the SDK's index loads its whole REST client (~16 MB of RSS) for this one function.
import { validateRequest } from 'twilio/lib/webhooks/webhooks';

export interface SignatureSettings {
  /** `TWILIO_AUTH_TOKEN`; without it nothing signed can be checked. */
  authToken?: string;
  /** `PUBLIC_URL`: the base Twilio was configured with (we may sit behind a proxy that rewrites host and scheme). */
  publicUrl?: string;
  /** `SMS_ALLOW_UNSIGNED`: development only, lets requests without a signature through. */
  allowUnsigned?: boolean;
}

export type SignatureCheck =
  | { ok: true; signed: boolean }
  | { ok: false; status: 403 | 503; reason: 'not_configured' | 'missing_signature' | 'bad_signature' };

/** The URL Twilio signed: the public base plus the path and query we received. */
export function signedUrl(req: Request, publicUrl?: string): string {
  const base = publicUrl ? publicUrl.replace(/\/+$/, '') : `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return base + req.originalUrl;
}

/**
 * Checks `X-Twilio-Signature` over the URL and the form parameters with the
 * SDK's own algorithm. Must run after the urlencoded body parser.
 */
export function checkTwilioSignature(req: Request, settings: SignatureSettings): SignatureCheck {
  const header = req.get('x-twilio-signature');
  if (!header) {
    if (settings.allowUnsigned) return { ok: true, signed: false };
    if (!settings.authToken) return { ok: false, status: 503, reason: 'not_configured' };
    return { ok: false, status: 403, reason: 'missing_signature' };
  }
  if (!settings.authToken) {
    return settings.allowUnsigned ? { ok: true, signed: false } : { ok: false, status: 503, reason: 'not_configured' };
  }
  const params = isPlainObject(req.body) ? req.body : {};
  const valid = validateRequest(settings.authToken, header, signedUrl(req, settings.publicUrl), params);
  return valid ? { ok: true, signed: true } : { ok: false, status: 403, reason: 'bad_signature' };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
