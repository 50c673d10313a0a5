import type { Config } from './config';
import type { Logger } from '../core/logger';
import type { DocumentStore } from '../core/storage/port';
import { openEmbeddedStore } from '../core/storage/embedded/embedded-store';
import { createMongoStore } from '../core/storage/mongo';

/** MongoDB when `MONGODB_URI` is set, else the embedded store in `DATA_DIR`. */
export async function openStore(config: Pick<Config, 'MONGODB_URI' | 'dataDir'>, logger: Logger): Promise<DocumentStore> {
  if (config.MONGODB_URI) {
    return createMongoStore(config.MONGODB_URI);
  }
  return openEmbeddedStore({
    dataDir: config.dataDir,
    onReplay: (report) => {
      for (const skipped of report.skipped) {
        logger.warn({ line: skipped.line, reason: skipped.reason }, 'cut off a torn last journal record (a write cut short by a crash, before it was acknowledged)');
      }
    },
  });
}
