import type { Collection } from 'mongodb';
import type { Place } from '../../../core/domain/places';
import { validatePlan } from '../../../core/plans/plan-file';
import type { Plan } from '../../../core/plans/plan-schema';
import { checkPlanPlace, type PlansRepo, type SavePlanResult, type SetDenominatorResult, type StoredPlan, withDenominator } from '../../../core/plans/plans-repo';
import type { IndexDeclarations, MongoContext } from './context';

type PlanDoc = StoredPlan & { [key: string]: unknown };

/** Plans carry their place's path, so a subtree's plans are one equality. */
export const PLANS_INDEXES: IndexDeclarations = {
  plans: [
    { name: 'plans_path_id', key: { placePath: 1, _id: 1 } },
    { name: 'plans_place_id', key: { placeId: 1, _id: 1 } },
  ],
};

export class MongoPlansRepo implements PlansRepo {
  private readonly plans: Collection<PlanDoc>;
  private readonly places: Collection<Place & { [key: string]: unknown }>;

  constructor(private readonly ctx: MongoContext) {
    this.plans = ctx.collection<PlanDoc>('plans');
    this.places = ctx.collection('places');
  }

  async save(input: unknown, now: Date): Promise<SavePlanResult> {
    const parsed = validatePlan(input);
    if (!parsed.ok) return parsed;
    const plan = parsed.plan;
    const place = await this.ctx.findOne(this.places, { _id: plan.place });
    const problems = checkPlanPlace(plan, place);
    if (problems.length > 0 || !place) return { ok: false, problems };
    const before = await this.ctx.run(this.plans, () =>
      this.plans.findOneAndUpdate({ _id: plan.id }, { $set: { placeId: place._id, placePath: place.path, plan, updatedAt: now.toISOString() } }, { upsert: true, returnDocument: 'before' }),
    );
    return { ok: true, plan, replaced: before !== null };
  }

  async get(id: string): Promise<Plan | null> {
    return (await this.ctx.findOne(this.plans, { _id: id }))?.plan ?? null;
  }

  list(scopeId?: string): Promise<StoredPlan[]> {
    return this.ctx.find(this.plans, scopeId ? { placePath: scopeId } : {}, { sort: { _id: 1 } });
  }

  async forPlace(placeId: string): Promise<Plan[]> {
    return (await this.ctx.find(this.plans, { placeId }, { sort: { _id: 1 } })).map((d) => d.plan);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.ctx.run(this.plans, () => this.plans.deleteOne({ _id: id }))).deletedCount > 0;
  }

  async setDenominator(planId: string, targetId: string, value: number, now: Date): Promise<SetDenominatorResult> {
    if (!Number.isSafeInteger(value) || value <= 0) return { ok: false, reason: 'bad_value' };
    const stored = await this.ctx.findOne(this.plans, { _id: planId });
    if (!stored) return { ok: false, reason: 'no_plan' };
    const changed = withDenominator(stored.plan, targetId, value);
    if (changed.ok) await this.ctx.run(this.plans, () => this.plans.updateOne({ _id: planId }, { $set: { plan: changed.plan, updatedAt: now.toISOString() } }));
    return changed;
  }
}
