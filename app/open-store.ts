import type { Config } from './config';
import type { Logger } from '../core/logger';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../adapters/store/open-storage';
import { quarantineMessage, type QuarantineEvent } from '../adapters/store/record-check';

/**
 * The store from config, as the core takes it: its repositories on either
 * driver. MongoDB when `MONGODB_URI` is set, else the SQLite store
 * `DATA_DIR/loa.db`. Only the server takes the folder's lock: the CLI shares
 * the database with it.
 */
export async function openStorage(
  config: Pick<Config, 'MONGODB_URI' | 'dataDir'>,
  logger: Logger,
  options: { server?: boolean } = {},
): Promise<OpenStorage> {
  if (config.MONGODB_URI) return openMongoStorage(config.MONGODB_URI, { onQuarantine: quarantineLogger(logger) });
  return openEmbeddedStorage({
    dataDir: config.dataDir,
    serverLock: options.server ?? false,
    onQuarantine: quarantineLogger(logger),
    onWalDamage: (message, damage) => logger.error({ lostCommits: damage.lost, replayedCommits: damage.replayed, keptAs: damage.keptAs }, message),
    onImport: (report) => {
      logger.info(
        { documents: report.documents, records: report.records, keptAs: report.keptAs },
        'imported the journal of the previous version into loa.db (once); the old journal is kept aside and no longer read',
      );
      for (const skipped of report.skipped) {
        logger.warn({ line: skipped.line, reason: skipped.reason }, 'a journal line could not be read and was not imported (a write cut short by a crash is never acknowledged; anything else: check the kept journal)');
      }
    },
  });
}

/** One error line per damaged record moved aside: table, id and the failing fields, never the record itself. */
function quarantineLogger(logger: Logger): (event: QuarantineEvent) => void {
  return (event) => logger.error({ table: event.table, id: event.id, problem: event.problem }, quarantineMessage(event));
}
