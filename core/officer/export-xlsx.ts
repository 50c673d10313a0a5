import { fullDate } from '../periods';
import viExport from '../../locales/vi/export.json';
import { isSession } from '../domain/log-facts';
import type { Person } from '../domain/people';
import type { Place } from '../domain/places';
import type { SessionLog } from '../domain/session-log';
import type { PlanEvaluation } from '../indicators/plan-evaluation';
import type { Snapshot } from '../indicators/snapshot';
import type { Repositories } from '../ports/storage';
import { recordExportTaken } from '../scheduling/deadlines';
import { monthsBetween } from '../indicators/buckets';
import { headlineTarget, labelOf, targetLines } from '../wording/replies';
import type { Texts } from '../wording/texts';
import type { CellValue, Workbook, WorkbookColumn, WorkbookSheet, XlsxWriter } from './workbook';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet names of the file, which is always Vietnamese (`locales/vi/export.json`). */
export const SHEETS = viExport.sheets;

export interface ExportInput {
  repos: Pick<Repositories, 'logs' | 'people' | 'claims'>;
  /** Vietnamese texts: the file goes into a Vietnamese periodic report. */
  texts: Texts;
  root: Place;
  snapshot: Snapshot;
  plans: PlanEvaluation[];
  places: ReadonlyMap<string, Place>;
  /** Writes the workbook as .xlsx (exceljs in `xlsx/`). */
  writer: XlsxWriter;
}

/** The logs of the period and the names of everyone who wrote or changed them. */
interface ExportRecords {
  logs: SessionLog[];
  /** Cancelled logs of the period: listed on their own sheet, out of every total. */
  cancelled: SessionLog[];
  names: Map<string, string>;
  /** Officers and admins among them: a village's log they entered is marked so. */
  officials: Set<string>;
}

/** A local date as an Excel date (midnight UTC, so every spreadsheet shows the same day). */
function excelDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** Columns with their headers from `locales/<lng>/export.json`. */
function columns(texts: Texts, sheet: 'sessions' | 'indicators' | 'villages', widths: Record<string, number>, dates: string[] = []): WorkbookColumn[] {
  return Object.entries(widths).map(([key, width]) => ({ key, header: texts.t(`export:${sheet}.${key}`), width, ...(dates.includes(key) ? { date: true } : {}) }));
}

/** More cancelled logs than this in one period would be a damaged record, not a report; the sheet stops there. */
const MAX_CANCELLED_ROWS = 10_000;

async function loadRecords(input: ExportInput): Promise<ExportRecords> {
  const { repos, root, snapshot: s } = input;
  const logs = await repos.logs.liveBetween(root._id, s.period.from, s.period.to);
  // The log table's query holds cancelled logs too; oldest first, like the sessions sheet.
  const all = await repos.logs.table(root._id, { from: s.period.from, to: s.period.to }, MAX_CANCELLED_ROWS);
  const cancelled = all.filter((l) => l.cancelledAt !== null).reverse();
  const personIds = [...new Set([...logs, ...cancelled].flatMap((l) => [l.personId, ...(l.history ?? []).map((h) => h.by)]))];
  const people = await repos.people.byIds(personIds);
  const names = new Map(people.map((p) => [p._id, p.name]));
  const officials = new Set(people.filter((p) => p.role?.kind === 'officer' || p.role?.kind === 'admin').map((p) => p._id));
  return { logs, cancelled, names, officials };
}

/**
 * The record an officer repaired keeps what was first reported: one line per change,
 * after a line for a village's log an officer or admin entered in its place (who, and on which day).
 */
