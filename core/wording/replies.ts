import type { Person } from '../domain/people';
import type { Place } from '../domain/places';
import type { ScopeReport } from '../indicators/engine';
import type { PlanEvaluation, TargetResult } from '../indicators/plan-evaluation';
import type { PlaceTree } from '../indicators/place-tree';
import { type CommuneStatus, type Snapshot, type VillageStatus } from '../indicators/snapshot';
import type { ReminderOutcome, ReminderReport, VillageReminder } from '../domain/reminder-report';
import { fullDate, keyBounds, shortDate } from '../periods';
import { reply, type Reply } from '../reply';
import { shortName, type Texts } from './texts';

/** `01/11–30/11/2026` (the year once when both ends share it): how a reply names the days it counts. */
export function dateRange(from: string, to: string): string {
  const year = (d: string): string => d.slice(0, 4);
  return year(from) === year(to) ? `${shortDate(from)}–${fullDate(to)}` : `${fullDate(from)}–${fullDate(to)}`;
}

/**
 * What a plan's figures count, said in the reply: `đến 31/10/2026, tính từ
 * 01/01/2026` (cumulative, from the plan's start or, in a multi-year plan, the
 * year's); the plan's own months when it has not started or the period asked lies outside it.
 */
function evaluationRange(e: PlanEvaluation, texts?: Texts): string {
  const plan = { from: keyBounds(e.plan.period.from).from, to: keyBounds(e.plan.period.to).to };
  if (e.phase === 'not_started' || e.phase === 'outside' || !texts) return dateRange(plan.from, e.phase === 'not_started' || e.phase === 'outside' ? plan.to : e.asOf);
  return texts.t('summary:range_cumulative', { to: fullDate(e.asOf), from: fullDate(e.countsFrom) });
}

function common(texts: Texts, s: Snapshot) {
  return {
    place: s.root.name,
    period: texts.period(s.period.kind, s.period.key, s.period.from, s.period.to),
    periodShort: texts.periodShort(s.period.kind, s.period.key, s.period.from, s.period.to),
    sessions: s.period.sessions,
    participants: s.period.participants,
    // Press items are counted apart from sessions (never `buổi`), said only when there are some.
    itemsText: s.period.items > 0 ? texts.t('summary:items', { count: s.period.items }) : '',
    itemsShort: s.period.items > 0 ? texts.t('summary:items_short', { count: s.period.items }) : '',
    monthNo: Number(s.month.slice(5, 7)),
    year: s.year,
    villages: s.villages.length,
    coveredMonth: s.coveredMonth,
  };
}

/** The target a summary leads with: the first place-coverage target of the commune's plans, else their first target. */
export function headlineTarget(plans: PlanEvaluation[]): TargetResult | null {
  const all = plans.flatMap((p) => p.targets);
  return all.find((r) => r.target.kind === 'coverage') ?? all[0] ?? null;
}

/** `01/2026` or `quý 1/2026`: a bucket as the rule names it. */
function bucketText(texts: Texts, bucket: string): string {
  const q = /^(\d{4})-Q(\d)$/.exec(bucket);
  return q ? texts.t('summary:bucket_quarter', { n: q[2], year: q[1] }) : `${bucket.slice(5, 7)}/${bucket.slice(0, 4)}`;
}

/**
 * "Maintained regularly" stated and named: the rule in words, then the places
 * that meet it or those that do not, whichever list is shorter. Null for a
 * target without a rule (plain coverage) or nothing due yet.
 */
export function maintainedText(texts: Texts, result: TargetResult, nameOf: (id: string) => string): string | null {
  const rule = result.coverage?.rule;
  if (!rule || !result.coverage) return null;
  const met = result.coverage.units.filter((u) => u.met).map((u) => nameOf(u.id));
  const notMet = result.coverage.units.filter((u) => !u.met).map((u) => nameOf(u.id));
  const showMet = met.length <= notMet.length;
  const list = showMet ? met : notMet;
  return texts.t('summary:maintained_rule', {
    per: texts.t(`summary:bucket.${rule.per}`),
    from: bucketText(texts, rule.from),
    to: bucketText(texts, rule.to),
    pending: rule.pending ? texts.t('summary:rule_pending', { bucket: bucketText(texts, rule.pending) }) : '',
    which: texts.t(showMet ? 'summary:status.met_cap' : 'summary:status.not_met_cap'),
    count: list.length,
    list: list.join(', ') || texts.t('summary:none'),
  });
}

