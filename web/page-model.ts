import { chartTexts, monthLabel } from '../core/charts/grid-picture';
import { headlinePlan } from '../core/charts/grid-model';
import { halfOfMonth, keyBounds, monthsBetween } from '../core/indicators/buckets';
import type { PeriodTotals } from '../core/indicators/snapshot';
import type { TargetResult } from '../core/indicators/plan-evaluation';
import { feedText, labelOf } from '../core/wording/replies';
import type { Texts } from '../core/wording/texts';
import { localDate, periodKeysOf } from '../core/periods';
import type { DashboardResult } from '../core/usecases/dashboard';
import { dayText, monthText, sortByName } from './format';
import { rowState, rowStateLabel } from './village-state';

type Loaded = Extract<DashboardResult, { ok: true }>;

type PeriodOption = { value: string; label: string };

/** The picker's options change once a day per language and start; building them is half the page's own work, so they are kept. */
const periodOptionsKept = new Map<string, PeriodOption[]>();

/** Past periods an officer may pick: every month, quarter, half-year and year from the plan's start (or a year back) to now. */
function periodOptions(texts: Texts, from: string, today: string): PeriodOption[] {
  const key = `${texts.lng}|${from}|${today}`;
  const kept = periodOptionsKept.get(key);
  if (kept) return kept;
  if (periodOptionsKept.size > 100) periodOptionsKept.clear();
  const options = buildPeriodOptions(texts, from, today);
  periodOptionsKept.set(key, options);
  return options;
}

function buildPeriodOptions(texts: Texts, from: string, today: string): PeriodOption[] {
  const months = monthsBetween(from, today.slice(0, 7)).reverse();
  const keys = (kind: 'month' | 'quarter' | 'half' | 'year') => [...new Set(months.map((m) => (kind === 'half' ? halfOfMonth(m) : periodKeysOf(`${m}-01`)[kind])))];
  return (['month', 'quarter', 'half', 'year'] as const).flatMap((kind) =>
    keys(kind).map((key) => {
      const { from: f, to } = keyBounds(key);
      return { value: `${kind}:${key}`, label: texts.period(kind, key, f, to) };
    }),
  );
}

/**
 * One target as CHITIEU says it: the same status words and, for a target no
 * log can feed, what would make it measurable. No value is shown for
 * `no_data`/`unmeasurable` (a 0 there would read as a result).
 */
function targetRow(texts: Texts, r: TargetResult) {
  const measured = r.status !== 'no_data' && r.status !== 'unmeasurable';
  return {
    label: labelOf(texts, r).label,
    value: measured ? r.value : null,
    goal: measured ? r.goal : null,
    gap: measured ? r.gap : null,
    status: texts.t(`summary:status.${r.status}`, { gap: r.gap ?? 0 }),
    feed: feedText(texts, r),
    met: r.status === 'met',
    unit: texts.t(`web:targets.unit_${r.unit}`),
  };
}

/** Bars for one chart: each row's share of the largest value, so the longest bar fills the width. */
function bars(rows: { label: string; value: number }[]) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return rows.map((r) => ({ ...r, width: Math.round((r.value / max) * 100) }));
}

/** Sessions and attendances by form and by group, straight from the engine's period totals. */
function periodCharts(texts: Texts, period: PeriodTotals) {
  const forms = Object.entries(period.byForm).sort(([, a], [, b]) => b.sessions - a.sessions || b.participants - a.participants);
  const groups = Object.entries(period.byGroup).sort(([, a], [, b]) => b - a);
  // Logs naming several groups without a split belong to none (as CHITIEU counts them): one bar of their own.
  const unsplit = period.unsplit > 0 ? [{ label: texts.t('summary:groups_unsplit'), value: period.unsplit }] : [];
  return {
    // Press items are items, not sessions: they have no bar among sessions by form.
    formSessions: bars(forms.filter(([code]) => code !== 'bao').map(([code, f]) => ({ label: texts.formName(code), value: f.sessions }))),
    formAttendances: bars(forms.filter(([, f]) => f.participants > 0).map(([code, f]) => ({ label: texts.formName(code), value: f.participants }))),
    groupAttendances: bars([...groups.map(([code, n]) => ({ label: texts.groupName(code), value: n })), ...unsplit]),
  };
}

/** The plan's targets with the source sentence each one encodes. */
function planSources(texts: Texts, report: Loaded['report']) {
  return report.plans.map((p) => ({
    name: p.plan.name,
    from: monthText(p.plan.period.from),
    to: monthText(p.plan.period.to),
    issuer: p.plan.source?.issuer ?? null,
    document: p.plan.source?.document ?? null,
    targets: p.targets.map((r) => ({ label: labelOf(texts, r).label, quote: r.target.quote ?? null })),
  }));
}

