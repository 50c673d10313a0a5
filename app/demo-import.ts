import type { Core } from '../core/create-core';
import { importRoster } from '../core/roster/import-roster';

/** The demo roster's root place. */
const DEMO_PROVINCE = 'hai-phong';

/**
 * Imports the demo roster (a commune modelled on Kẻ Sắt) into an empty store;
 * returns whether it did. `readCsv` is called only when it will be imported.
 */
export async function importDemoIfEmpty(core: Pick<Core, 'repos' | 'clock'>, readCsv: () => string): Promise<boolean> {
  // Places without people means a first start that died mid-import: the import is
  // an idempotent upsert, so finish it rather than keep a half-loaded demo forever.
  if (!(await core.repos.places.isEmpty())) {
    const demoProvince = await core.repos.places.get(DEMO_PROVINCE);
    if (!demoProvince || (await core.repos.people.under(DEMO_PROVINCE)).length > 0) return false;
  }
  const result = await importRoster(readCsv(), core.repos, core.clock.now());
  if (!result.ok) throw new Error(`the demo roster is invalid: ${JSON.stringify(result.problems)}`);
  return true;
}