/** `Thôn duy trì hằng tháng: 8/10, chỉ tiêu 10, còn thiếu 2`, as CHITIEU computes it. */
export function headlineText(texts: Texts, result: TargetResult): { line: string; short: string } {
  const { label, short } = labelOf(texts, result);
  if (result.status === 'no_data' || result.status === 'unmeasurable' || result.status === 'people_unmeasurable' || result.status === 'not_started' || result.goal === null) {
    const status = statusOf(texts, result);
    return { line: `${label}: ${status}`, short: `${short}: ${status}` };
  }
  const base = result.coverage?.places ?? result.goal;
  const values = { label, value: result.value, base, goal: result.goal, status: statusOf(texts, result) };
  return { line: texts.t('summary:headline', values), short: texts.t('summary:headline_short', { ...values, label: short }) };
}

/**
 * A place's own part of the plans above it (`Xã Ba Dinh có buổi 3/4 quý đến
 * hạn; đạt`): each coverage target of those plans that counts this place.
 */
export function ownPartLines(texts: Texts, place: Place, above: PlanEvaluation[]): { line: string; headline: string; short: string }[] {
  return above.flatMap((e) =>
    e.targets.flatMap((r) => {
      const unit = r.target.kind === 'coverage' ? r.coverage?.units.find((u) => u.id === place._id) : undefined;
      if (!unit || r.target.kind !== 'coverage') return [];
      const { label, short } = labelOf(texts, r);
      const per = r.target.regularly ? texts.t(`summary:bucket.${r.target.regularly}`) : texts.t('summary:bucket.window');
      const status = unit.due === 0 ? texts.t('summary:status.no_data') : unit.met ? texts.t('summary:status.met') : texts.t('summary:status.not_met');
      const values = { label, name: place.name, held: unit.held, due: unit.due, per, status };
      return [{ line: texts.t('summary:own_part', values), headline: texts.t('summary:own_part_headline', values), short: texts.t('summary:own_part_short', { ...values, label: short }) }];
    }),
  );
}

/** The headline with the rule and names under it (full form only: an SMS has no room). */
function withRule(lead: { line: string; short: string }, rule: string | null): { line: string; short: string } {
  return rule ? { line: `${lead.line}\n${rule}`, short: lead.short } : lead;
}

/**
 * The summary of a scope, for TONGHOP and the Monday summary alike: a commune
 * (or a village) gets its own summary, anything above it the roll-up of its communes.
 */
export function summaryReply(texts: Texts, report: ScopeReport): Reply {
  const root = report.data.tree.root;
  if (root.level === 'commune' || root.level === 'village') {
    const own = report.plans.filter((p) => p.plan.place === root._id);
    const headline = headlineTarget(own);
    const part = headline ? null : (ownPartLines(texts, root, report.above ?? [])[0] ?? null);
    const nameOf = (id: string): string => report.data.tree.byId.get(id)?.name ?? id;
    const rule = headline ? maintainedText(texts, headline, nameOf) : null;
    const lead = headline ? withRule(headlineText(texts, headline), rule) : part ? { line: part.headline, short: part.short } : null;
    return communeReply(texts, report.snapshot, lead, headline);
  }
  return rollupReply(texts, report.snapshot, report.plans, report.data.tree);
}

/** A quarter, half-year or year: its summary shows the period's own coverage, not its last month's. */
export function isLongPeriod(s: Snapshot): boolean {
  return s.period.kind === 'quarter' || s.period.kind === 'half' || s.period.kind === 'year';
}

/** `tháng 7: 2/10, tháng 8: 2/10, …`: each month of a long period. */
function byMonthText(texts: Texts, s: Snapshot): string {
  return s.byMonth.map((m) => texts.t('summary:by_month_item', { monthNo: Number(m.month.slice(5, 7)), covered: m.covered, villages: m.villages })).join(', ');
}