/** The reach and training targets, whose goal is a share of a population the officer enters (none until then). */
function denominators(texts: Texts, report: Loaded['report']) {
  return report.plans.flatMap((p) =>
    p.targets
      .filter((r) => r.target.kind === 'reach' || r.target.kind === 'training')
      .map((r) => ({
        planId: p.plan.id,
        plan: p.plan.name,
        targetId: r.target.id,
        label: labelOf(texts, r).label,
        denominator: 'denominator' in r.target ? (r.target.denominator ?? null) : null,
        percent: 'percent' in r.target ? r.target.percent : null,
      })),
  );
}

/**
 * The headline's rule in words (`2/5 thôn có buổi mỗi tháng từ 01/2026`) and
 * its goal: a bare `2 / 5 địa bàn` says neither what is counted nor since when.
 * Null for a target that is not a coverage one (the status line says enough).
 */
function headlineRule(texts: Texts, r: TargetResult, from: string): { rule: string; goal: string | null } | null {
  const t = r.target;
  if (t.kind !== 'coverage' || !r.coverage) return null;
  const unit = texts.t(`web:headline.unit_${t.of}`);
  const key = t.regularly ? `web:headline.rule_${t.regularly}` : 'web:headline.rule_any';
  const rule = texts.t(key, { value: r.value ?? 0, places: r.coverage.places, unit, from: monthText(from) });
  const goal = r.goal === null ? null : texts.t('web:headline.goal', { percent: t.percent, goal: r.goal, unit });
  return { rule, goal };
}

/** Grid rows in Vietnamese order, each with its state in words; months most recent first, so a phone shows this month without scrolling. */
function gridRows(texts: Texts, grid: Loaded['grid'], thisMonth: string) {
  // Communes come ranked by the engine (the order is the point); villages are a list to find a name in.
  const ordered = grid.kind === 'villages' ? sortByName(grid.rows, (r) => r.name) : grid.rows;
  const rows = ordered.map((r) => {
    const state = rowState(r, thisMonth);
    return { ...r, state: state.kind, stateLabel: rowStateLabel(texts, state, thisMonth), cells: r.cells.filter((c) => c.month <= thisMonth).reverse() };
  });
  const months = grid.months.filter((m) => m <= thisMonth).reverse();
  return { months, rows };
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
  const thisMonth = today.slice(0, 7);
  const shownGrid = gridRows(texts, grid, thisMonth);
  const states = new Map(shownGrid.rows.map((r) => [r.id, r.stateLabel]));
  const query = `?p=${encodeURIComponent(`${period.kind}:${period.key}`)}`;
  return {
    title: place.name,
    place,
    level: place.level,
    breadcrumb: breadcrumb.map((p) => ({ id: p._id, name: p.name })),
    children: sortByName(children, (c) => c.name).map((c) => ({ id: c._id, name: c.name })),
    period: `${period.kind}:${period.key}`,
    periodLabel: texts.period(s.period.kind, s.period.key, s.period.from, s.period.to),
    periodOptions: periodOptions(texts, start, today),
    asOf: dayText(data.today),
    totals: { sessions: s.period.sessions, attendances: s.period.participants, items: s.period.items, villages: s.villages.length, coveredMonth: s.coveredMonth },
    plan: plan ? { name: plan.plan.name, from: plan.plan.period.from, to: plan.plan.period.to } : null,
    headline: headline
      ? { ...targetRow(texts, headline), max: Math.max(headline.goal ?? 0, headline.value ?? 0, 1), ...(headlineRule(texts, headline, plan!.plan.period.from) ?? { rule: null, goal: null }) }
      : null,
    charts: periodCharts(texts, s.period),
    sources: planSources(texts, report),
    denominators: denominators(texts, report),
    targets: report.plans.flatMap((p) => p.targets.map((r) => ({ plan: p.plan.name, otherPlace: p.plan.place !== place._id, ...targetRow(texts, r) }))),
    grid: {
      kind: grid.kind,
      months: shownGrid.months.map((m) => ({ key: m, label: monthLabel(texts, m), current: m === thisMonth })),
      rows: shownGrid.rows,
      legend: chartTexts(texts, place.name, grid.kind).legend,
    },
    quiet: sortByName(quiet, (q) => q.village.name).map((q) => ({
      name: q.village.name,
      state: states.get(q.village._id) ?? null,
      collaborators: q.collaborators.map((c) => ({ ...c, dial: c.phone && /^\+?\d{6,15}$/.test(c.phone) ? c.phone : null })),
    })),
    links: {
      svg: `/web/place/${encodeURIComponent(place._id)}/grid.svg${query}`,
      png: `/web/place/${encodeURIComponent(place._id)}/grid.png${query}`,
      xlsx: `/web/place/${encodeURIComponent(place._id)}/export.xlsx${query}`,
      docx: `/web/place/${encodeURIComponent(place._id)}/report.docx${query}`,
    },
  };
}
