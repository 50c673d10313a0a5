import { z } from 'zod';
import { doorSettings, int, optionalString, optionalUrl } from '../../app/settings-kit';

/** The Android gateway door's settings: the webhook's signing key and the phone's local API for sending. */
export const androidGatewaySettings = doorSettings({
  fields: z.object({
    ANDROID_GATEWAY_SIGNING_KEY: optionalString,
    ANDROID_GATEWAY_URL: optionalUrl,
    ANDROID_GATEWAY_USERNAME: optionalString,
    ANDROID_GATEWAY_PASSWORD: optionalString,
    ANDROID_GATEWAY_SILENCE_MINUTES: int(120, 5, 7 * 24 * 60),
  }),
  secrets: ['ANDROID_GATEWAY_SIGNING_KEY', 'ANDROID_GATEWAY_PASSWORD'],
  problems(config) {
    if (config.NODE_ENV === 'production' && config.ANDROID_GATEWAY_SIGNING_KEY !== undefined && config.ANDROID_GATEWAY_SIGNING_KEY.length < 16)
      return ['ANDROID_GATEWAY_SIGNING_KEY: at least 16 characters are required in production'];
    return [];
  },
});