/** What every commune summary says of reach (attendances by group, largest first) and silence, whatever its period. */
function reachAndSilence(texts: Texts, s: Snapshot): { groupsText: string; silentCount: number; silentList: string } {
  const groups = Object.entries(s.period.byGroup)
    .sort((a, b) => b[1] - a[1])
    .map(([g, n]) => `${texts.groupName(g)} ${n}`);
  // A log naming several groups without a split belongs to none of them (as in CHITIEU): said apart, once.
  if (s.period.unsplit > 0) groups.push(`${texts.t('summary:groups_unsplit')} ${s.period.unsplit}`);
  return {
    groupsText: groups.join(', ') || texts.t('summary:none'),
    silentCount: s.silent.length,
    silentList: s.silent.map((v) => v.place.name).join(', ') || texts.t('summary:none'),
  };
}

/** The commune summary: the plan's headline target first. */
function communeReply(texts: Texts, s: Snapshot, lead: { line: string; short: string } | null, headline: TargetResult | null): Reply {
  if (isLongPeriod(s)) return communeLongReply(texts, s, lead);
  const names = (ids: string[]): string[] => ids.map((id) => s.villages.find((v) => v.place._id === id)?.place.name ?? id);
  const broken = names(headline?.broken ?? []);
  const values = {
    ...common(texts, s),
    coveredYear: s.coveredYear,
    headline: lead ? `${lead.line}\n` : '',
    headlineShort: lead ? `${lead.short}. ` : '',
    lastMonthText: s.lastMonth
      ? texts.t('summary:last_month', { monthNo: Number(s.lastMonth.month.slice(5, 7)), covered: s.lastMonth.covered, villages: s.lastMonth.villages })
      : '',
    brokenText: broken.length > 0 ? texts.t('summary:broken', { count: broken.length, list: broken.join(', ') }) : '',
    quietCount: s.quiet.length,
    quietList: s.quiet.map((v) => v.place.name).join(', ') || texts.t('summary:none'),
    ...reachAndSilence(texts, s),
    quietShort: '',
  };
  values.quietShort = texts.fitList(
    s.quiet.map((v) => shortName(v.place)),
    (text) => reply('summary:commune', { ...values, quietShort: text }),
  );
  return reply('summary:commune', values);
}

/** A commune's quarter, half-year or year: coverage in the period and per month, the villages with none in it. */
function communeLongReply(texts: Texts, s: Snapshot, lead: { line: string; short: string } | null): Reply {
  const values = {
    ...common(texts, s),
    periodIn: texts.periodIn(s.period.kind, s.period.key),
    coveredPeriod: s.coveredPeriod,
    byMonth: byMonthText(texts, s),
    headline: lead ? `${lead.line}\n` : '',
    headlineShort: lead ? `${lead.short}. ` : '',
    quietCount: s.quietPeriod.length,
    quietList: s.quietPeriod.map((v) => v.place.name).join(', ') || texts.t('summary:none'),
    ...reachAndSilence(texts, s),
    quietShort: '',
  };
  values.quietShort = texts.fitList(
    s.quietPeriod.map((v) => shortName(v.place)),
    (text) => reply('summary:commune_long', { ...values, quietShort: text }),
  );
  return reply('summary:commune_long', values);
}

/** One commune on a ranking's single measure: a sort key (0 = furthest behind) and how it reads. */
interface Ranked {
  commune: CommuneStatus;
  score: number;
  line: string;
  short: string;
}

/**
 * The measure an admin's communes are ranked on: the level's own plan headline
 * when it counts communes (each commune's buckets held of those due), else
 * coverage in the period. One measure per list, named in its title.
 */
