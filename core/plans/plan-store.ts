import type { Place } from '../domain/places';
import type { Collection, DocumentStore } from '../storage/port';
import { validatePlan, type PlanProblem } from './plan-file';
import type { Plan } from './plan-schema';

export const PLANS_COLLECTION = 'plans'; // storage/collections.ts declares it and its indexes

/** A plan as stored: the validated file plus where it sits in the place tree. */
export interface StoredPlan {
  _id: string;
  placeId: string;
  /** Path of the plan's place, so "plans in this subtree" is one equality match. */
  placePath: string[];
  plan: Plan;
  updatedAt: string;
  [key: string]: unknown;
}

export type SavePlanResult = { ok: true; plan: Plan; replaced: boolean } | { ok: false; problems: PlanProblem[] };

export type SetDenominatorResult =
  | { ok: true; plan: Plan }
  | { ok: false; reason: 'no_plan' | 'no_target' | 'no_denominator' | 'bad_value' };

/**
 * Checks a plan against the roster: its place must exist, be a commune,
 * district or province, and every coverage target must count a level below it.
 */
export function checkPlanPlace(plan: Plan, place: Place | null): PlanProblem[] {
  if (!place) return [{ path: 'place', message: `no place with id ${plan.place} in the roster (map the preset with --place <id>)` }];
  if (place.level === 'village') return [{ path: 'place', message: `${plan.place} is a village; a plan belongs to a commune, district or province` }];
  const problems: PlanProblem[] = [];
  plan.targets.forEach((target, i) => {
    if (target.kind !== 'coverage') return;
    if (target.of === 'village' && place.level !== 'commune' && place.level !== 'district' && place.level !== 'province') {
      problems.push({ path: `targets[${i}].of`, message: 'villages are counted under a commune, district or province' });
    }
    if (target.of === 'commune' && place.level === 'commune') {
      problems.push({ path: `targets[${i}].of`, message: `${plan.place} is a commune; count its villages (of: village)` });
    }
  });
  return problems;
}

/** Plans, one per plan id; saving the same id replaces it. */
export interface PlansRepo {
  /** Validates (schema and roster) and stores; the same id replaces the previous version. */
  save(input: unknown, now: Date): Promise<SavePlanResult>;
  get(id: string): Promise<Plan | null>;
  /** Plans whose place is `scopeId` or below it (all plans when omitted), by id. */
  list(scopeId?: string): Promise<StoredPlan[]>;
  /** Plans attached exactly to this place. */
  forPlace(placeId: string): Promise<Plan[]>;
  remove(id: string): Promise<boolean>;
  /** The officer-entered count a reach or training target is measured against. */
  setDenominator(planId: string, targetId: string, value: number, now: Date): Promise<SetDenominatorResult>;
}

/**
 * The plans repository on the document layer. Transitional in core/: the
 * indicator engine (rollups helper's file) builds one from a DocumentStore;
 * it moves to storage/repositories/ once the engine takes `repos.plans`.
 */
export class PlanStore implements PlansRepo {
  private readonly plans: Collection<StoredPlan>;
  private readonly placesCollection: Collection<Place & { [key: string]: unknown }>;

  constructor(store: DocumentStore) {
    this.plans = store.collection<StoredPlan>(PLANS_COLLECTION);
    this.placesCollection = store.collection<Place & { [key: string]: unknown }>('places');
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
