import { may } from '../access/policy';
import { isStaff, type Person } from '../domain/people';
import type { Place } from '../domain/places';
import type { Plan } from '../plans/plan-schema';
import type { PlansRepo, SetDenominatorResult } from '../plans/plans-repo';

export interface DenominatorDeps {
  plans: Pick<PlansRepo, 'get' | 'setDenominator'>;
  places: { get(id: string): Promise<Place | null> };
}

export type DenominatorResult =
  | { ok: true; plan: Plan; targetId: string; value: number }
  | { ok: false; reason: 'not_staff' | 'forbidden' | Extract<SetDenominatorResult, { ok: false }>['reason'] };

/**
 * The population a reach or training target is a share of (`npm run loa --
 * plan set` from the web). Scoped here, as a plan file is in the chat: an
 * admin sets it on plans of their subtree, an officer on their commune's plan;
 * a plan whose place is missing is nobody's to change.
 */
export async function setDenominator(
  deps: DenominatorDeps,
  request: { viewer: Person; planId: string; targetId: string; value: number; now: Date },
): Promise<DenominatorResult> {
  const { viewer } = request;
  if (!isStaff(viewer)) return { ok: false, reason: 'not_staff' };
  const plan = await deps.plans.get(request.planId);
  if (!plan) return { ok: false, reason: 'no_plan' };
  const place = await deps.places.get(plan.place);
  if (!place || !may(viewer, 'set_denominators', place).allowed) return { ok: false, reason: 'forbidden' };
  const saved = await deps.plans.setDenominator(plan.id, request.targetId, request.value, request.now);
  return saved.ok ? { ok: true, plan: saved.plan, targetId: request.targetId, value: request.value } : saved;
}
