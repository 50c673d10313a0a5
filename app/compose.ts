import type http from 'node:http';
import type { Express } from 'express';
import type { Config } from './config';
import { openStore } from './open-store';
import { attachOfficerCommands, loadDemoPlan, loadPlansDir } from './officer-wiring';
import { createScheduler } from '../core/scheduling/scheduler';
import { createPlanAdmin } from '../core/plans/plan-admin';
import { createCore, type Core } from '../core/create-core';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { createOutbox, type Outbox } from '../core/outbound';
import type { MessageSender } from '../core/outbound/port';
import { loadDemoIfEmpty } from '../core/roster/demo';
import type { DocumentStore } from '../core/storage/port';
import { Api } from 'grammy';
import { createBot, createTelegramSender, mountTelegramWebhook, setBotCommands, setTelegramWebhook, startPolling, webhookSecret } from '../bot';
import { createAndroidGatewaySender, createGatewayWatchdog, mountAndroidGateway, type AndroidGatewayHandle } from '../gateway';
import { createHash } from 'node:crypto';
import { createChatLinking } from '../core/usecases/link-by-code';
import { createOneTimeCodes } from '../core/usecases/one-time-codes';
import { createDownloadLinks, createZaloDoor, createZaloSender, mountZaloWebhook, startZaloPolling, ZaloApi } from '../zalo';
import { createHttpApp, listenHttp, logSmsStartup, smsWebhookOptionsFromConfig, twilioSenderFromConfig, type MountFn, type RunningHttpServer } from '../sms';
import { webMountFromConfig } from '../web';

export interface Loa {
  config: Config;
  store: DocumentStore;
  core: Core;
  outbox: Outbox;
  app: Express;
  /** Starts listening and the background work (bot polling, schedules). Resolves with the bound port. */
  start(): Promise<number>;
  /** Stops in reverse order of start, then closes the store. */
  stop(): Promise<void>;
  /** The HTTP server once started (with the request timeouts of `sms/listen.ts`). */
  readonly server: http.Server | null;
}

/**
 * Builds the whole service from config without listening: store, core,
 * outbound doors, HTTP routes of every channel whose credentials are set.
 */