function rankCommunesOn(texts: Texts, s: Snapshot, headline: TargetResult | null): { title: string; measure: string; rows: Ranked[] } {
  const periodIn = isLongPeriod(s) ? texts.periodIn(s.period.kind, s.period.key) : texts.t('summary:month_in', { monthNo: Number(s.month.slice(5, 7)) });
  const units = headline?.target.kind === 'coverage' && headline.target.of === 'commune' ? new Map((headline.coverage?.units ?? []).map((u) => [u.id, u])) : null;
  if (units && headline?.target.kind === 'coverage') {
    const per = texts.t(`summary:bucket.${headline.target.regularly ?? 'quarter'}`);
    const rows = s.communes.map((c): Ranked => {
      const u = units.get(c.place._id);
      if (!u) return { commune: c, score: 2, line: texts.t('summary:rollup_line_plan_none', { name: c.place.name }), short: `${shortName(c.place)} -` };
      const values = { name: c.place.name, held: u.held, due: u.due, per: headline.target.kind === 'coverage' && headline.target.regularly ? per : texts.t('summary:bucket.window') };
      return { commune: c, score: u.due > 0 ? u.held / u.due : 1, line: texts.t('summary:rollup_line_plan', values), short: `${shortName(c.place)} ${u.held}/${u.due}` };
    });
    return { title: texts.t('summary:ranking_plan', { label: labelOf(texts, headline).label }), measure: labelOf(texts, headline).short, rows: sortRanked(rows) };
  }
  const long = isLongPeriod(s);
  const rows = s.communes.map((c): Ranked => {
    const covered = long ? c.coveredPeriod : c.coveredMonth;
    const percent = long ? c.percentPeriod : c.percentMonth;
    return {
      commune: c,
      score: percent / 100,
      line: texts.t('summary:rollup_line', { name: c.place.name, covered, villages: c.villages, percent, sessions: c.sessions }),
      short: texts.t('summary:rollup_short', { name: shortName(c.place), percent }),
    };
  });
  return { title: texts.t('summary:ranking_coverage', { periodIn }), measure: texts.t('summary:measure_coverage'), rows: sortRanked(rows) };
}

function sortRanked(rows: Ranked[]): Ranked[] {
  return [...rows].sort((a, b) => a.score - b.score || a.commune.place.name.localeCompare(b.commune.place.name, 'vi'));
}

/**
 * An admin's roll-up: the level's own plan headline first (as CHITIEU computes
 * it), the period's coverage, districts (when the tree has them), then every
 * commune on one measure, furthest behind first.
 */
function rollupReply(texts: Texts, s: Snapshot, plans: PlanEvaluation[] = [], tree: PlaceTree | null = null): Reply {
  const headline = headlineTarget(plans.filter((p) => p.plan.place === s.root._id));
  const lead = headline ? headlineText(texts, headline) : null;
  const { title, measure, rows } = rankCommunesOn(texts, s, headline);
  const long = isLongPeriod(s);
  const periodIn = long ? texts.periodIn(s.period.kind, s.period.key) : texts.t('summary:month_in', { monthNo: Number(s.month.slice(5, 7)) });
  const coveredOf = (c: CommuneStatus): number => (long ? c.coveredPeriod : c.coveredMonth);
  const districts = tree
    ? tree.ofLevel('district').map((d) => {
        const own = s.communes.filter((c) => c.place.path.includes(d._id));
        return texts.t('summary:rollup_district', {
          name: d.name,
          communes: own.length,
          covered: own.reduce((n, c) => n + coveredOf(c), 0),
          villages: own.reduce((n, c) => n + c.villages, 0),
        });
      })
    : [];
  const values = {
    ...common(texts, s),
    headline: lead ? `${lead.line}\n` : '',
    headlineShort: lead ? `${lead.short}. ` : '',
    periodIn,
    coveredMonth: long ? s.coveredPeriod : s.coveredMonth,
    communes: s.communes.length,
    communesCovered: s.communes.filter((c) => coveredOf(c) > 0 || (c.villages === 0 && (long ? c.percentPeriod : c.percentMonth) > 0)).length,
    districtsText: districts.length > 0 ? `${districts.join('\n')}\n` : '',
    rankingTitle: title,
    measureShort: measure,
    ranking: rows.map((r, i) => `${i + 1}. ${r.line}`).join('\n') || texts.t('summary:none'),
    worstShort: '',
  };
  values.worstShort = texts.fitList(
    rows.map((r) => r.short),
    (text) => reply('summary:rollup', { ...values, worstShort: text }),
  );
  return reply('summary:rollup', values);
}

/**
 * CHUA: villages with no session in the month, each with its collaborators
 * (names only); for an admin each village says its commune.
 */
