import type { SummaryPeriod } from '../language/commands';
import { labelOf } from '../wording/replies';
import type { Texts } from '../wording/texts';
import { fullDate, keyBounds, periodKeyOf } from '../periods';
import { stripDiacritics } from '../text';
import type { TargetResult } from '../indicators/plan-evaluation';
import type { ReportFigures } from './figures';
import type { ReportBlock, ReportCell } from './report-document';

/** What one draft is made of: this period's figures and, when the data reaches it, the same period a year before. */
export interface ReportInput {
  figures: ReportFigures;
  /** The same period last year; null when there is nothing logged for it (the column says so). */
  lastYear: ReportFigures | null;
  /** Local date the draft is made on: its year goes on the date line. */
  today: string;
}

/** `Tháng 11 năm 2026`: the period as the report's title names it. */
export function periodTitle(texts: Texts, kind: SummaryPeriod, key: string): string {
  const year = key.slice(0, 4);
  const n = kind === 'week' ? Number(key.slice(6)) : kind === 'month' ? Number(key.slice(5, 7)) : kind === 'year' ? 0 : Number(key.slice(6));
  return texts.t(`report:period.${kind === 'half' ? `half_${n}` : kind}`, { n, year });
}

/** The place name as a date line and a sentence use it: `Xã Kẻ Sắt` → `Kẻ Sắt`. */
export function bareName(texts: Texts, name: string): string {
  const prefixes = texts.t('report:place_prefixes', { returnObjects: true }) as unknown as string[];
  const prefix = prefixes.find((p) => name.toLowerCase().startsWith(`${p.toLowerCase()} `));
  return prefix ? name.slice(prefix.length + 1) : name;
}

function unitWord(texts: Texts, result: TargetResult): string {
  const t = result.target;
  if (t.kind === 'coverage') return texts.t(`report:unit.${t.of}`);
  if (t.kind === 'frequency') return texts.t(`report:unit.${t.per}`);
  return texts.t('report:unit.people');
}

function statusWord(texts: Texts, result: TargetResult): string {
  if (result.status === 'met') return texts.t('report:headline.gap_met');
  if (result.status === 'behind') return texts.t('report:headline.gap_behind', { gap: result.gap ?? 0, unit: unitWord(texts, result) });
  return texts.t(`summary:status.${result.status}`, { gap: result.gap ?? 0 });
}

/** The rule a target is counted by, in words, as of the figures' date. */
function ruleOf(texts: Texts, result: TargetResult, asOf: string): string {
  const t = result.target;
  const date = fullDate(asOf);
  switch (t.kind) {
    case 'coverage':
      return t.regularly
        ? texts.t(`report:rule.regular_${t.of}`, { bucket: texts.t(`summary:bucket.${t.regularly}`), asOf: date })
        : texts.t(`report:rule.coverage_${t.of}`, { asOf: date });
    case 'reach':
      return texts.t('report:rule.reach', { group: texts.groupName(t.group) });
    case 'training':
      return texts.t('report:rule.training', { levels: (t.loggedAt ?? []).map((l) => texts.t(`summary:level.${l}`)).join(', ') || '-' });
    case 'frequency':
      return texts.t('report:rule.frequency', { bucket: texts.t(`summary:bucket.${t.per}`), atLeast: t.atLeast, formName: texts.formName(t.form) });
  }
}

/** The headline target: value, target, gap, then the rule in words. */
export function headlineBlocks(texts: Texts, f: ReportFigures): ReportBlock[] {
  const blocks: ReportBlock[] = [{ kind: 'subheading', text: texts.t('report:sub.headline') }];
  if (!f.headline) return [...blocks, { kind: 'paragraph', text: texts.t('report:headline.none') }];
  const { result } = f.headline;
  const label = labelOf(texts, result).label;
  const unit = unitWord(texts, result);
  const gap = statusWord(texts, result);
  let text: string;
  if (result.goal === null) text = texts.t('report:headline.status_only', { label, status: gap });
  else if (result.target.kind === 'coverage') {
    text = texts.t('report:headline.value', { label, value: result.value, places: result.coverage?.places ?? 0, unit, goal: result.goal, goalPercent: result.target.percent, gap });
  } else if (result.target.kind === 'frequency') text = texts.t('report:headline.value_periods', { label, value: result.value, goal: result.goal, unit, gap });
  else text = texts.t('report:headline.value_people', { label, value: result.value, goal: result.goal, unit, gap });
  blocks.push({ kind: 'paragraph', text }, { kind: 'paragraph', text: texts.t('report:headline.rule', { rule: ruleOf(texts, result, f.asOf) }) });
  return blocks;
}

/** Every other target of the plans, each in its own unit. */
export function otherTargetBlocks(texts: Texts, f: ReportFigures): ReportBlock[] {
  const others = f.plans.flatMap((p) => p.targets).filter((r) => r !== f.headline?.result);
  const lines = others.map((result): ReportBlock => {
    const label = labelOf(texts, result).label;
    if (result.status === 'unmeasurable') return { kind: 'paragraph', text: texts.t('report:target.line_unmeasurable', { label }) };
    // Attendances shown as context only: the goal is in people, which logs cannot count (issue 21: units never mixed).
    if (result.status === 'people_unmeasurable') return { kind: 'paragraph', text: texts.t('report:target.line_people_unmeasurable', { label, value: result.value, goal: result.goal }) };
    const unit = unitWord(texts, result);
    if (result.goal === null) return { kind: 'paragraph', text: texts.t('report:target.line_no_goal', { label, value: result.value, unit, status: statusWord(texts, result) }) };
    return { kind: 'paragraph', text: texts.t('report:target.line', { label, value: result.value, unit, goal: result.goal, gap: statusWord(texts, result) }) };
  });
  return [{ kind: 'subheading', text: texts.t('report:sub.other_targets') }, ...(lines.length > 0 ? lines : [{ kind: 'paragraph' as const, text: texts.t('report:target.none') }])];
}

