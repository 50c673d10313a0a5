import { ConfigError, parseConfig } from './config';
import { openStore } from './open-store';
import { attachOfficerCommands } from './officer-wiring';
import { createCore } from '../core/create-core';
import { createLogger } from '../core/logger';
import { loadDemoIfEmpty } from '../core/roster/demo';
import { StoreLockedError } from '../core/storage/port';

/**
 * The composition root: reads config, opens the store, wires the core and the
 * channels whose credentials are set, listens, and shuts down gracefully.
 */
async function main(): Promise<void> {
  const config = parseConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const store = await openStore(config, logger);
  logger.info({ store: store.description }, 'store open');
  const core = await createCore({
    store,
    logger,
    settings: {
      timeZone: config.LOA_TIME_ZONE,
      maxLogAgeDays: config.LOA_MAX_LOG_AGE_DAYS,
      editWindowDays: config.LOA_EDIT_WINDOW_DAYS,
      unparsedRepliesPerHour: config.LOA_UNPARSED_REPLIES_PER_HOUR,
    },
  });
  if (config.LOA_DEMO_DATA && (await loadDemoIfEmpty(core))) {
    logger.info('the store was empty: loaded the demo roster (demo/roster-ke-sat.csv); set LOA_DEMO_DATA=false to skip');
  }
  await attachOfficerCommands(core);

  const stops: (() => Promise<void>)[] = [];
  logger.info('Loa is running; try it with: npm run chat -- --as 0905000101');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Without channels there is nothing holding the event loop; keep running until a signal.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StoreLockedError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