export function quietReply(texts: Texts, s: Snapshot, collaborators: Map<string, Person[]>): Reply {
  // The period CHUA looks at (the month unless one is named: CHUA QUY, CHUA TUAN), cut at the day it is asked.
  const byMonth = s.period.kind === 'month';
  const month = keyBounds(s.month);
  const range = byMonth ? dateRange(month.from, s.refDate < month.to ? s.refDate : month.to) : dateRange(s.period.from, s.period.to);
  const periodIn = byMonth ? texts.t('summary:month_in', { monthNo: Number(s.month.slice(5, 7)) }) : texts.periodIn(s.period.kind, s.period.key);
  const base = { monthNo: Number(s.month.slice(5, 7)), year: s.year, villages: s.villages.length, range, periodIn };
  s = byMonth ? s : { ...s, quiet: s.quietPeriod };
  if (s.quiet.length === 0) return reply('summary:quiet_none', base);
  const admin = s.root.level !== 'commune' && s.root.level !== 'village';
  const name = (v: VillageStatus, short: boolean): string => {
    const own = short ? shortName(v.place) : v.place.name;
    return admin && v.commune ? `${own} (${short ? shortName(v.commune) : v.commune.name})` : own;
  };
  const people = (v: VillageStatus): string[] => (collaborators.get(v.place._id) ?? []).map((p) => p.name);
  const list = s.quiet.map((v) => texts.t('summary:quiet_line', { village: name(v, false), people: people(v).join(', ') || texts.t('summary:no_collaborator') }));
  const values = { ...base, count: s.quiet.length, list: list.join('\n'), listShort: '' };
  const make = (text: string): Reply => reply('summary:quiet', { ...values, listShort: text });
  if (admin) {
    // An admin acts per commune: villages grouped under their commune's name (`Kẻ Sắt: Bắc, Cầu, An Ninh: Ngọc Cục`).
    const byCommune = [...s.quiet].sort((a, b) => (a.commune?.name ?? '').localeCompare(b.commune?.name ?? '', 'vi'));
    values.listShort = texts.fitList(
      byCommune.map((v, i) => (v.commune && byCommune[i - 1]?.commune?._id !== v.commune._id ? `${shortName(v.commune)}: ${shortName(v.place)}` : shortName(v.place))),
      make,
    );
    return reply('summary:quiet', values);
  }
  // With collaborators' names when at least one village fits that way; otherwise as many villages as fit.
  const withNames = texts.fitList(
    s.quiet.map((v) => (people(v).length > 0 ? `${name(v, true)}: ${people(v).join(', ')}` : name(v, true))),
    make,
  );
  values.listShort = withNames.startsWith('+') ? texts.fitList(s.quiet.map((v) => name(v, true)), make) : withNames;
  return reply('summary:quiet', values);
}

export function labelOf(texts: Texts, result: TargetResult): { label: string; short: string } {
  const t = result.target;
  if (t.label) return { label: t.label, short: t.label };
  switch (t.kind) {
    case 'coverage': {
      if (!t.regularly) return { label: texts.t(`summary:label.coverage_${t.of}`), short: texts.t(`summary:short.coverage_${t.of}`) };
      const label = t.of === 'village' ? `summary:label.regular_${t.regularly}` : `summary:label.regular_commune_${t.regularly}`;
      return { label: texts.t(label), short: texts.t(`summary:short.regular_${t.of}`) };
    }
    case 'reach':
      return { label: texts.t('summary:label.reach', { group: texts.groupName(t.group) }), short: texts.t('summary:short.reach', { group: texts.groupName(t.group) }) };
    case 'frequency':
      return {
        label: texts.t('summary:label.frequency', { formName: texts.formName(t.form), atLeast: t.atLeast, per: texts.t(`summary:bucket.${t.per}`) }),
        short: texts.t('summary:short.frequency', { formName: texts.formName(t.form) }),
      };
    case 'training':
      return {
        label: t.loggedAt ? texts.t('summary:label.training_levels', { levels: levelsText(texts, t.loggedAt) }) : texts.t('summary:label.training'),
        short: texts.t('summary:short.training'),
      };
  }
}

function levelsText(texts: Texts, levels: readonly string[]): string {
  return levels.map((l) => texts.t(`summary:level.${l}`)).join(', ');
}

