import type { Core } from '../core/create-core';
import type { Logger } from '../core/logger';
import { DEMO_MARK, demoYear } from './demo-year';
import type { StorageAdmin } from '../adapters/store/storage-admin';

/** The demo roster's root and the officer who logs the commune's press item and training. */
const DEMO_ROOT = 'hai-phong';
const DEMO_OFFICER = 'cb-ke-sat';

/**
 * Loads a year of demo logs (core/roster/demo-logs.ts) right after the demo
 * roster was loaded into an empty store; returns how many. Each goes in
 * through the logs repository as a real log does, so the rollups count it.
 */
export async function loadDemoLogs(core: Pick<Core, 'repos' | 'clock' | 'settings'>, logger: Logger): Promise<number> {
  const places = new Map((await core.repos.places.subtree(DEMO_ROOT)).map((p) => [p._id, p]));
  const collaborators = await core.repos.people.under(DEMO_ROOT, 'collaborator');
  const collaboratorOf = new Map(collaborators.map((p) => [p.role.placeId, p._id]));
  const logs = demoYear(places, { collaboratorOf, officer: DEMO_OFFICER }, core.clock.now(), core.settings.timeZone);
  for (const log of logs) await core.repos.logs.insert(log);
  logger.info({ logs: logs.length }, 'loaded a year of demo logs (marked demo; `npm run loa -- demo clear` removes them)');
  return logs.length;
}

/** Removes every demo log (by its `demo:` mark) and recounts the rollups; returns how many were removed. */
export async function clearDemoLogs(admin: Pick<StorageAdmin, 'deleteLogsMarked'>, rebuild: () => Promise<number>): Promise<number> {
  const removed = await admin.deleteLogsMarked(DEMO_MARK);
  await rebuild();
  return removed;
}
