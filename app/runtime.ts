import os from 'node:os';
import type http from 'node:http';
import type { Express } from 'express';
import type { Config } from './config';
import { coreSettingsFromConfig } from './core-from-config';
import { openStorage } from './open-store';
import { findCommands, shippedCommands, type CommandFolder } from './commands';
import { DOORS } from './doors';
import { chatHint, loadStartData } from './start-data';
import { createHttpApp } from './http/http-app';
import { listenHttp, type RunningHttpServer } from './http/listen';
import type { ChannelEnv, ChannelPlugin, DoorAdapters, DoorModule } from './door-plugin';
import { echartsGridRenderer } from '../adapters/charts/echarts-grid';
import { cronerSchedule } from '../adapters/cron/croner-schedule';
import { writeXlsx } from '../adapters/office/exceljs-writer';
import { writeReportDocx } from '../adapters/office/docx-report-writer';
import { rosterCsvOf } from '../adapters/office/xlsx-roster-reader';
import type { OpenStorage } from '../adapters/store/open-storage';
import { printUnreachableCodes } from '../web/dev-door';
import { createCore, type Core } from '../core/create-core';
import { declareDoor, type Channel } from '../core/domain/session-log';
import { systemClock, type Clock } from '../core/clock';
import { createI18n } from '../core/i18n/i18n';
import { rendererFor } from '../core/i18n/render';
import { silentLogger, type Logger } from '../core/logger';
import { createOutbox, type Outbox } from '../core/outbound';
import type { MessageSender } from '../core/outbound/port';
import { createScheduler, type Scheduler, type SchedulerDeps } from '../core/scheduling/scheduler';
import { createOneTimeCodes, type OneTimeCodes } from '../core/usecases/one-time-codes';
import type { CoreSettings } from '../core/usecases/context';

/**
 * Who runs Loa: the server (`npm start`), the terminal phone (`npm run chat`),
 * the admin CLI (`npm run loa`), a bench, or a test of the whole service.
 */
export type RuntimeMode = 'server' | 'chat' | 'cli' | 'bench' | 'test';

interface ModeParts {
  /** Only a server holds the data folder; the chat and the CLI share it with a running server. */
  serverLock: boolean;
  /** Doors, the outbox, one-time codes and the scheduler: what reaches people. */
  doors: boolean;
  /** What goes into an empty store at start: the demo (and, for the server, PLANS_DIR). */
  startData: 'demo-and-plans' | 'demo' | 'none';
  /** Crash marks found by a process that shares a running server's store are that server's writes in progress. */
  repairRollups: boolean;
}

const PARTS: Record<RuntimeMode, ModeParts> = {
  server: { serverLock: true, doors: true, startData: 'demo-and-plans', repairRollups: true },
  test: { serverLock: true, doors: true, startData: 'demo-and-plans', repairRollups: true },
  chat: { serverLock: false, doors: false, startData: 'demo', repairRollups: false },
  cli: { serverLock: false, doors: false, startData: 'none', repairRollups: false },
  bench: { serverLock: false, doors: false, startData: 'none', repairRollups: true },
};

/** The adapters every runtime hands to the core and the doors (the only place that picks them). */
export const ADAPTERS: DoorAdapters = { charts: echartsGridRenderer, xlsx: writeXlsx, docx: writeReportDocx, rosterFile: rosterCsvOf, cron: cronerSchedule };

/** The terminal phone's channel (`npm run chat`): not a registered door, but its logs are listed and filtered like any door's. */
export const TERMINAL_CHANNEL = 'chat';

/** Every channel a log can carry with these doors registered: their names and the terminal phone's. */
export function channelsOf(doors: readonly Pick<DoorModule, 'name'>[]): Channel[] {
  return [...doors.map((door) => door.name), TERMINAL_CHANNEL];
}

export interface RuntimeOptions {
  logger?: Logger;
  clock?: Clock;
  /** Storage the caller opened (a bench's non-durable or MongoDB store) instead of config's; closed with the runtime. */
  storage?: OpenStorage;
  /** Core settings over config's (a bench lifts the per-sender limit). */
  settings?: Partial<CoreSettings>;
  /** The doors of a server or test runtime; default every registered door (app/doors.ts). */
  doors?: readonly DoorModule[];
  /** Doors out with no door in (a bench's null sender): the outbox, the codes and NHAC reach people through them. */
  senders?: MessageSender[];
  /** Folders of command modules besides `core/commands/` (a test's fixture command, with its own locale strings). */
  commandFolders?: readonly CommandFolder[];
}