function statusOf(texts: Texts, result: TargetResult): string {
  switch (result.status) {
    case 'met':
      return texts.t('summary:status.met');
    case 'not_started':
      return texts.t('summary:status.not_started');
    case 'no_data':
      return texts.t('summary:status.no_data');
    case 'needs_denominator':
      return texts.t('summary:status.needs_denominator');
    case 'unmeasurable':
      return texts.t('summary:status.unmeasurable');
    case 'people_unmeasurable':
      return texts.t('summary:status.people_unmeasurable');
    case 'behind':
      return texts.t('summary:status.behind', { gap: result.gap ?? 0 });
  }
}

/** Who feeds a target, and for one no one can feed, what would make it measurable. */
export function feedText(texts: Texts, result: TargetResult): string {
  const { feed } = result;
  const levels = levelsText(texts, feed.levels);
  if (!feed.measurable && result.status === 'unmeasurable') {
    const how = feed.form ? texts.t(`summary:feed.example_${feed.form}`) : texts.t('summary:feed.example_log');
    return texts.t('summary:feed.missing', { levels, how });
  }
  if (feed.form) return texts.t(`summary:feed.${feed.form}`, { levels });
  return '';
}

/** One line per target, in the full and the SMS form (value / target / gap, no abbreviations). */
export function targetLines(texts: Texts, result: TargetResult): { line: string; short: string } {
  const { label, short } = labelOf(texts, result);
  const t = result.target;
  const feed = feedText(texts, result);
  const withFeed = (line: string): string => (feed ? `${line} (${feed})` : line);
  const status = statusOf(texts, result);
  const shortLine =
    result.goal === null || result.status === 'unmeasurable' || result.status === 'no_data'
      ? texts.t('summary:line.short_status', { label: short, status })
      : texts.t('summary:line.short', { label: short, value: result.value, goal: result.goal, status });
  if (result.status === 'unmeasurable' || result.status === 'no_data') {
    return { line: withFeed(texts.t('summary:line.status_only', { label, status })), short: shortLine };
  }
  if (t.kind === 'coverage') {
    const places = result.coverage?.places ?? 0;
    const percent = places > 0 ? Math.round((result.value / places) * 100) : 0;
    const excluded = result.coverage?.excluded.length ? texts.t('summary:line.excluded', { count: result.coverage.excluded.length }) : '';
    return {
      line: texts.t('summary:line.coverage', { label, value: result.value, places, percent, goalPercent: t.percent, goal: result.goal ?? 0, status }) + excluded,
      short: shortLine,
    };
  }
  if (t.kind === 'frequency') {
    return {
      line: withFeed(texts.t('summary:line.frequency', { label, value: result.value, goal: result.goal ?? 0, per: texts.t(`summary:bucket.${t.per}`), status })),
      short: shortLine,
    };
  }
  const unsplit = result.unsplit ? texts.t('summary:line.unsplit', { count: result.unsplit }) : '';
  if (result.status === 'needs_denominator') {
    return { line: withFeed(texts.t('summary:line.people_nodenominator', { label, value: result.value, goalPercent: t.percent }) + unsplit), short: shortLine };
  }
  const key = result.status === 'people_unmeasurable' ? 'summary:line.people_unmeasurable' : 'summary:line.people';
  return {
    line: withFeed(
      texts.t(key, { label, value: result.value, goalPercent: t.percent, denominator: t.denominator ?? 0, goal: result.goal ?? 0, status }) +
        (result.status === 'people_unmeasurable' ? texts.t('summary:line.people_how') : '') +
        unsplit,
    ),
    short: result.status === 'people_unmeasurable' ? texts.t('summary:line.short_status', { label: short, status }) : shortLine,
  };
}

