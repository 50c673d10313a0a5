import { Api } from 'grammy';
import { createBot, createTelegramSender, mountTelegramWebhook, setBotCommands, setTelegramWebhook, startPolling, webhookSecret, type LoaBot, type PollingHandle } from './';
import { createPlanAdmin } from '../../core/plans/plan-admin';
import type { ChannelEnv, ChannelPlugin, DoorConfig, DoorModule } from '../../app/door-plugin';
import { telegramSettings } from './settings';

/**
 * Telegram: long polling, or a webhook at POST /telegram when
 * TELEGRAM_WEBHOOK_URL is set. Telegram being unreachable never keeps the
 * other doors shut: registration and polling start in the background.
 */
/** Loa's settings and this door's. */
type TelegramConfig = DoorConfig<typeof telegramSettings.fields.shape>;

export function telegramChannel(env: ChannelEnv<TelegramConfig>): ChannelPlugin {
  const { config, logger } = env;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) {
    logger.info('Telegram bot off: set TELEGRAM_BOT_TOKEN to switch it on (long polling; set TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET for webhook mode)');
    return { name: 'telegram' };
  }
  const apiRoot = config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {};
  let bot: LoaBot | null = null;
  const theBot = (): LoaBot => {
    if (bot) return bot;
    const { core } = env.built();
    bot = createBot(token, {
      handleInbound: core.handleInbound,
      i18n: core.i18n,
      people: core.repos.people,
      replies: core.repos.counters,
      logger,
      clock: core.clock,
      timeZone: core.settings.timeZone,
      plans: createPlanAdmin({ plans: core.repos.plans, places: core.repos.places, clock: core.clock }),
      ...apiRoot,
    });
    return bot;
  };
  // A plain Api for the outbox: the outbox's retry is the one retry layer.
  const sender = createTelegramSender({ api: new Api(token, apiRoot), people: env.people, logger, clock: env.clock });
  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  if (webhookUrl) {
    const secret = webhookSecret(config.TELEGRAM_WEBHOOK_SECRET);
    return {
      name: 'telegram',
      sender,
      mount: (app) => mountTelegramWebhook(app, theBot(), { secretToken: secret }),
      start: async () => {
        const register = async () => {
          const bot = theBot();
          await bot.init();
          await setTelegramWebhook(bot, webhookUrl, secret);
          await setBotCommands(bot.api, env.built().core.i18n, env.built().core.commands.menuWords);
          logger.info({ url: webhookUrl }, 'telegram bot: webhook mode, updates arrive at POST /telegram');
        };
        register().catch((error: unknown) => logger.error({ err: error }, 'could not register the Telegram webhook; SMS keeps working'));
      },
    };
  }
  let polling: PollingHandle | null = null;
  return {
    name: 'telegram',
    sender,
    start: async () => {
      const bot = theBot();
      startPolling(bot, logger).then(
        async (running) => {
          polling = running;
          await setBotCommands(bot.api, env.built().core.i18n, env.built().core.commands.menuWords).catch((error: unknown) => logger.warn({ err: error }, 'could not set the bot command menu'));
        },
        (error: unknown) => logger.error({ err: error }, 'telegram bot could not start polling; SMS keeps working. Check TELEGRAM_BOT_TOKEN and the network'),
      );
    },
    stop: async () => {
      await polling?.stop();
    },
  };
}

/** The Telegram door, as app/doors.ts registers it. */
export const telegramDoor: DoorModule<typeof telegramSettings.fields.shape> = { name: 'telegram', fullText: true, settings: telegramSettings, open: telegramChannel };
