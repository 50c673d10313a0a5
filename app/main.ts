import { ConfigError, parseConfig } from './config';
import { buildRuntime } from './runtime';
import { createLogger } from '../adapters/log/pino-logger';
import { logStream } from './logger-stream';
import { StoreDamagedError, StoreDiskFullError, StoreLockedError, StoreMigrationError } from '../adapters/store/store-errors';
import { JournalDamagedError } from '../adapters/sqlite/legacy-journal';
import { StoreUnavailableError } from '../core/ports/store-errors';
import { QuarantineLimitError } from '../adapters/store/record-check';

/**
 * The composition root: reads config, wires, listens, and shuts down
 * gracefully on SIGINT/SIGTERM (in-flight requests finish, the store closes).
 */
async function main(): Promise<void> {
  const config = parseConfig();
  const logger = createLogger(config.LOG_LEVEL, logStream());
  const loa = await buildRuntime(config, 'server', { logger });
  await loa.start();

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took more than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    loa.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof StoreLockedError ||
    error instanceof StoreDamagedError ||
    error instanceof StoreDiskFullError ||
    error instanceof StoreMigrationError ||
    error instanceof JournalDamagedError ||
    error instanceof StoreUnavailableError ||
    error instanceof QuarantineLimitError
  )
    console.error(error.message);
  else console.error(error);
  process.exit(1);
});