export interface Runtime {
  readonly mode: RuntimeMode;
  config: Config;
  /** The repositories, and `storage.admin` for what tests and benches audit (counts, every log, faults). */
  storage: OpenStorage;
  core: Core;
  /** Null where nothing reaches people (the chat, the CLI, a bench without senders): NHAC only says whom it would remind. */
  outbox: Outbox | null;
  codes: OneTimeCodes | null;
  /** Server and test only. */
  scheduler: Scheduler | null;
  /** Every door's routes on one HTTP app (no routes without doors). */
  app: Express;
  /** Starts listening and the background work (door polling, schedules). Resolves with the bound port. */
  start(): Promise<number>;
  /** Stops in reverse order of start, then closes the store. */
  close(): Promise<void>;
  /** The HTTP server once started (with the request timeouts of `app/http/listen.ts`). */
  readonly server: http.Server | null;
}

/** The server's runtime (and a test's of it): every part that reaches people is there. */
export interface ServerRuntime extends Runtime {
  outbox: Outbox;
  codes: OneTimeCodes;
  scheduler: Scheduler;
}

/**
 * The one place that opens the store and builds the core, for every process:
 * store, core, one-time codes, adapters, doors, outbox and scheduler, as `mode`
 * needs them. Nothing listens until `start()`.
 */
export function buildRuntime(config: Config, mode: 'server' | 'test', options?: RuntimeOptions): Promise<ServerRuntime>;
export function buildRuntime(config: Config, mode: RuntimeMode, options?: RuntimeOptions): Promise<Runtime>;
export async function buildRuntime(config: Config, mode: RuntimeMode, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? silentLogger;
  const storage = options.storage ?? await openStorage(config, logger, { server: PARTS[mode].serverLock });
  try {
    return await assemble(config, mode, { ...options, logger, clock: options.clock ?? systemClock, storage });
  } catch (error) {
    await storage.close().catch(() => undefined);
    throw error;
  }
}

type Assembly = RuntimeOptions & { logger: Logger; clock: Clock; storage: OpenStorage };

async function assemble(config: Config, mode: RuntimeMode, deps: Assembly): Promise<Runtime> {
  const { logger, clock, storage } = deps;
  const parts = PARTS[mode];
  if (parts.serverLock) logger.info({ store: storage.description }, 'store open');
  for (const warning of config.warnings) logger.warn(warning);
  // The outbox renders with the core's words and is handed to the core, so both exist before it.
  const i18n = createI18n();
  const commands = deps.commandFolders?.length ? findCommands(deps.commandFolders) : shippedCommands();
  for (const extra of commands.strings) i18n.addResourceBundle(extra.lng, extra.namespace, extra.resources, true, false);
  let built: { core: Core; outbox: Outbox; codes: OneTimeCodes } | null = null;
  const doorsOn: Channel[] = [];
  const registered = deps.doors ?? DOORS;
  const env: ChannelEnv<Config> = {
    config,
    logger,
    clock,
    storage,
    people: storage.repos.people,
    adapters: ADAPTERS,
    doorsOn,
    channels: channelsOf(registered),
    built: () => {
      if (!built) throw new Error('a door reached for the core before it was built');
      return built;
    },
  };
  // Every registered door tells the core how it shows text, whether or not this process opens it.
  for (const door of registered) declareDoor({ channel: door.name, fullText: door.fullText });
  const doors = parts.doors ? registered.map((door) => door.open(env)) : [];
  doorsOn.push(...doors.flatMap((d) => (d.sender ? [d.sender.channel] : [])));
  const senders = [...doors.flatMap((d) => (d.sender ? [d.sender] : [])), ...(deps.senders ?? [])];
  const outbox = parts.doors || senders.length > 0 ? createOutbox({ records: storage.repos.outbox, clock, logger, render: rendererFor(i18n), senders, defaultSmsChannel: config.SMS_DEFAULT_CHANNEL, doorOrder: config.doorOrder }) : null;
  const codes = outbox ? oneTimeCodes(config, storage, outbox, i18n, logger) : null;
  const settings = { ...coreSettingsFromConfig(config), ...deps.settings };
  const core = await createCore({ storage, logger, clock, i18n, settings, commands: commands.registry, parser: commands.registry.createParser(commands.vocabularies), charts: ADAPTERS.charts, xlsx: ADAPTERS.xlsx, docx: ADAPTERS.docx, repairRollups: parts.repairRollups, ...(outbox && codes ? { outbound: outbox, codes } : {}) });
  if (outbox && codes) built = { core, outbox, codes };
  if (parts.startData !== 'none') await loadStartData(config, core, logger, { plansDir: parts.startData === 'demo-and-plans' });
  const app = createHttpApp({ logger, store: storage, trustProxy: config.TRUST_PROXY, mount: doors.flatMap((d) => (d.mount ? [d.mount] : [])) });
  const scheduler = parts.doors && outbox ? schedulerOf(config, core, outbox, storage, logger) : null;
  // Catches up a missed Monday summary once, then follows the cron schedules.
  const background: ChannelPlugin[] = [...doors, ...(scheduler ? [{ name: 'scheduler', start: () => scheduler.start(), stop: async () => scheduler.stop() }] : [])];
  const life = lifecycle(config, { app, storage, core, logger, background });
  return {
    mode,
    config,
    storage,
    core,
    outbox,
    codes,
    scheduler,
    app,
    start: life.start,
    close: life.close,
    get server() {
      return life.server;
    },
  };
}

