import type { Place } from '../../../core/domain/places';
import { validatePlan } from '../../../core/plans/plan-file';
import type { Plan } from '../../../core/plans/plan-schema';
import { checkPlanPlace, type PlansRepo, type SavePlanResult, type SetDenominatorResult, type StoredPlan } from '../../../core/plans/plans-repo';
import type { Collection, DocumentStore } from '../document-store';
import { COLLECTIONS } from '../collections';

/** Plans on the document layer, with the path of their place so a subtree's plans are one equality match. */
export class DocumentPlansRepo implements PlansRepo {
  private readonly plans: Collection<StoredPlan>;
  private readonly placesCollection: Collection<Place & { [key: string]: unknown }>;

  constructor(store: DocumentStore) {
    this.plans = store.collection<StoredPlan>(COLLECTIONS.plans);
    this.placesCollection = store.collection<Place & { [key: string]: unknown }>(COLLECTIONS.places);
  }

  async save(input: unknown, now: Date): Promise<SavePlanResult> {
    const parsed = validatePlan(input);
    if (!parsed.ok) return parsed;
    const plan = parsed.plan;
    const place = await this.placesCollection.findOne({ _id: plan.place });
    const problems = checkPlanPlace(plan, place);
    if (problems.length > 0 || !place) return { ok: false, problems };
    const existing = await this.plans.findOne({ _id: plan.id });
    await this.plans.updateOne(
      { _id: plan.id },
      { $set: { placeId: place._id, placePath: place.path, plan, updatedAt: now.toISOString() } },
      { upsert: true },
    );
    return { ok: true, plan, replaced: existing !== null };
  }

  async get(id: string): Promise<Plan | null> {
    return (await this.plans.findOne({ _id: id }))?.plan ?? null;
  }

  async list(scopeId?: string): Promise<StoredPlan[]> {
    return this.plans.find(scopeId ? { placePath: scopeId } : {}, { sort: { _id: 1 } });
  }

  async forPlace(placeId: string): Promise<Plan[]> {
    return (await this.plans.find({ placeId }, { sort: { _id: 1 } })).map((d) => d.plan);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.plans.deleteMany({ _id: id })) > 0;
  }

  async setDenominator(planId: string, targetId: string, value: number, now: Date): Promise<SetDenominatorResult> {
    if (!Number.isSafeInteger(value) || value <= 0) return { ok: false, reason: 'bad_value' };
    const stored = await this.plans.findOne({ _id: planId });
    if (!stored) return { ok: false, reason: 'no_plan' };
    const index = stored.plan.targets.findIndex((t) => t.id === targetId);
    const target = stored.plan.targets[index];
    if (!target) return { ok: false, reason: 'no_target' };
    if (target.kind !== 'reach' && target.kind !== 'training') return { ok: false, reason: 'no_denominator' };
    const plan: Plan = { ...stored.plan, targets: stored.plan.targets.map((t, i) => (i === index ? { ...t, denominator: value } : t)) };
    await this.plans.updateOne({ _id: planId }, { $set: { plan, updatedAt: now.toISOString() } });
    return { ok: true, plan };
  }
}
