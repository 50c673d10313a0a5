import { z } from 'zod';
import { bool, doorSettings, optionalString, optionalUrl } from '../../app/settings-kit';

/** The Twilio door's settings: the webhook's signature check and, with an account, the sender. */
export const twilioSettings = doorSettings({
  fields: z.object({
    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_FROM: optionalString,
    TWILIO_MESSAGING_SERVICE_SID: optionalString,
    TWILIO_API_BASE_URL: optionalUrl,
    SMS_ALLOW_UNSIGNED: bool(false),
  }),
  secrets: ['TWILIO_AUTH_TOKEN'],
  problems(config) {
    if (config.NODE_ENV !== 'production') return [];
    const problems: string[] = [];
    if (config.SMS_ALLOW_UNSIGNED) problems.push('SMS_ALLOW_UNSIGNED must not be set in production');
    if (config.TWILIO_AUTH_TOKEN !== undefined && config.TWILIO_AUTH_TOKEN.length < 16)
      problems.push('TWILIO_AUTH_TOKEN: too short to be a Twilio auth token (they have 32 characters)');
    if (config.TWILIO_AUTH_TOKEN !== undefined && !config.PUBLIC_URL)
      problems.push('PUBLIC_URL: required with TWILIO_AUTH_TOKEN in production (Twilio signs the public URL; behind a proxy the Host header differs)');
    return problems;
  },
});
