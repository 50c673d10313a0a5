import { systemClock, type Clock } from '../../core/clock';
import type { IndicatorEngine } from '../../core/indicators/engine';
import { listPlanFiles, PRESETS_DIR, readPlanFile } from '../../app/plan-files';
import type { PlansRepo } from '../../core/plans/plans-repo';

export interface PlanCommandDeps {
  plans: PlansRepo;
  /** The core's engine: `show` reports as CHITIEU does. */
  engine: IndicatorEngine;
  clock?: Clock;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export const PLAN_USAGE = `usage: npm run loa -- plan <command>
  presets                               list the shipped plan files (plans/)
  load <file.yaml|json> [--place <id>]  validate and store a plan; --place maps the preset's place id
  list [<place id>]                     plans stored (under a place)
  show <plan id>                        each target: value / target / gap, as of now
  set <plan id> <target id> <number>    enter the denominator of a reach or training target
  remove <plan id>                      delete a stored plan`;

/** What every subcommand gets. */
interface PlanIo {
  deps: PlanCommandDeps;
  plans: PlansRepo;
  clock: Clock;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Prints the usage; returns exit code 2. */
  usage(): number;
}

/** `loa plan …`: admins load, inspect and adjust plans from the command line. Returns the exit code. */
export async function runPlanCommand(args: string[], deps: PlanCommandDeps): Promise<number> {
  const err = deps.err ?? ((line: string) => console.error(line));
  const io: PlanIo = {
    deps,
    plans: deps.plans,
    clock: deps.clock ?? systemClock,
    out: deps.out ?? ((line: string) => console.log(line)),
    err,
    usage: () => {
      err(PLAN_USAGE);
      return 2;
    },
  };
  const [command, ...rest] = args;
  const run = command !== undefined && Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  return run ? run(io, rest) : io.usage();
}

const SUBCOMMANDS: Record<string, (io: PlanIo, rest: string[]) => Promise<number>> = {
  presets: listPresets,
  load: loadPlan,
  list: listPlans,
  show: showPlan,
  set: setDenominator,
  remove: removePlan,
};

async function listPresets({ out }: PlanIo): Promise<number> {
  for (const file of listPlanFiles(PRESETS_DIR)) {
    const parsed = readPlanFile(file);
    out(parsed.ok ? `${file}\t${parsed.plan.id}\tplace ${parsed.plan.place}\t${parsed.plan.period.from}..${parsed.plan.period.to}` : `${file}\tINVALID`);
  }
  return 0;
}

async function loadPlan({ plans, clock, out, err, usage }: PlanIo, rest: string[]): Promise<number> {
  const placeAt = rest.indexOf('--place');
  const place = placeAt >= 0 ? rest[placeAt + 1] : undefined;
  const file = rest.find((a, i) => !a.startsWith('--') && (placeAt < 0 || i !== placeAt + 1));
  if (!file || (placeAt >= 0 && !place)) return usage();
  const parsed = readPlanFile(file);
  if (!parsed.ok) {
    err(`${file} is not a valid plan:`);
    for (const p of parsed.problems) err(`  ${p.path}: ${p.message}`);
    return 1;
  }
  const saved = await plans.save(place ? { ...parsed.plan, place } : parsed.plan, clock.now());
  if (!saved.ok) {
    err(`${file} cannot be stored:`);
    for (const p of saved.problems) err(`  ${p.path}: ${p.message}`);
    return 1;
  }
  out(`${saved.replaced ? 'Replaced' : 'Loaded'} plan ${saved.plan.id} for ${saved.plan.place} (${saved.plan.targets.length} targets).`);
  const missing = saved.plan.targets.filter((t) => (t.kind === 'reach' || t.kind === 'training') && t.denominator === undefined);
  for (const t of missing) out(`  ${t.id} needs a denominator: npm run loa -- plan set ${saved.plan.id} ${t.id} <number>`);
  return 0;
}

async function listPlans({ plans, out }: PlanIo, rest: string[]): Promise<number> {
  const stored = await plans.list(rest[0]);
  if (stored.length === 0) out('No plans stored.');
  for (const s of stored) out(`${s.plan.id}\t${s.placeId}\t${s.plan.period.from}..${s.plan.period.to}\t${s.plan.name}`);
  return 0;
}

async function showPlan({ deps, plans, clock, out, err, usage }: PlanIo, rest: string[]): Promise<number> {
  const plan = rest[0] ? await plans.get(rest[0]) : null;
  if (!rest[0]) return usage();
  if (!plan) {
    err(`no plan with id ${rest[0]}`);
    return 1;
  }
  const report = await deps.engine.report(plan.place, clock.now(), { period: 'month', plans: [plan] });
  const evaluation = report?.plans[0];
  out(`${plan.id}: ${plan.name}`);
  out(`place ${plan.place}, ${plan.period.from}..${plan.period.to}, as of ${evaluation?.asOf ?? '-'} (${evaluation?.phase ?? 'place missing'})`);
  for (const r of evaluation?.targets ?? []) {
    out(`  ${r.target.id} [${r.target.kind}] value ${r.value} / target ${r.goal ?? '?'} / gap ${r.gap ?? '?'}: ${r.status}`);
  }
  return 0;
}

async function setDenominator({ plans, clock, out, err, usage }: PlanIo, rest: string[]): Promise<number> {
  const [planId, targetId, raw] = rest;
  if (!planId || !targetId || !raw) return usage();
  const result = await plans.setDenominator(planId, targetId, Number(raw), clock.now());
  if (!result.ok) {
    const why = {
      no_plan: `no plan with id ${planId}`,
      no_target: `plan ${planId} has no target ${targetId}`,
      no_denominator: `${targetId} is not a reach or training target`,
      bad_value: `${raw}: expected a positive whole number`,
    }[result.reason];
    err(why);
    return 1;
  }
  out(`${planId} ${targetId}: denominator ${raw}.`);
  return 0;
}

async function removePlan({ plans, out, err, usage }: PlanIo, rest: string[]): Promise<number> {
  if (!rest[0]) return usage();
  const removed = await plans.remove(rest[0]);
  (removed ? out : err)(removed ? `Removed plan ${rest[0]}.` : `no plan with id ${rest[0]}`);
  return removed ? 0 : 1;
}
