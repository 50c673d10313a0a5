import { may } from '../access/policy';
import type { Clock } from '../clock';
import { isStaff, type Person } from '../domain/people';
import { reply, type Reply } from '../reply';
import type { PlacesRepo } from '../repos/places-repo';
import { parsePlanText } from './plan-file';
import type { PlansRepo } from './plans-repo';

/** Plan files larger than this are refused before parsing (a plan is a few KB). */
export const MAX_PLAN_FILE_BYTES = 256 * 1024;

/**
 * Loading and adjusting plans from a chat (the command line has its own
 * `loa plan`). Admins manage plans in their subtree; an officer may manage the
 * plan of their own commune. Everything answers with a Reply, never throws on
 * bad input.
 */
export interface PlanAdmin {
  /** A plan file's text (YAML or JSON), e.g. a document sent to the bot. */
  importText(person: Person, text: string): Promise<Reply>;
}

export function createPlanAdmin(deps: { plans: PlansRepo; places: PlacesRepo; clock: Clock }): PlanAdmin {
  const { plans, places } = deps;
  return {
    async importText(person, text) {
      if (!isStaff(person)) return reply('plans:forbidden');
      if (Buffer.byteLength(text, 'utf8') > MAX_PLAN_FILE_BYTES) return reply('plans:too_big', { maxKb: MAX_PLAN_FILE_BYTES / 1024 });
      const parsed = parsePlanText(text);
      if (!parsed.ok) return invalid(parsed.problems);
      const place = await places.get(parsed.plan.place);
      if (place && !may(person, 'set_denominators', place).allowed) return reply('plans:outside', { place: place.name });
      // Replacing a plan is a write to the plan replaced: its place must be in scope too, not only the new one's.
      const existing = await plans.get(parsed.plan.id);
      if (existing) {
        const owner = await places.get(existing.place);
        if (!owner || !may(person, 'set_denominators', owner).allowed) return reply('plans:outside', { place: owner?.name ?? existing.place });
      }
      const saved = await plans.save(parsed.plan, deps.clock.now());
      if (!saved.ok) return invalid(saved.problems);
      return reply(saved.replaced ? 'plans:replaced' : 'plans:loaded', {
        id: saved.plan.id,
        place: place?.name ?? saved.plan.place,
        targets: saved.plan.targets.length,
      });
    },
  };
}

function invalid(problems: { path: string; message: string }[]): Reply {
  const shown = problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`);
  return reply('plans:invalid', { problems: shown.join('; '), count: problems.length });
}
