import { loadDemoLogs } from './demo-logs';
import os from 'node:os';
import type http from 'node:http';
import type { Express } from 'express';
import type { Config } from './config';
import { openStorage } from './open-store';
import { echartsGridRenderer } from '../adapters/charts/echarts-grid';
import { createCoreFromConfig } from './core-from-config';
import { loadDemoPlan, loadPlansDir } from './plans-at-start';
import { createHttpApp } from './http/http-app';
import { listenHttp, type RunningHttpServer } from './http/listen';
import type { ChannelEnv, ChannelFactory, ChannelPlugin } from './door-plugin';
import { smsChannel } from '../sms/twilio/plugin';
import { androidGatewayChannel } from '../sms/android/plugin';
import { telegramChannel } from '../bot/telegram/plugin';
import { zaloChannel } from '../bot/zalo/plugin';
import { webChannel } from '../web/plugin';
import { createScheduler, type SchedulerDeps } from '../core/scheduling/scheduler';
import { EmbeddedStore } from '../adapters/sqlite/embedded-store';
import { backupIfDue } from '../adapters/sqlite/backups';
import { cronerSchedule } from '../adapters/cron/croner-schedule';
import { writeXlsx } from '../adapters/office/exceljs-writer';
import { writeReportDocx } from '../adapters/office/docx-report-writer';
import type { Core } from '../core/create-core';
import { systemClock, type Clock } from '../core/clock';
import { createI18n } from '../core/i18n/i18n';
import { rendererFor } from '../core/i18n/render';
import type { Logger } from '../core/logger';
import { createOutbox, type Outbox, type RenderFn } from '../core/outbound';
import type { MessageSender } from '../core/outbound/port';
import type { Channel } from '../core/domain/session-log';
import type { OutboxRepo } from '../core/outbound/outbox-records';
import { loadDemoIfEmpty } from './demo-roster';
import type { DocumentStore } from '../adapters/store/document-store';
import type { OpenStorage } from '../adapters/store/open-storage';
import { rosterCsvOf } from '../adapters/office/xlsx-roster-reader';

export interface Loa {
  config: Config;
  storage: OpenStorage;
  /** The document layer under `storage`, for tests and benches that count what was stored. */
  store: DocumentStore;
  core: Core;
  outbox: Outbox;
  app: Express;
  /** Starts listening and the background work (bot polling, schedules). Resolves with the bound port. */
  start(): Promise<number>;
  /** Stops in reverse order of start, then closes the store. */
  stop(): Promise<void>;
  /** The HTTP server once started (with the request timeouts of `app/http/listen.ts`). */
  readonly server: http.Server | null;
}

/** Every door, in the order their routes are mounted. Each reads its own config and stays off without it. */
const CHANNELS: readonly ChannelFactory[] = [smsChannel, telegramChannel, zaloChannel, androidGatewayChannel, webChannel];

/**
 * Builds the whole service from config without listening: store, doors,
 * outbox, core, and the routes of every door whose credentials are set.
 */
