import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/** The form fields Twilio posts for an inbound SMS (the ones Loa reads, plus a few it ignores). */
export function inboundSmsParams(input: { from: string; body: string; messageSid?: string; to?: string; accountSid?: string }): Record<string, string> {
  const sid = input.messageSid ?? newMessageSid();
  return {
    ToCountry: 'VN',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: input.body,
    To: input.to ?? '+84900000000',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: input.accountSid ?? 'AC' + '0'.repeat(32),
    From: input.from,
    ApiVersion: '2010-04-01',
  };
}

/** A fresh, Twilio-shaped MessageSid (`SM` + 32 hex digits). */
export function newMessageSid(): string {
  return 'SM' + randomBytes(16).toString('hex');
}

/**
 * Everything needed to POST a request exactly as Twilio would: the form body
 * and the `X-Twilio-Signature` over the full public URL and the fields.
 */
export function signedTwilioPost(authToken: string, url: string, params: Record<string, string>): { body: string; headers: Record<string, string> } {
  return {
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(authToken, url, params),
    },
  };
}
