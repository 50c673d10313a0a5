import type { Place } from '../domain/places';
import type { PlanProblem } from './plan-file';
import type { Plan } from './plan-schema';

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
 * The plan with `value` as the denominator of its target `targetId`: only
 * reach and training targets take one. The rule both stores apply inside
 * their own read-and-write.
 */
export function withDenominator(plan: Plan, targetId: string, value: number): SetDenominatorResult {
  const index = plan.targets.findIndex((t) => t.id === targetId);
  const target = plan.targets[index];
  if (!target) return { ok: false, reason: 'no_target' };
  if (target.kind !== 'reach' && target.kind !== 'training') return { ok: false, reason: 'no_denominator' };
  return { ok: true, plan: { ...plan, targets: plan.targets.map((t, i) => (i === index ? { ...t, denominator: value } : t)) } };
}

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
