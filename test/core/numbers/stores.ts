import { repositoriesOn } from '../../../adapters/store/open-storage';
import path from 'node:path';
import { readPlanFile, PRESETS_DIR } from '../../../app/plan-files';
import type { Plan } from '../../../core/plans/plan-schema';
import { openEmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { createMongoStore } from '../../../adapters/mongo';
import type { DocumentStore } from '../../../adapters/store/document-store';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../../tools/harness/mongo-server';

/** Every numbers test runs on both stores: a figure must not depend on the adapter. */
export const STORES: [string, () => Promise<DocumentStore>][] = [
  ['the embedded store', async () => openEmbeddedStore()],
  ['MongoDB', () => createMongoStore(uriWithDatabase(testMongoUri(), randomTestDatabase('loa_numbers')))],
];

/** A shipped preset, mapped onto a roster place, stored as `plan load` would. */
export async function loadPreset(store: DocumentStore, file: string, place: string, at: Date, edit: (plan: Plan) => Plan = (p) => p): Promise<Plan> {
  const parsed = readPlanFile(path.join(PRESETS_DIR, file));
  if (!parsed.ok) throw new Error(`preset ${file} invalid`);
  const plan = edit({ ...parsed.plan, place });
  const saved = await repositoriesOn(store).plans.save(plan, at);
  if (!saved.ok) throw new Error(`preset ${file} refused: ${JSON.stringify(saved.problems)}`);
  return plan;
}