export async function buildLoa(config: Config, logger: Logger, options: { clock?: Clock } = {}): Promise<Loa> {
  const store = await openStore(config, logger, { server: true });
  logger.info({ store: store.description }, 'store open');
  const core = await createCore({
    store,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    settings: {
      timeZone: config.LOA_TIME_ZONE,
      maxLogAgeDays: config.LOA_MAX_LOG_AGE_DAYS,
      officerMaxLogAgeDays: config.LOA_OFFICER_MAX_LOG_AGE_DAYS,
      editWindowDays: config.LOA_EDIT_WINDOW_DAYS,
      unparsedRepliesPerHour: config.LOA_UNPARSED_REPLIES_PER_HOUR,
    },
  });
  if (config.LOA_DEMO_DATA && (await loadDemoIfEmpty(core))) {
    await loadDemoPlan(core, logger);
    logger.info('the store was empty: loaded the demo roster (demo/roster-ke-sat.csv) and the Kẻ Sắt 2026 plan; set LOA_DEMO_DATA=false to skip');
  }
  if (config.PLANS_DIR) logger.info({ dir: config.PLANS_DIR, loaded: await loadPlansDir(config.PLANS_DIR, core, logger) }, 'plans loaded');

  const senders: MessageSender[] = [];
  const twilio = twilioSenderFromConfig(config, logger);
  if (twilio) senders.push(twilio);
  if (config.ANDROID_GATEWAY_URL && config.ANDROID_GATEWAY_USERNAME && config.ANDROID_GATEWAY_PASSWORD) {
    senders.push(
      createAndroidGatewaySender({
        baseUrl: config.ANDROID_GATEWAY_URL,
        username: config.ANDROID_GATEWAY_USERNAME,
        password: config.ANDROID_GATEWAY_PASSWORD,
        logger,
      }),
    );
  }
  const telegramToken = config.TELEGRAM_BOT_TOKEN;
  const apiRootOption = config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {};
  if (telegramToken) {
    // A plain Api for the outbox: the sender handles 429s itself.
    senders.push(createTelegramSender({ api: new Api(telegramToken, apiRootOption), people: core.repos.people, logger, clock: core.clock }));
  }
  const zaloToken = config.ZALO_BOT_TOKEN;
  const zaloApi = zaloToken ? new ZaloApi({ token: zaloToken, ...(config.ZALO_API_ROOT ? { apiRoot: config.ZALO_API_ROOT } : {}) }) : null;
  // XUAT files and summary pictures reach Zalo as signed links on this server (the Bot API takes no uploads).
  // The key only this server knows, stable across restarts and processes: derived from the bot token.
  const downloads =
    zaloToken && config.PUBLIC_URL
      ? createDownloadLinks({
          store,
          publicUrl: config.PUBLIC_URL,
          signingKey: createHash('sha256').update(`loa-download-links:${zaloToken}`).digest('hex'),
          logger,
          clock: core.clock,
        })
      : undefined;
  if (zaloApi) senders.push(createZaloSender({ api: zaloApi, people: core.repos.people, clock: core.clock, logger, ...(downloads ? { downloads } : {}) }));
  const outbox = createOutbox({
    store,
    senders,
    render: core.render,
    clock: core.clock,
    logger,
    defaultSmsChannel: config.SMS_DEFAULT_CHANNEL,
    doorOrder: config.doorOrder,
  });
  await outbox.ready();
  const engine = attachOfficerCommands(core, outbox);
  // `DK <phone>` in any chat door: the code goes out through the outbox, by whatever door already reaches the person.
  const codes = createOneTimeCodes({ store, people: core.repos.people, counters: core.repos.counters, outbound: outbox, logger });
  core.setChatLinking(createChatLinking({ people: core.repos.people, counters: core.repos.counters, codes, logger }));

  const mounts: MountFn[] = [];
  const starts: (() => Promise<void>)[] = [];
  const stops: (() => Promise<void>)[] = [];

  if (telegramToken) {
    const bot = createBot(telegramToken, {
      handleInbound: core.handleInbound,
      i18n: core.i18n,
      people: core.repos.people,
      logger,
      clock: core.clock,
      timeZone: config.LOA_TIME_ZONE,
      plans: createPlanAdmin({ store, clock: core.clock }),
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    });
    const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
    if (webhookUrl) {
      const secret = webhookSecret(config.TELEGRAM_WEBHOOK_SECRET);
      mounts.push((app) => mountTelegramWebhook(app, bot, { secretToken: secret }));
      starts.push(async () => {
        const register = async () => {
          await bot.init();
          await setTelegramWebhook(bot, webhookUrl, secret);
          await setBotCommands(bot.api, core.i18n);
          logger.info({ url: webhookUrl }, 'telegram bot: webhook mode, updates arrive at POST /telegram');
        };
        register().catch((error: unknown) => logger.error({ err: error }, 'could not register the Telegram webhook; SMS keeps working'));
      });
    } else {
      // Telegram being unreachable must not keep the SMS door shut: start in the background.
      starts.push(async () => {
        startPolling(bot, logger).then(
          async (polling) => {
            stops.push(() => polling.stop());
            await setBotCommands(bot.api, core.i18n).catch((error: unknown) => logger.warn({ err: error }, 'could not set the bot command menu'));
          },
          (error: unknown) => logger.error({ err: error }, 'telegram bot could not start polling; SMS keeps working. Check TELEGRAM_BOT_TOKEN and the network'),
        );
      });
    }
  } else {
    logger.info('Telegram bot off: set TELEGRAM_BOT_TOKEN to switch it on (long polling; set TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET for webhook mode)');
  }

  if (zaloApi && zaloToken) {
    if (downloads) mounts.push((app) => downloads.mount(app));
    const door = createZaloDoor({ api: zaloApi, handleInbound: core.handleInbound, render: core.render, people: core.repos.people, clock: core.clock, logger, ...(downloads ? { downloads } : {}) });
    const webhookUrl = config.ZALO_WEBHOOK_URL;
    const secret = config.ZALO_WEBHOOK_SECRET;
    if (webhookUrl && secret) {
      mounts.push((app) => mountZaloWebhook(app, { door, secret, logger }));
      starts.push(async () => {
        zaloApi.setWebhook(webhookUrl, secret).then(
          () => logger.info({ url: webhookUrl }, 'zalo bot: webhook mode, updates arrive at POST /zalo'),
          (error: unknown) => logger.error({ err: error }, 'could not register the Zalo webhook; other doors keep working'),
        );
      });
    } else {
      starts.push(async () => {
        // Started in the background (Zalo being unreachable must not keep other doors shut), stopped even if still starting.
        const polling = startZaloPolling(zaloApi, door, logger).catch((error: unknown) => {
          logger.error({ err: error }, 'zalo bot could not start polling; other doors keep working. Check ZALO_BOT_TOKEN and the network');
          return null;
        });
        stops.push(async () => (await polling)?.stop());
      });
    }
    if (!downloads) logger.warn('zalo bot: without PUBLIC_URL, XUAT files and summary pictures cannot reach Zalo (they are sent as links to this server)');
  } else {
    logger.info('Zalo bot off: set ZALO_BOT_TOKEN to switch it on (long polling; set ZALO_WEBHOOK_URL and ZALO_WEBHOOK_SECRET for webhook mode)');
  }

  const scheduler = createScheduler({
    store,
    outbound: outbox,
    clock: core.clock,
    i18n: core.i18n,
    timeZone: config.LOA_TIME_ZONE,
    summaryCron: config.SUMMARY_CRON,
    reminderCron: config.REMINDER_CRON,
    reportReminderDays: config.LOA_REPORT_REMINDER_DAYS,
    logger,
    engine,
  });
  starts.push(async () => {
    // Catches up a missed Monday summary once, then follows the cron schedules.
    await scheduler.start();
    stops.push(async () => scheduler.stop());
  });

  const signingKey = config.ANDROID_GATEWAY_SIGNING_KEY;
  if (signingKey) {
    let gateway: AndroidGatewayHandle | null = null;
    mounts.push((app) => {
      gateway = mountAndroidGateway(app, {
        signingKey,
        handleInbound: core.handleInbound,
        outbound: outbox,
        recordStatus: (providerId, status) => outbox.recordStatus(providerId, status),
        store,
        places: core.repos.places,
        clock: core.clock,
        logger,
        timeZone: config.LOA_TIME_ZONE,
      });
    });
    const watchdog = createGatewayWatchdog({
      store,
      people: core.repos.people,
      places: core.repos.places,
      outbound: outbox,
      silenceMinutes: config.ANDROID_GATEWAY_SILENCE_MINUTES,
      clock: core.clock,
      logger,
    });
    starts.push(async () => {
      const stopWatchdog = watchdog.start();
      stops.push(async () => {
        stopWatchdog();
        await gateway?.idle();
      });
    });
    logger.info('Android SMS gateway on: POST /gateway/android' + (senders.some((x) => x.channel === 'android') ? ', replies through the gateway' : ' (set ANDROID_GATEWAY_URL, _USERNAME and _PASSWORD to send replies through it)'));
  } else {
    logger.info('Android SMS gateway off: set ANDROID_GATEWAY_SIGNING_KEY (and ANDROID_GATEWAY_URL, _USERNAME, _PASSWORD) to relay SMS through a phone in the commune office');
  }

  mounts.push(webMountFromConfig(config, { core, outbox, engine, logger }));

  logSmsStartup(config, logger);
  const app = createHttpApp({
    logger,
    store,
    sms: smsWebhookOptionsFromConfig(config, {
      handleInbound: core.handleInbound,
      render: core.render,
      onStatus: (providerId, status) => outbox.recordStatus(providerId, status),
      clock: core.clock,
    }),
    mount: mounts,
  });

  let running: RunningHttpServer | null = null;
  return {
    config,
    store,
    core,
    outbox,
    app,
    get server() {
      return running?.server ?? null;
    },
    async start() {
      // One server for every door, with the timeouts of sms/listen.ts (header, request, keep-alive).
      running = await listenHttp(app, { port: config.PORT, host: config.HOST, logger });
      const port = running.port;
      for (const start of starts) await start();
      logger.info(await chatHint(core));
      return port;
    },
    async stop() {
      for (const stop of [...stops].reverse()) await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
      if (running) await running.close();
      await store.close();
    },
  };
}

/** The demo collaborator, named in the start-up hint only while the demo roster is the one in use. */
const DEMO_CHAT_PERSON = { id: 'ctv-dong', phone: '+84905000101', local: '0905000101' };

/** A real roster's phone numbers are personal data: the hint names one only for the demo roster. */
async function chatHint(core: Core): Promise<string> {
  const demo = await core.repos.people.findByIdentity({ kind: 'phone', phone: DEMO_CHAT_PERSON.phone });
  const who = demo?._id === DEMO_CHAT_PERSON.id ? DEMO_CHAT_PERSON.local : '<a phone on your roster>';
  return `Loa is running; talk to it without SMS or Telegram: npm run chat -- --as ${who} (it shares this data folder with the running Loa)`;
}