function table(header: string[], rows: ReportCell[][], numericFrom: number, total?: ReportCell[]): ReportBlock {
  const numeric = header.map((_, i) => i >= numericFrom);
  return total ? { kind: 'table', header, rows: [...rows, total], numeric, total: true } : { kind: 'table', header, rows, numeric };
}

/** Sessions and attendances by form, attendances by group. */
export function breakdownBlocks(texts: Texts, f: ReportFigures): ReportBlock[] {
  const h = (k: string): string => texts.t(`report:table.${k}`);
  const forms = [...f.byForm].sort((a, b) => b.sessions - a.sessions || a.form.localeCompare(b.form));
  const groups = [...f.byGroup].sort((a, b) => b.attendances - a.attendances || a.group.localeCompare(b.group));
  const empty: ReportBlock = { kind: 'paragraph', text: h('empty') };
  return [
    { kind: 'subheading', text: texts.t('report:sub.by_form') },
    forms.length === 0
      ? empty
      : table(
          [h('no'), h('form'), h('sessions'), h('attendances')],
          forms.map((r, i) => [i + 1, texts.formName(r.form), r.sessions, r.form === 'bao' ? '-' : r.attendances]),
          2,
          ['', h('total'), f.sessions, f.attendances],
        ),
    { kind: 'subheading', text: texts.t('report:sub.by_group') },
    groups.length === 0 && f.unsplit === 0
      ? empty
      : table(
          [h('no'), h('group'), h('attendances')],
          [...groups.map((r, i): ReportCell[] => [i + 1, texts.groupName(r.group), r.attendances]), ...(f.unsplit > 0 ? [['', texts.t('summary:groups_unsplit'), f.unsplit] as ReportCell[]] : [])],
          2,
        ),
  ];
}

/** One row per village (commune report) or commune (district, province). */
export function unitBlocks(texts: Texts, f: ReportFigures): ReportBlock[] {
  const h = (k: string): string => texts.t(`report:table.${k}`);
  const rows = f.units.map((u, i) => [i + 1, u.place.name, u.sessions, u.attendances, u.monthsWithSession, texts.t(`report:verdict.${u.verdict}`)]);
  const sum = (pick: (u: ReportFigures['units'][number]) => number): number => f.units.reduce((n, u) => n + pick(u), 0);
  // Sessions the report's place (or a level between it and the units) held itself: the total then matches table 3.
  const own = { sessions: f.sessions - sum((u) => u.sessions), attendances: f.attendances - sum((u) => u.attendances) };
  if (own.sessions > 0) rows.push(['', texts.t(`report:table.own_${f.root.level}`), own.sessions, own.attendances, '', '']);
  const total = ['', h('total'), f.sessions, f.attendances, '', ''];
  return [
    { kind: 'subheading', text: texts.t(`report:sub.units_${f.unitLevel}`) },
    table([h('no'), h(f.unitLevel), h('sessions'), h('attendances'), h('months'), h('verdict')], rows, 2, total),
  ];
}

/** Press items and trainings at each level of the place tree. */
export function levelBlocks(texts: Texts, f: ReportFigures): ReportBlock[] {
  const h = (k: string): string => texts.t(`report:table.${k}`);
  const rows = f.levels.map((l) => [texts.t(`report:level.${l.level}`), l.pressItems, l.trainings, l.trainingAttendances]);
  return [
    { kind: 'subheading', text: texts.t('report:sub.press_training') },
    rows.length === 0 ? { kind: 'paragraph', text: h('empty') } : table([h('level'), h('press'), h('training_sessions'), h('training_people')], rows, 1),
  ];
}

/** This period next to the same period a year before, or `chưa có dữ liệu`. */
export function compareBlocks(texts: Texts, f: ReportFigures, lastYear: ReportFigures | null): ReportBlock[] {
  const h = (k: string): string => texts.t(`report:table.${k}`);
  const before = (pick: (g: ReportFigures) => number): ReportCell => (lastYear ? pick(lastYear) : texts.t('report:compare.no_data'));
  const rows: ReportCell[][] = [
    [texts.t('report:compare.sessions'), f.sessions, before((g) => g.sessions)],
    [texts.t('report:compare.attendances'), f.attendances, before((g) => g.attendances)],
    [texts.t(`report:compare.units_${f.unitLevel}`), f.unitsActive, before((g) => g.unitsActive)],
  ];
  return [{ kind: 'subheading', text: texts.t('report:sub.compare') }, table([h('item'), h('this_period'), h('last_year')], rows, 1)];
}

/** The file names: Vietnamese, and its ASCII fallback for old clients. */
export function fileNames(texts: Texts, f: ReportFigures): { fileName: string; asciiFileName: string } {
  const period = f.period.key;
  const vi = `${texts.t('report:file_name_vi', { place: f.root.name, period })}.docx`.replace(/[\\/:*?"<>|]/g, '-');
  const ascii = `${stripDiacritics(texts.t('report:file_name', { place: f.root.name, period })).replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9._-]+/g, '-')}.docx`;
  return { fileName: vi, asciiFileName: ascii };
}

/** The period after this one, named as the III heading names it. */
export function nextPeriodTitle(texts: Texts, kind: SummaryPeriod, key: string): string {
  const to = keyBounds(key).to;
  const next = new Date(`${to}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return periodTitle(texts, kind, periodKeyOf(next.toISOString().slice(0, 10), kind));
}

