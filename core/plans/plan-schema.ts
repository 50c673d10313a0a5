import { z } from 'zod';
import { PlaceIdSchema } from '../domain/places';
import { FormCodeSchema, GroupCodeSchema } from '../domain/vocabulary-codes';

/**
 * A plan file: one place, a period in whole months, and the targets session
 * logs can measure. Plans are data so a commune can track its own plan without
 * a release; every numeric field is checked with a message an admin can act on.
 */

const MonthSchema = z
  .string({ error: 'expected a month such as 2026-01' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month such as 2026-01');

const PercentSchema = z
  .number({ error: 'expected a percentage between 0 and 100' })
  .gt(0, 'expected a percentage between 0 and 100')
  .max(100, 'expected a percentage between 0 and 100');

/** Entered by the officer (e.g. 1,240 high-school students); absent until they do. */
const DenominatorSchema = z
  .number({ error: 'expected a positive number' })
  .int('expected a whole number')
  .positive('expected a positive number')
  .optional();

const TargetIdSchema = z
  .string({ error: 'expected a short id such as thon-duy-tri' })
  .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'expected a short id such as thon-duy-tri');

export const BUCKETS = ['month', 'quarter'] as const;
export const BucketSchema = z.enum(BUCKETS, { error: 'expected month or quarter' });
export type Bucket = z.infer<typeof BucketSchema>;

const common = {
  id: TargetIdSchema,
  /** The sentence of the source plan this target encodes, kept verbatim. */
  quote: z.string().max(1000).optional(),
  /** Optional display label; otherwise one is generated in the reader's language. */
  label: z.string().min(1).max(120).optional(),
};

export const CoverageTargetSchema = z.object({
  ...common,
  kind: z.literal('coverage'),
  /** Which child places are counted: villages of a commune, or communes of a district/province. */
  of: z.enum(['village', 'commune'], { error: 'expected village or commune' }),
  percent: PercentSchema,
  /** "Duy trì thường xuyên": at least one session in every month (or quarter) so far. */
  regularly: BucketSchema.optional(),
});

/**
 * Logs count attendances (lượt người), never distinct people: a target written
 * in people has no verdict from them. `readAs: attendances` says the plan
 * itself counts attendances; allowed only with the plan's sentence that says so
 * (`readAsQuote`), so the reading is the plan's, not Loa's.
 */
const readAs = {
  readAs: z.literal('attendances', { error: 'expected attendances' }).optional(),
  readAsQuote: z.string().min(1).max(1000).optional(),
};

export const ReachTargetSchema = z.object({
  ...common,
  ...readAs,
  kind: z.literal('reach'),
  group: GroupCodeSchema,
  percent: PercentSchema,
  denominator: DenominatorSchema,
});

/**
 * The levels whose own logs feed a press or training target: a press item or a
 * training is logged by an officer or admin at their own place (commune,
 * district, province), a village's by its collaborator. Absent: the plan's own
 * level only, so a hamlet log never feeds a target scoped above it.
 */
const LoggedAtSchema = z.array(z.enum(['province', 'district', 'commune', 'village'], { error: 'expected province, district, commune or village' })).min(1).optional();

export const FrequencyTargetSchema = z.object({
  ...common,
  kind: z.literal('frequency'),
  form: FormCodeSchema,
  per: BucketSchema,
  atLeast: z.number({ error: 'expected a positive number' }).int('expected a whole number').positive('expected a positive number').default(1),
  loggedAt: LoggedAtSchema,
});

export const TrainingTargetSchema = z.object({
  ...common,
  ...readAs,
  kind: z.literal('training'),
  percent: PercentSchema,
  denominator: DenominatorSchema,
  /** Training sessions logged at places of these levels (a province plan sets provincial and district/commune staff apart). */
  loggedAt: LoggedAtSchema,
});

export const TargetSchema = z.discriminatedUnion('kind', [CoverageTargetSchema, ReachTargetSchema, FrequencyTargetSchema, TrainingTargetSchema], {
  error: 'expected kind to be coverage, reach, frequency or training',
});

/**
 * A periodic report the plan asks for: due every year of the plan on `due`
 * (`25/06`), covering the period of kind `covers` that holds that date (the
 * first half for `25/06`, the year for `31/12`). Officers are reminded a
 * configurable number of days before, with the `XUAT` to send.
 */
export const DeadlineSchema = z.object({
  id: TargetIdSchema,
  due: z.string({ error: 'expected a day and month such as 25/06' }).regex(/^(0[1-9]|[12]\d|3[01])\/(0[1-9]|1[0-2])$/, 'expected a day and month such as 25/06'),
  covers: z.enum(['month', 'quarter', 'half', 'year'], { error: 'expected month, quarter, half or year' }),
  /**
   * Who sends this report: the plan's own place when absent (the district's
   * report goes to the district admin); `commune` for a duty the plan gives
   * every commune under it (Ba Tơ's 25/6), reminded to each commune's officers.
   */
  by: z.enum(['province', 'district', 'commune'], { error: 'expected province, district or commune' }).optional(),
  quote: z.string().max(1000).optional(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

export const PlanSchema = z
  .object({
    id: z.string({ error: 'expected a plan id such as ke-sat-2026' }).regex(/^[a-z0-9][a-z0-9._-]{0,80}$/, 'expected a plan id such as ke-sat-2026'),
    name: z.string({ error: 'expected the plan title' }).min(1).max(300),
    /** The place the plan belongs to (a commune, district or province id in the roster). */
    place: PlaceIdSchema,
    period: z.object({ from: MonthSchema, to: MonthSchema }),
    source: z
      .object({
        seed: z.string().optional(),
        issuer: z.string().optional(),
        document: z.string().optional(),
        notes: z.string().optional(),
      })
      .optional(),
    targets: z.array(TargetSchema).min(1, 'expected at least one target'),
    deadlines: z.array(DeadlineSchema).optional(),
  })
  .superRefine((plan, ctx) => {
    if (plan.period.to < plan.period.from) {
      ctx.addIssue({ code: 'custom', path: ['period', 'to'], message: `expected a month not before ${plan.period.from}` });
    }
    const seen = new Set<string>();
    plan.targets.forEach((target, i) => {
      if (seen.has(target.id)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'id'], message: `duplicate target id ${target.id}` });
      seen.add(target.id);
      if ('readAs' in target && target.readAs && !target.readAsQuote) {
        ctx.addIssue({ code: 'custom', path: ['targets', i, 'readAsQuote'], message: 'expected the plan sentence that counts attendances (readAsQuote)' });
      }
    });
  });

export type Plan = z.infer<typeof PlanSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type CoverageTarget = z.infer<typeof CoverageTargetSchema>;
export type ReachTarget = z.infer<typeof ReachTargetSchema>;
export type FrequencyTarget = z.infer<typeof FrequencyTargetSchema>;
export type TrainingTarget = z.infer<typeof TrainingTargetSchema>;