export async function buildLoa(config: Config, logger: Logger, options: { clock?: Clock } = {}): Promise<Loa> {
  const storage = await openStorage(config, logger, { server: true });
  const store = storage.documents;
  logger.info({ store: storage.description }, 'store open');
  const clock = options.clock ?? systemClock;
  // The outbox renders with the core's words and is handed to the core, so both exist before it.
  const i18n = createI18n();
  let built: { core: Core; outbox: Outbox } | null = null;
  const doorsOn: Channel[] = [];
  const env: ChannelEnv = {
    config,
    logger,
    clock,
    storage,
    people: storage.repos.people,
    adapters: { charts: echartsGridRenderer, xlsx: writeXlsx, docx: writeReportDocx, rosterFile: rosterCsvOf },
    doorsOn,
    built: () => {
      if (!built) throw new Error('a door reached for the core before it was built');
      return built;
    },
  };
  const channels = CHANNELS.map((channel) => channel(env));
  doorsOn.push(...channels.flatMap((c) => (c.sender ? [c.sender.channel] : [])));
  const render = rendererFor(i18n);
  const outbox = openOutbox(config, { records: storage.repos.outbox, clock, logger, render, senders: channels.flatMap((c) => (c.sender ? [c.sender] : [])) });
  // NHAC and the one-time codes of `DK <phone>` go out through the outbox, by whatever door reaches the person.
  const core = await createCoreFromConfig(config, { storage, logger, clock, i18n, outbound: outbox, charts: echartsGridRenderer, xlsx: writeXlsx, docx: writeReportDocx });
  built = { core, outbox };
  await loadStartData(config, core, logger);

  const app = createHttpApp({ logger, store: storage, trustProxy: config.TRUST_PROXY, mount: channels.flatMap((c) => (c.mount ? [c.mount] : [])) });
  const scheduler = createScheduler({
    owner: `${os.hostname()}:${process.pid}`,
    repos: core.repos,
    outbound: outbox,
    clock,
    i18n,
    cron: cronerSchedule,
    timeZone: core.settings.timeZone,
    summaryCron: config.SUMMARY_CRON,
    reminderCron: config.REMINDER_CRON,
    reportReminderDays: config.LOA_REPORT_REMINDER_DAYS,
    logger,
    engine: core.engine,
    charts: echartsGridRenderer,
    ...dailyBackup(config, store),
  });
  // Catches up a missed Monday summary once, then follows the cron schedules.
  const background: ChannelPlugin[] = [...channels, { name: 'scheduler', start: () => scheduler.start(), stop: async () => scheduler.stop() }];
  const life = lifecycle(config, { app, storage, core, logger, background });
  return {
    config,
    storage,
    store,
    core,
    outbox,
    app,
    start: life.start,
    stop: life.stop,
    get server() {
      return life.server;
    },
  };
}

function openOutbox(config: Config, deps: { records: OutboxRepo; clock: Clock; logger: Logger; render: RenderFn; senders: MessageSender[] }): Outbox {
  return createOutbox({ ...deps, defaultSmsChannel: config.SMS_DEFAULT_CHANNEL, doorOrder: config.doorOrder });
}

/** The demo roster, plan and year of logs on an empty store (LOA_DEMO_DATA), then the plan files of PLANS_DIR. */
async function loadStartData(config: Config, core: Core, logger: Logger): Promise<void> {
  if (config.LOA_DEMO_DATA && (await loadDemoIfEmpty(core))) {
    await loadDemoPlan(core, logger);
    // Made-up sessions only where a person is trying Loa: never in production, nor under the tests' NODE_ENV=test.
    const logs = config.NODE_ENV === 'development' && config.LOA_DEMO_LOGS ? await loadDemoLogs(core, logger) : 0;
    logger.info({ demoLogs: logs }, 'the store was empty: loaded the demo roster (demo/roster-ke-sat.csv), the Kẻ Sắt 2026 plan and, in development, a year of demo logs; set LOA_DEMO_DATA=false to skip');
  }
  if (config.PLANS_DIR) logger.info({ dir: config.PLANS_DIR, loaded: await loadPlansDir(config.PLANS_DIR, core, logger) }, 'plans loaded');
}

/** One server for every door, then each door's background work; stopped in reverse order, the store last. */
function lifecycle(
  config: Config,
  deps: { app: Express; storage: OpenStorage; core: Core; logger: Logger; background: ChannelPlugin[] },
): Pick<Loa, 'start' | 'stop' | 'server'> {
  const { logger } = deps;
  let running: RunningHttpServer | null = null;
  const started: ChannelPlugin[] = [];
  return {
    get server() {
      return running?.server ?? null;
    },
    async start() {
      running = await listenHttp(deps.app, { port: config.PORT, host: config.HOST, logger, maxConnectionsPerAddress: config.LOA_MAX_CONNECTIONS_PER_ADDRESS });
      for (const part of deps.background) {
        await part.start?.();
        started.push(part);
      }
      logger.info(await chatHint(deps.core));
      return running.port;
    },
    async stop() {
      for (const part of [...started].reverse()) await part.stop?.().catch((error: unknown) => logger.error({ err: error, part: part.name }, 'error while stopping'));
      if (running) await running.close();
      await deps.storage.close();
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

/** The embedded store's daily snapshot (LOA_BACKUP_KEEP; MongoDB is backed up with its own tools). */
function dailyBackup(config: Config, store: DocumentStore): Pick<SchedulerDeps, 'backupIfDue'> {
  if (!(store instanceof EmbeddedStore) || !store.file || config.LOA_BACKUP_KEEP === 0) return {};
  return { backupIfDue: (now) => backupIfDue(store, config.dataDir, config.LOA_BACKUP_KEEP, now) };
}
