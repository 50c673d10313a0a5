import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../create-core';
import { importRoster } from './import-roster';

/** The demo roster's root place. */
const DEMO_PROVINCE = 'hai-phong';

export const DEMO_ROSTER_PATH = path.join(__dirname, '../../demo/roster-ke-sat.csv');

/** Loads the demo roster (a commune modelled on Kẻ Sắt) into an empty store; returns whether it did. */
export async function loadDemoIfEmpty(core: Pick<Core, 'repos' | 'clock'>): Promise<boolean> {
  // Places without people means a first start that died mid-import: the import is
  // an idempotent upsert, so finish it rather than keep a half-loaded demo forever.
  if (!(await core.repos.places.isEmpty())) {
    const demoProvince = await core.repos.places.get(DEMO_PROVINCE);
    if (!demoProvince || (await core.repos.people.under(DEMO_PROVINCE)).length > 0) return false;
  }
  const result = await importRoster(fs.readFileSync(DEMO_ROSTER_PATH, 'utf8'), core.repos, core.clock.now());
  if (!result.ok) throw new Error(`the demo roster is invalid: ${JSON.stringify(result.problems)}`);
  return true;
}
