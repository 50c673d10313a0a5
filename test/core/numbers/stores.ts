import { repositoriesOn } from '../../../adapters/store/open-storage';
import path from 'node:path';
import { readPlanFile, PRESETS_DIR } from '../../../app/plan-files';
import type { Plan } from '../../../core/plans/plan-schema';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { bothStores } from '../../support/core-entry';

/** Every numbers test runs on both stores: a figure must not depend on the adapter. */
export const STORES: [string, () => Promise<OpenStorage>][] = bothStores('loa_numbers');

/** A shipped preset, mapped onto a roster place, stored as `plan load` would. */
export async function loadPreset(storage: Pick<OpenStorage, 'repos'>, file: string, place: string, at: Date, edit: (plan: Plan) => Plan = (p) => p): Promise<Plan> {
  const parsed = readPlanFile(path.join(PRESETS_DIR, file));
  if (!parsed.ok) throw new Error(`preset ${file} invalid`);
  const plan = edit({ ...parsed.plan, place });
  const saved = await storage.repos.plans.save(plan, at);
  if (!saved.ok) throw new Error(`preset ${file} refused: ${JSON.stringify(saved.problems)}`);
  return plan;
}
