import { chartTexts, monthLabel } from '../core/charts/grid-picture';
import { headlinePlan } from '../core/charts/grid-model';
import { keyBounds, monthsBetween } from '../core/indicators/buckets';
import type { TargetResult } from '../core/indicators/plan-evaluation';
import { labelOf } from '../core/officer/replies';
import type { Texts } from '../core/officer/texts';
import { localDate, periodKeysOf } from '../core/periods';
import type { DashboardResult } from '../core/usecases/dashboard';

type Loaded = Extract<DashboardResult, { ok: true }>;

/** Past periods an officer may pick: every month, quarter and year from the plan's start (or a year back) to now. */
function periodOptions(texts: Texts, from: string, today: string): { value: string; label: string }[] {
  const months = monthsBetween(from, today.slice(0, 7)).reverse();
  const keys = (kind: 'month' | 'quarter' | 'year') => [...new Set(months.map((m) => periodKeysOf(`${m}-01`)[kind]))];
  return (['month', 'quarter', 'year'] as const).flatMap((kind) =>
    keys(kind).map((key) => {
      const { from: f, to } = keyBounds(key);
      return { value: `${kind}:${key}`, label: texts.period(kind, key, f, to) };
    }),
  );
}

function targetRow(texts: Texts, r: TargetResult) {
  const status =
    r.status === 'met'
      ? texts.t('web:targets.met')
      : r.status === 'behind'
        ? texts.t('web:targets.behind', { gap: r.gap ?? 0 })
        : texts.t(`web:targets.${r.status}`);
  return { label: labelOf(texts, r).label, value: r.value, goal: r.goal, status, met: r.status === 'met', unit: texts.t(`web:targets.unit_${r.unit}`) };
}

/** Everything the place template shows, already in the viewer's language. */
export function pageModel(texts: Texts, result: Loaded, now: Date, timeZone: string) {
  const { report, grid, period, breadcrumb, children, quiet } = result;
  const { snapshot: s, data } = report;
  const place = breadcrumb.at(-1)!;
  const plan = headlinePlan(report);
  const headline = plan?.targets.find((t) => t.target.kind === 'coverage' && t.target.regularly) ?? plan?.targets[0] ?? null;
  const today = localDate(now, timeZone);
  const start = plan && plan.plan.period.from < `${today.slice(0, 4)}-01` ? plan.plan.period.from : `${Number(today.slice(0, 4)) - 1}-01`;
  const query = `?p=${encodeURIComponent(`${period.kind}:${period.key}`)}`;
  return {
    title: place.name,
    place,
    level: place.level,
    breadcrumb: breadcrumb.map((p) => ({ id: p._id, name: p.name })),
    children: children.map((c) => ({ id: c._id, name: c.name })),
    period: `${period.kind}:${period.key}`,
    periodLabel: texts.period(s.period.kind, s.period.key, s.period.from, s.period.to),
    periodOptions: periodOptions(texts, start, today),
    asOf: data.today,
    totals: { sessions: s.period.sessions, attendances: s.period.participants, villages: s.villages.length, coveredMonth: s.coveredMonth },
    plan: plan ? { name: plan.plan.name, from: plan.plan.period.from, to: plan.plan.period.to } : null,
    headline: headline ? { ...targetRow(texts, headline), max: Math.max(headline.goal ?? 0, headline.value, 1) } : null,
    targets: report.plans.flatMap((p) => p.targets.map((r) => ({ plan: p.plan.name, otherPlace: p.plan.place !== place._id, ...targetRow(texts, r) }))),
    grid: {
      kind: grid.kind,
      months: grid.months.map((m) => ({ key: m, label: monthLabel(texts, m) })),
      rows: grid.rows,
      legend: chartTexts(texts, place.name, grid.kind).legend,
    },
    quiet: quiet.map((q) => ({ name: q.village.name, collaborators: q.collaborators })),
    links: {
      svg: `/web/place/${encodeURIComponent(place._id)}/grid.svg${query}`,
      png: `/web/place/${encodeURIComponent(place._id)}/grid.png${query}`,
      xlsx: `/web/place/${encodeURIComponent(place._id)}/export.xlsx${query}`,
    },
  };
}
