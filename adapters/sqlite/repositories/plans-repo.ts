import { validatePlan } from '../../../core/plans/plan-file';
import type { Plan } from '../../../core/plans/plan-schema';
import { checkPlanPlace, type PlansRepo, type SavePlanResult, type SetDenominatorResult, type StoredPlan, withDenominator } from '../../../core/plans/plans-repo';
import type { EmbeddedStore } from '../embedded-store';
import { INSERT_PLAN } from '../migration-roster';
import { pathEnd, PLACE_COLUMNS, placeFromRow, planFromRow, planToRow, type PlaceRow, type PlanRow } from '../roster-rows';
import { decodedRows } from './decode-rows';

const SELECT = 'SELECT id, place, place_path, plan, updated_at FROM plans';
const UPSERT = `${INSERT_PLAN} ON CONFLICT (id) DO UPDATE SET place = excluded.place, place_path = excluded.place_path, plan = excluded.plan, updated_at = excluded.updated_at`;

/**
 * Plans on their typed SQLite table (migration 7): the validated plan file
 * whole as JSON (checked at save, never queried inside), its place and that
 * place's path as columns, so "plans under X" is one index range.
 */
export class SqlitePlansRepo implements PlansRepo {
  constructor(private readonly sqlite: EmbeddedStore) {}

  async save(input: unknown, now: Date): Promise<SavePlanResult> {
    const parsed = validatePlan(input);
    if (!parsed.ok) return parsed;
    const plan = parsed.plan;
    const row = this.sqlite.read(() => this.sqlite.statement(`SELECT ${PLACE_COLUMNS.join(', ')} FROM places WHERE id = ?`).get(plan.place)) as PlaceRow | undefined;
    const place = row ? placeFromRow(row) : null;
    const problems = checkPlanPlace(plan, place);
    if (problems.length > 0 || !place) return { ok: false, problems };
    const stored = planToRow({ _id: plan.id, placeId: place._id, placePath: place.path, plan, updatedAt: now.toISOString() });
    const replaced = await this.sqlite.write('plans', () => {
      const existed = this.sqlite.statement('SELECT 1 AS y FROM plans WHERE id = ?').get(plan.id) !== undefined;
      this.sqlite.statement(UPSERT).run(stored);
      return existed;
    });
    return { ok: true, plan, replaced };
  }

  async get(id: string): Promise<Plan | null> {
    return this.many(`${SELECT} WHERE id = ?`, id)[0]?.plan ?? null;
  }

  async list(scopeId?: string): Promise<StoredPlan[]> {
    if (scopeId === undefined) return this.many(`${SELECT} ORDER BY id`);
    const row = this.sqlite.read(() => this.sqlite.statement('SELECT path FROM places WHERE id = ?').get(scopeId)) as { path: string } | undefined;
    if (row) return this.many(`${SELECT} WHERE place_path >= ? AND place_path < ? ORDER BY id`, row.path, pathEnd(row.path));
    return this.many(`${SELECT} WHERE instr(place_path, '/' || ? || '/') > 0 ORDER BY id`, scopeId);
  }

  async forPlace(placeId: string): Promise<Plan[]> {
    return this.many(`${SELECT} WHERE place = ? ORDER BY id`, placeId).map((s) => s.plan);
  }

  async remove(id: string): Promise<boolean> {
    return this.sqlite.write('plans', () => this.sqlite.statement('DELETE FROM plans WHERE id = ?').run(id).changes > 0);
  }

  async setDenominator(planId: string, targetId: string, value: number, now: Date): Promise<SetDenominatorResult> {
    if (!Number.isSafeInteger(value) || value <= 0) return { ok: false, reason: 'bad_value' };
    return this.sqlite.write('plans', (): SetDenominatorResult => {
      const stored = this.many(`${SELECT} WHERE id = ?`, planId)[0];
      if (!stored) return { ok: false, reason: 'no_plan' };
      const changed = withDenominator(stored.plan, targetId, value);
      if (changed.ok) this.sqlite.statement('UPDATE plans SET plan = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(changed.plan), now.toISOString(), planId);
      return changed;
    });
  }

  /** Every row read goes through {@link planFromRow}; one whose JSON no longer parses is quarantined and left out. */
  private many(sql: string, ...params: unknown[]): StoredPlan[] {
    return decodedRows(this.sqlite, 'plans', sql, params, (row: PlanRow) => planFromRow(row));
  }

}