/**
 * One set of one-time codes for `DK` linking and the web sign-in, sent through
 * the outbox; in development a web code for someone no door reaches is printed on the terminal.
 */
function oneTimeCodes(config: Config, storage: OpenStorage, outbox: Outbox, i18n: Core['i18n'], logger: Logger): OneTimeCodes {
  const outbound =
    config.NODE_ENV === 'production' ? outbox : printUnreachableCodes(outbox, (key, values) => i18n.t(key, { ...values, lng: 'vi' } as Record<string, unknown>) as string, logger);
  const { oneTimeCodes: codes, people, counters } = storage.repos;
  return createOneTimeCodes({ codes, people, counters, outbound, logger, settings: { sendsPerHour: config.LOA_CODES_PER_HOUR } });
}

function schedulerOf(config: Config, core: Core, outbox: Outbox, storage: OpenStorage, logger: Logger): Scheduler {
  return createScheduler({
    owner: `${os.hostname()}:${process.pid}`,
    repos: core.repos,
    outbound: outbox,
    clock: core.clock,
    i18n: core.i18n,
    cron: ADAPTERS.cron,
    timeZone: core.settings.timeZone,
    summaryCron: config.SUMMARY_CRON,
    reminderCron: config.REMINDER_CRON,
    reportReminderDays: config.LOA_REPORT_REMINDER_DAYS,
    logger,
    engine: core.engine,
    charts: ADAPTERS.charts,
    ...dailyBackup(config, storage),
  });
}

/** One server for every door, then each door's background work; stopped in reverse order, the store last. */
function lifecycle(
  config: Config,
  deps: { app: Express; storage: OpenStorage; core: Core; logger: Logger; background: ChannelPlugin[] },
): Pick<Runtime, 'start' | 'close' | 'server'> {
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
    async close() {
      for (const part of [...started].reverse()) await part.stop?.().catch((error: unknown) => logger.error({ err: error, part: part.name }, 'error while stopping'));
      if (running) await running.close();
      await deps.storage.close();
    },
  };
}

/** The embedded store's daily snapshot (LOA_BACKUP_KEEP; MongoDB is backed up with its own tools). */
function dailyBackup(config: Config, storage: OpenStorage): Pick<SchedulerDeps, 'backupIfDue'> {
  const backups = storage.admin.backups;
  if (!backups || config.LOA_BACKUP_KEEP === 0) return {};
  return { backupIfDue: (now) => backups.ifDue(config.LOA_BACKUP_KEEP, now) };
}
