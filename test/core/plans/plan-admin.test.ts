import { repositoriesOn } from '../../../adapters/store/open-storage';
import fs from 'node:fs';
import path from 'node:path';
import { createPlanAdmin } from '../../../core/plans/plan-admin';
import { createTestCore, DEMO } from '../../support/test-core';
import { bothStores } from '../../support/core-entry';

const stores = bothStores('loa_plan_admin');
const preset = fs.readFileSync(path.join(__dirname, '../../../plans/ke-sat-2026.yaml'), 'utf8');

describe.each(stores)('a plan file sent to the bot on %s', (_name, openStore) => {
  it('that reuses another commune’s plan id with the sender’s own place is refused, and that commune keeps its plan', async () => {
    const t = await createTestCore({ storage: await openStore() });
    const admin = createPlanAdmin({ plans: t.core.repos.plans, places: t.core.repos.places, clock: t.clock });
    const plans = t.core.repos.plans;
    const keSatOfficer = (await t.core.repos.people.get(DEMO.officer.id))!;
    const thucKhangOfficer = (await t.core.repos.people.get(DEMO.otherOfficer.id))!;
    expect((await admin.importText(keSatOfficer, preset)).key).toBe('plans:loaded');

    const hijack = preset.replace(/^place: ke-sat$/m, `place: ${DEMO.otherCommune}`);
    expect(await admin.importText(thucKhangOfficer, hijack)).toEqual({ key: 'plans:outside', values: { place: 'Xã Kẻ Sắt' } });
    expect((await plans.get('ke-sat-2026'))?.place).toBe(DEMO.commune);
    expect((await plans.forPlace(DEMO.commune)).map((p) => p.id)).toEqual(['ke-sat-2026']);

    // The owner may still replace its own plan.
    expect((await admin.importText(keSatOfficer, preset)).key).toBe('plans:replaced');
    await t.storage.close();
  });
});