function auditOf(input: ExportInput, records: ExportRecords, log: SessionLog): string {
  const { texts } = input;
  const name = (id: string): string => records.names.get(id) ?? id;
  const enteredFor =
    records.officials.has(log.personId) && input.places.get(log.villageId)?.level === 'village'
      ? [texts.t('export:audit.entered_for', { day: log.createdAt.slice(0, 10), name: name(log.personId) })]
      : [];
  const changes = (log.history ?? []).map((h) => {
    const b = h.before;
    const before = [texts.t('export:audit.participants', { n: b.participants }), texts.formName(b.form), b.groups.map((g) => texts.groupName(g)).join(', '), fullDate(b.date), b.note].filter(Boolean).join(', ');
    const action = texts.t(h.action === 'cancel' ? 'export:audit.cancel' : 'export:audit.edit');
    return texts.t('export:audit.change', { day: h.at.slice(0, 10), name: name(h.by), action, before });
  });
  return [...enteredFor, ...changes].join('\n');
}

/** What was reported in a log, as the sessions and the cancelled sheets both show it (never a collaborator's phone number). */
function reportedCells(input: ExportInput, records: ExportRecords, log: SessionLog): Record<string, CellValue> {
  const { texts } = input;
  const place = input.places.get(log.villageId);
  const commune = place?.level === 'commune' ? place : input.places.get(place?.parentId ?? '');
  return {
    date: excelDate(log.date),
    code: log.code,
    commune: commune?.name ?? '',
    village: place?.level === 'village' ? place.name : '',
    participants: log.participants,
    form: texts.formName(log.form),
    groups: log.groups.map((g) => texts.groupName(g)).join(', '),
    note: log.note,
    person: records.names.get(log.personId) ?? '',
  };
}

/** The sessions of the period, one row each (never a collaborator's phone number). */
function sessionsSheet(input: ExportInput, records: ExportRecords): WorkbookSheet {
  const { texts } = input;
  const widths = { date: 12, code: 8, commune: 22, village: 22, participants: 10, form: 24, groups: 30, note: 30, person: 22, channel: 10, edited: 8, audit: 60 };
  const rows = records.logs.map((log) => ({
    ...reportedCells(input, records, log),
    channel: texts.t(`export:channels.${log.channel}`, { defaultValue: log.channel }),
    edited: log.editedAt ? texts.t('export:yes') : '',
    audit: auditOf(input, records, log),
  }));
  return { name: texts.t('export:sheets.sessions'), columns: columns(texts, 'sessions', widths, ['date']), rows, freezeHeader: true };
}

/**
 * The period's cancelled logs: what was reported, who cancelled it and when,
 * and why when a reason was given. On a sheet of their own so no column sum
 * of the sessions sheet can take them in.
 */
function cancelledSheet(input: ExportInput, records: ExportRecords): WorkbookSheet {
  const { texts } = input;
  const widths = { date: 12, code: 8, commune: 22, village: 22, participants: 10, form: 24, groups: 30, note: 30, person: 22, cancelledAt: 14, cancelledBy: 22, reason: 30, status: 30 };
  const ownHeaders = ['cancelledAt', 'cancelledBy', 'reason', 'status'];
  const header = (key: string): string => texts.t(ownHeaders.includes(key) ? `export:cancelled.${key}` : `export:sessions.${key}`);
  const rows = records.cancelled.map((log) => {
    const cancel = [...(log.history ?? [])].reverse().find((h) => h.action === 'cancel');
    const reason = cancel?.reason ?? '';
    return {
      ...reportedCells(input, records, log),
      cancelledAt: excelDate((cancel?.at ?? log.cancelledAt ?? '').slice(0, 10)),
      cancelledBy: cancel ? (records.names.get(cancel.by) ?? cancel.by) : '',
      reason,
      status: texts.t('export:cancelled.marked'),
    };
  });
  const cols = Object.entries(widths).map(([key, width]) => ({ key, header: header(key), width, ...(key === 'date' || key === 'cancelledAt' ? { date: true } : {}) }));
  return { name: texts.t('export:sheets.cancelled'), columns: cols, rows, freezeHeader: true };
}

