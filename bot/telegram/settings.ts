import { z } from 'zod';
import { doorSettings, optionalString, optionalUrl } from '../../app/settings-kit';

/** The Telegram door's settings: the bot token, and a webhook instead of long polling. */
export const telegramSettings = doorSettings({
  fields: z.object({
    TELEGRAM_BOT_TOKEN: optionalString,
    TELEGRAM_API_ROOT: optionalUrl,
    TELEGRAM_WEBHOOK_URL: optionalUrl,
    TELEGRAM_WEBHOOK_SECRET: optionalString,
  }),
  secrets: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET'],
  problems(config) {
    const problems: string[] = [];
    if (config.NODE_ENV === 'production' && config.TELEGRAM_WEBHOOK_URL && (!config.TELEGRAM_WEBHOOK_SECRET || config.TELEGRAM_WEBHOOK_SECRET.length < 16))
      problems.push('TELEGRAM_WEBHOOK_SECRET: at least 16 characters are required with TELEGRAM_WEBHOOK_URL in production');
    if (config.TELEGRAM_WEBHOOK_SECRET !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(config.TELEGRAM_WEBHOOK_SECRET))
      problems.push('TELEGRAM_WEBHOOK_SECRET: only A-Z, a-z, 0-9, _ and - are allowed (Telegram rule)');
    return problems;
  },
});
