import type { Place } from '../domain/places';
import type { Texts } from '../wording/texts';
import { fullDate } from '../periods';
import {
  bareName,
  breakdownBlocks,
  compareBlocks,
  fileNames,
  headlineBlocks,
  levelBlocks,
  nextPeriodTitle,
  otherTargetBlocks,
  periodTitle,
  unitBlocks,
  type ReportInput,
} from './compose-report';
import type { ReportFigures, UnitFigures } from './figures';
import type { ReportBlock, ReportDocument } from './report-document';

/** Names of units, in the order of the units table. */
function names(units: UnitFigures[]): string {
  return units.map((u) => u.place.name).join(', ');
}

/**
 * II. Đánh giá: facts only, each with its numbers (who is behind on the
 * headline target, whose streak broke, who held nothing in the period).
 * Loa states; the officer judges in III and IV.
 */
function assessmentBlocks(texts: Texts, f: ReportFigures): ReportBlock[] {
  const unit = texts.t(`report:unit.${f.unitLevel}`);
  const counted = f.units.filter((u) => u.verdict !== 'not_counted');
  const lines: string[] = [];
  const head = f.headline?.result;
  if (head?.coverage && head.target.kind === 'coverage' && head.target.of === f.unitLevel) {
    const name = head.target.label ?? texts.t(`summary:short.${head.target.regularly ? `regular_${head.target.of}` : `coverage_${head.target.of}`}`);
    const behind = counted.filter((u) => u.verdict === 'behind' || u.verdict === 'broken');
    lines.push(
      behind.length > 0
        ? texts.t('report:assessment.behind', { count: behind.length, places: counted.length, unit, label: name, names: names(behind) })
        : texts.t('report:assessment.none_behind', { unit, label: name }),
    );
    const broken = counted.filter((u) => u.verdict === 'broken');
    if (broken.length > 0 && head.target.regularly) {
      lines.push(texts.t('report:assessment.broken', { count: broken.length, unit, bucket: texts.t(`summary:bucket.${head.target.regularly}`), names: names(broken) }));
    }
  }
  const silent = counted.filter((u) => u.sessions === 0);
  lines.push(
    silent.length > 0
      ? texts.t('report:assessment.silent', { count: silent.length, places: counted.length, unit, names: names(silent) })
      : texts.t('report:assessment.all_active', { places: counted.length, unit }),
  );
  return [{ kind: 'heading', text: texts.t('report:heading.assessment') }, ...lines.map((text): ReportBlock => ({ kind: 'paragraph', text }))];
}

/** The opening: which plan the report answers, and the plan's name and number as its file gives them. */
function introBlocks(texts: Texts, f: ReportFigures, body: string, period: string): ReportBlock[] {
  const plan = f.plans[0]?.plan;
  if (!plan) {
    return [
      { kind: 'paragraph', text: texts.t('report:intro_no_plan', { body, period }) },
      { kind: 'paragraph', text: texts.t('report:no_plan', { place: f.root.name }) },
    ];
  }
  const month = (m: string): string => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
  return [
    { kind: 'paragraph', text: texts.t('report:intro', { plan: f.plans.map((p) => p.plan.name).join('; '), body, period }) },
    ...f.plans.map((p): ReportBlock => ({
      kind: 'paragraph',
      text: texts.t('report:plan_line', { name: p.plan.name, document: p.plan.source?.document ? texts.t('report:plan_document', { document: p.plan.source.document }) : '', from: month(p.plan.period.from), to: month(p.plan.period.to) }),
    })),
  ];
}

/** `Xã Kẻ Sắt` → `xã Kẻ Sắt`: a level word inside a sentence is not capitalised. */
function lowerFirst(name: string): string {
  return name.charAt(0).toLocaleLowerCase('vi') + name.slice(1);
}

/**
 * The whole draft, in the reader's language (Vietnamese for the state's
 * format). Every figure is one of `input.figures`, which come from the
 * indicator engine; nothing here counts.
 */
export function composeReport(texts: Texts, input: ReportInput & { parent: Place | null }): ReportDocument {
  const f = input.figures;
  const period = periodTitle(texts, f.period.kind, f.period.key);
  const bodyName = texts.t('report:header.body');
  const body = texts.t('report:body', { place: lowerFirst(f.root.name) });
  const parent = input.parent;
  const blocks: ReportBlock[] = [
    ...introBlocks(texts, f, body, period),
    { kind: 'heading', text: texts.t('report:heading.results') },
    ...headlineBlocks(texts, f),
    ...otherTargetBlocks(texts, f),
    ...breakdownBlocks(texts, f),
    ...unitBlocks(texts, f),
    ...levelBlocks(texts, f),
    ...compareBlocks(texts, f, input.lastYear),
    { kind: 'subheading', text: texts.t('report:sub.limits') },
    { kind: 'paragraph', text: texts.t('report:limits', { begins: f.dataBegins ? texts.t('report:limits_begins', { date: fullDate(f.dataBegins) }) : '' }) },
    ...assessmentBlocks(texts, f),
    { kind: 'heading', text: texts.t('report:heading.direction', { next: nextPeriodTitle(texts, f.period.kind, f.period.key).toLocaleUpperCase(texts.lng) }) },
    { kind: 'placeholder', text: texts.t('report:placeholder') },
    { kind: 'heading', text: texts.t('report:heading.proposals') },
    { kind: 'placeholder', text: texts.t('report:placeholder') },
  ];
  return {
    ...fileNames(texts, f),
    issuer: [bodyName, f.root.name.toLocaleUpperCase(texts.lng)],
    number: texts.t('report:header.number'),
    nation: texts.t('report:header.nation'),
    motto: texts.t('report:header.motto'),
    placeDate: texts.t('report:header.place_date', { place: bareName(texts, f.root.name), year: input.today.slice(0, 4) }),
    type: texts.t('report:header.type'),
    title: texts.t('report:header.title', { period }),
    draftNote: texts.t('report:draft_note', { asOf: fullDate(f.asOf) }),
    blocks,
    recipients: {
      label: texts.t('report:recipients.label'),
      lines: [...(parent ? [texts.t('report:recipients.superior', { name: lowerFirst(parent.name) })] : []), texts.t('report:recipients.fill'), texts.t('report:recipients.archive')],
    },
    signer: { mandate: texts.t('report:signer.mandate'), title: texts.t('report:signer.title'), name: texts.t('report:signer.name') },
    pageLabel: '',
  };
}
