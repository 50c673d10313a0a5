import type { Bot, Context } from 'grammy';
import type { Logger } from '../../../core/logger';
import { ALLOWED_UPDATES } from '../create-bot';

export interface PollingHandle {
  /** Stops fetching, confirms the last update to Telegram, and waits for the update in hand to finish. */
  stop(): Promise<void>;
}

/**
 * Long polling (the default when no webhook URL is set). Resolves once polling
 * runs (`getMe`, `deleteWebhook` done); a failure to start rejects.
 */
export function startPolling<C extends Context>(bot: Bot<C>, logger: Logger): Promise<PollingHandle> {
  return new Promise<PollingHandle>((resolve, reject) => {
    let started = false;
    const done = bot
      .start({
        allowed_updates: [...ALLOWED_UPDATES],
        onStart: (me) => {
          started = true;
          logger.info({ username: me.username }, 'telegram bot polling');
          resolve({
            async stop() {
              await bot.stop();
              await done;
            },
          });
        },
      })
      .catch((error: unknown) => {
        if (!started) reject(error);
        else logger.error({ err: error }, 'telegram polling stopped with an error');
      });
  });
}
