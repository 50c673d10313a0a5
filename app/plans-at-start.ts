import path from 'node:path';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/logger';
import { listPlanFiles, PRESETS_DIR, readPlanFile } from './plan-files';

/**
 * Loads every plan file of a folder (PLANS_DIR) at start. A bad file is
 * reported and skipped; it does not stop Loa.
 */
export async function loadPlansDir(dir: string, core: Core, logger: Logger): Promise<number> {
  const plans = core.repos.plans;
  let loaded = 0;
  for (const file of listPlanFiles(dir)) {
    const parsed = readPlanFile(file);
    if (!parsed.ok) {
      logger.warn({ file, problems: parsed.problems }, 'plan file skipped: invalid');
      continue;
    }
    const saved = await plans.save(parsed.plan, core.clock.now());
    if (saved.ok) loaded++;
    else logger.warn({ file, problems: saved.problems }, 'plan file skipped: does not fit the roster');
  }
  return loaded;
}

/** The demo commune's plan (Kẻ Sắt 2026), so CHITIEU has something to show on a fresh machine. */
export async function loadDemoPlan(core: Core, logger: Logger): Promise<void> {
  const parsed = readPlanFile(path.join(PRESETS_DIR, 'ke-sat-2026.yaml'));
  if (!parsed.ok) return logger.warn({ problems: parsed.problems }, 'demo plan preset is invalid');
  const saved = await core.repos.plans.save(parsed.plan, core.clock.now());
  if (!saved.ok) logger.warn({ problems: saved.problems }, 'demo plan could not be stored');
}