/** CHITIEU: each target of each plan on the person's place or below: value / target / gap. */
export function targetsReply(
  texts: Texts,
  place: Place,
  evaluations: PlanEvaluation[],
  today: string,
  above: PlanEvaluation[] = [],
  nameOf: (id: string) => string = (id) => id,
): Reply {
  if (evaluations.length === 0) {
    const parts = ownPartLines(texts, place, above);
    if (parts.length === 0) return reply('summary:targets_none', { place: place.name });
    const values = {
      place: place.name,
      plan: above.map((e) => e.plan.name).join('; '),
      range: evaluationRange(above[0]!, texts),
      lines: parts.map((p) => p.line).join('\n'),
      linesShort: '',
    };
    values.linesShort = texts.fitList(parts.map((p) => p.short), (text) => reply('summary:targets_above', { ...values, linesShort: text }));
    return reply('summary:targets_above', values);
  }
  const lines: string[] = [];
  const shorts: string[] = [];
  for (const evaluation of evaluations) {
    if (evaluations.length > 1) lines.push(`[${evaluation.plan.name}, ${evaluationRange(evaluation, texts)}]`);
    if (evaluation.phase === 'outside') {
      const outside = texts.t('summary:outside_plan', { from: fullDate(keyBounds(evaluation.plan.period.from).from), to: fullDate(keyBounds(evaluation.plan.period.to).to) });
      lines.push(`- ${outside}`);
      shorts.push(outside);
      continue;
    }
    for (const result of evaluation.targets) {
      const { line, short } = targetLines(texts, result);
      lines.push(line);
      const rule = maintainedText(texts, result, nameOf);
      if (rule) lines.push(`  ${rule}`);
      shorts.push(short);
    }
  }
  const values = {
    plan: evaluations.map((e) => e.plan.name).join('; '),
    range: evaluations[0] ? evaluationRange(evaluations[0], texts) : shortDate(today),
    lines: lines.join('\n'),
    linesShort: '',
  };
  values.linesShort = texts.fitList(shorts, (text) => reply('summary:targets', { ...values, linesShort: text }), (n) => texts.t('summary:more_targets', { count: n }));
  return reply('summary:targets', values);
}

/** XEM from an officer: their place this month and this year. */
export function viewReply(s: Snapshot): Reply {
  return reply('summary:view', {
    place: s.root.name,
    monthNo: Number(s.month.slice(5, 7)),
    year: s.year,
    // Every place's sessions, the commune's own included: the totals TONGHOP gives for the month and the year.
    sessionsMonth: s.sessions.month,
    sessionsYear: s.sessions.year,
    villages: s.villages.length,
    coveredMonth: s.coveredMonth,
    coveredYear: s.coveredYear,
  });
}

/**
 * NHAC: per village what really happened. A village counts as reminded only
 * when a door accepted a reminder; those nobody could reach and those with no
 * collaborator are named (with their commune for an admin).
 */
export function remindReply(texts: Texts, r: ReminderReport, monthNo: number, tree: PlaceTree | null): Reply {
  const label = (v: VillageReminder, short: boolean): string => {
    const name = short ? v.shortName : v.name;
    const commune = tree?.ancestorAt(v.villageId, 'commune');
    return commune ? `${name} (${short ? shortName(commune) : commune.name})` : name;
  };
  const of = (outcomes: ReminderOutcome[]): VillageReminder[] => r.villages.filter((v) => outcomes.includes(v.outcome));
  const lists = {
    sent: of(['sent']),
    failed: of(['failed']),
    nobody: of(['no_collaborator']),
    optedOut: of(['opted_out']),
  };
  const values = {
    monthNo,
    quiet: r.quiet,
    reminded: r.reminded,
    sent: r.sent,
    failed: r.failed,
    nobody: lists.nobody.length + lists.optedOut.length,
    skipped: r.skipped,
    sentList: lists.sent.map((v) => label(v, false)).join(', ') || texts.t('summary:none'),
    failedList: lists.failed.map((v) => label(v, false)).join(', ') || texts.t('summary:none'),
    nobodyList: [...lists.nobody.map((v) => label(v, false)), ...lists.optedOut.map((v) => `${label(v, false)} (${texts.t('summary:opted_out')})`)].join(', ') || texts.t('summary:none'),
    problemsShort: '',
  };
  const problems = [...lists.failed, ...lists.nobody, ...lists.optedOut].map((v) => label(v, true));
  values.problemsShort = texts.fitList(problems, (text) => reply('summary:remind_done', { ...values, problemsShort: text }));
  return reply('summary:remind_done', values);
}
