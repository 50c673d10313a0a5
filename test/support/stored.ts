import type { SessionLog } from '../../core/domain/session-log';
import type { OpenStorage } from '../../adapters/store/open-storage';

/**
 * What a test audits of a store, through its maintenance port (never a
 * table): every stored log, cancelled ones too, in the order they were made
 * (creation time; logs made at the same instant in the order they were stored), optionally narrowed.
 */
export async function storedLogs(storage: Pick<OpenStorage, 'admin'>, which: (log: SessionLog) => boolean = () => true): Promise<SessionLog[]> {
  const logs = await storage.admin.allLogs();
  return logs.filter(which).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The logs not cancelled. */
export const liveLogs = (storage: Pick<OpenStorage, 'admin'>): Promise<SessionLog[]> => storedLogs(storage, (log) => !log.cancelledAt);

/** How many logs are stored (cancelled too): "nothing was written" checks. */
export const logCount = (storage: Pick<OpenStorage, 'admin'>): Promise<number> => storage.admin.countRecords('logs');
