import { z } from 'zod';
import { doorSettings, optionalString, optionalUrl } from '../../app/settings-kit';

/** The Zalo door's settings: the bot token, and a webhook instead of long polling. */
export const zaloSettings = doorSettings({
  fields: z.object({
    ZALO_BOT_TOKEN: optionalString,
    ZALO_API_ROOT: optionalUrl,
    ZALO_WEBHOOK_URL: optionalUrl,
    ZALO_WEBHOOK_SECRET: optionalString,
  }),
  secrets: ['ZALO_BOT_TOKEN', 'ZALO_WEBHOOK_SECRET'],
  problems(config) {
    const problems: string[] = [];
    if (config.ZALO_WEBHOOK_URL && !config.ZALO_WEBHOOK_SECRET)
      problems.push('ZALO_WEBHOOK_SECRET: required with ZALO_WEBHOOK_URL (Zalo sends it in X-Bot-Api-Secret-Token)');
    if (config.ZALO_WEBHOOK_SECRET !== undefined && (config.ZALO_WEBHOOK_SECRET.length < 8 || config.ZALO_WEBHOOK_SECRET.length > 256))
      problems.push('ZALO_WEBHOOK_SECRET: 8 to 256 characters (Zalo rule)');
    return problems;
  },
});