/** Each target of each plan, then the period's totals. */
function indicatorsSheet(input: ExportInput): WorkbookSheet {
  const { texts, snapshot: s } = input;
  const widths = { plan: 40, target: 60, value: 10, goal: 10, gap: 10, percent: 10, status: 14, asOf: 14 };
  const rows: Record<string, CellValue>[] = input.plans.flatMap((evaluation) =>
    evaluation.targets.map((result) => ({
      plan: evaluation.plan.name,
      target: targetLines(texts, result).line.replace(/^- /, ''),
      value: result.value,
      goal: result.goal,
      gap: result.gap,
      percent: result.percent,
      status: texts.t(`export:status.${result.status}`),
      asOf: excelDate(evaluation.asOf),
    })),
  );
  const range = `${s.period.from} – ${s.period.to}`;
  rows.push(
    {},
    { plan: texts.t('export:totals.covered_month'), target: s.month, value: s.coveredMonth, goal: s.villages.length },
    { plan: texts.t('export:totals.covered_year'), target: s.year, value: s.coveredYear, goal: s.villages.length },
    { plan: texts.t('export:totals.sessions'), target: range, value: s.period.sessions },
    { plan: texts.t('export:totals.participants'), target: range, value: s.period.participants },
    { plan: texts.t('export:totals.items'), target: range, value: s.period.items },
  );
  return { name: texts.t('export:sheets.indicators'), columns: columns(texts, 'indicators', widths, ['asOf']), rows };
}

/**
 * Each village: its sessions in every month of the period (one column each),
 * this month and year, silence, and the verdict on the plan's "maintained"
 * target, so the summary's count can be checked village by village.
 */
function villagesSheet(input: ExportInput): WorkbookSheet {
  const { texts, snapshot: s } = input;
  const months = monthsBetween(s.period.from.slice(0, 7), s.refDate.slice(0, 7));
  const headline = headlineTarget(input.plans.filter((p) => p.plan.place === input.root._id));
  const units = headline?.target.kind === 'coverage' && headline.target.of === 'village' ? new Map((headline.coverage?.units ?? []).map((u) => [u.id, u])) : null;
  const cols: WorkbookColumn[] = [
    ...columns(texts, 'villages', { commune: 22, village: 22 }),
    ...months.map((m) => ({ key: `m${m}`, header: `${m.slice(5, 7)}/${m.slice(0, 4)}`, width: 9 })),
    ...columns(texts, 'villages', { month: 12, year: 12, silent: 12 }),
    ...(units && headline ? [{ key: 'verdict', header: texts.t('export:villages.verdict', { label: labelOf(texts, headline).label }), width: 18 }] : []),
  ];
  const rows = s.villages.map((v) => {
    const unit = units?.get(v.place._id);
    const row: Record<string, CellValue> = { commune: v.commune?.name ?? '', village: v.place.name, month: v.sessionsMonth, year: v.sessionsYear, silent: v.silent ? texts.t('export:yes') : '' };
    for (const m of months) row[`m${m}`] = v.monthly[m] ?? 0;
    if (units) row.verdict = unit ? texts.t(`export:status.${unit.met ? 'met' : 'behind'}`) : texts.t('export:status.no_data');
    return row;
  });
  return { name: texts.t('export:sheets.villages'), columns: cols, rows };
}

/** What the XUAT file holds: the sessions of the period, each target, each village, and the cancelled logs. */
export function exportWorkbook(input: ExportInput, records: ExportRecords): Workbook {
  return {
    creator: 'Loa',
    created: excelDate(input.snapshot.refDate),
    sheets: [sessionsSheet(input, records), indicatorsSheet(input), villagesSheet(input), cancelledSheet(input, records)],
  };
}

/**
 * The file an officer attaches to the periodic report, and how many sessions it lists.
 * Taking it marks the period's report as in hand: no overdue reminder follows (core/scheduling/deadlines.ts).
 */
export async function buildExport(input: ExportInput): Promise<{ buffer: Buffer; sessions: number }> {
  const records = await loadRecords(input);
  const buffer = await input.writer(exportWorkbook(input, records));
  await recordExportTaken(input.repos.claims, 'xuat', input.root._id, input.snapshot.period.key, new Date());
  // A press item is listed on the sessions sheet (it is a log) but is no session: the count says sessions only.
  return { buffer, sessions: records.logs.filter(isSession).length };
}
