import { shortDate } from '../periods';
import ExcelJS from 'exceljs';
import type { Place } from '../domain/places';
import type { SessionLog } from '../domain/session-log';
import type { PlanEvaluation } from '../indicators/plan-evaluation';
import type { Snapshot } from '../indicators/snapshot';
import type { Repositories } from '../ports/storage';
import { targetLines } from './replies';
import type { Texts } from './texts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const SHEETS = { sessions: 'Buổi tuyên truyền', indicators: 'Chỉ tiêu', villages: 'Thôn' } as const;

export interface ExportInput {
  repos: Pick<Repositories, 'logs' | 'people'>;
  /** Vietnamese texts: the file goes into a Vietnamese periodic report. */
  texts: Texts;
  root: Place;
  snapshot: Snapshot;
  plans: PlanEvaluation[];
  places: ReadonlyMap<string, Place>;
}

/** A local date as an Excel date (midnight UTC, so every spreadsheet shows the same day). */
function excelDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/**
 * The file an officer attaches to the periodic report: the sessions of the
 * period (never a collaborator's phone number), each target, and each village.
 */
export async function buildExport(input: ExportInput): Promise<{ buffer: Buffer; sessions: number }> {
  const { repos, texts, root, snapshot: s } = input;
  const logs = await repos.logs.liveBetween(root._id, s.period.from, s.period.to);
  const personIds = [...new Set(logs.flatMap((l) => [l.personId, ...(l.history ?? []).map((h) => h.by)]))];
  const people = await repos.people.byIds(personIds);
  const names = new Map(people.map((p) => [p._id, p.name]));
  const officials = new Set(people.filter((p) => p.role?.kind === 'officer' || p.role?.kind === 'admin').map((p) => p._id));

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Loa';
  workbook.created = new Date(`${s.refDate}T00:00:00.000Z`);

  const sessions = workbook.addWorksheet(SHEETS.sessions);
  sessions.columns = [
    { header: 'Ngày', key: 'date', width: 12, style: { numFmt: 'dd/mm/yyyy' } },
    { header: 'Mã', key: 'code', width: 8 },
    { header: 'Xã', key: 'commune', width: 22 },
    { header: 'Thôn', key: 'village', width: 22 },
    { header: 'Số người tham dự', key: 'participants', width: 10 },
    { header: 'Hình thức', key: 'form', width: 24 },
    { header: 'Đối tượng', key: 'groups', width: 30 },
    { header: 'Ghi chú', key: 'note', width: 30 },
    { header: 'Người ghi', key: 'person', width: 22 },
    { header: 'Kênh', key: 'channel', width: 10 },
    { header: 'Đã sửa', key: 'edited', width: 8 },
    { header: 'Lịch sử sửa (ai, khi nào, giá trị trước)', key: 'audit', width: 60 },
  ];
  // The record an officer repaired keeps what was first reported: one line per change,
  // after a line for a village's log an officer or admin entered in its place (who, and on which day).
  const audit = (log: SessionLog): string => {
    const enteredFor = officials.has(log.personId) && input.places.get(log.villageId)?.level === 'village' ? [`${log.createdAt.slice(0, 10)} ${names.get(log.personId) ?? log.personId}: ghi thay thôn`] : [];
    const changes = (log.history ?? []).map((h) => {
      const b = h.before;
      const before = [`${b.participants} người`, texts.formName(b.form), b.groups.map((g) => texts.groupName(g)).join(', '), `${shortDate(b.date)}/${b.date.slice(0, 4)}`, b.note].filter(Boolean).join(', ');
      return `${h.at.slice(0, 10)} ${names.get(h.by) ?? h.by}: ${h.action === 'cancel' ? 'hủy' : 'sửa'}; trước: ${before}`;
    });
    return [...enteredFor, ...changes].join('\n');
  };
  for (const log of logs) {
    const place = input.places.get(log.villageId);
    const commune = place?.level === 'commune' ? place : input.places.get(place?.parentId ?? '');
    sessions.addRow({
      date: excelDate(log.date),
      code: log.code,
      commune: commune?.name ?? '',
      village: place?.level === 'village' ? place.name : '',
      participants: log.participants,
      form: texts.formName(log.form),
      groups: log.groups.map((g) => texts.groupName(g)).join(', '),
      note: log.note,
      person: names.get(log.personId) ?? '',
      channel: log.channel,
      edited: log.editedAt ? 'có' : '',
      audit: audit(log),
    });
  }
  sessions.getRow(1).font = { bold: true };
  sessions.views = [{ state: 'frozen', ySplit: 1 }];

  const indicators = workbook.addWorksheet(SHEETS.indicators);
  indicators.columns = [
    { header: 'Kế hoạch', key: 'plan', width: 40 },
    { header: 'Chỉ tiêu', key: 'target', width: 60 },
    { header: 'Giá trị', key: 'value', width: 10 },
    { header: 'Mục tiêu', key: 'goal', width: 10 },
    { header: 'Còn thiếu', key: 'gap', width: 10 },
    { header: 'Tỷ lệ (%)', key: 'percent', width: 10 },
    { header: 'Trạng thái', key: 'status', width: 14 },
    { header: 'Tính đến ngày', key: 'asOf', width: 14, style: { numFmt: 'dd/mm/yyyy' } },
  ];
  const statusText: Record<PlanEvaluation['targets'][number]['status'], string> = {
    met: 'đạt',
    behind: 'chưa đạt',
    needs_denominator: 'chưa nhập mẫu số',
    not_started: 'chưa bắt đầu',
    no_data: 'chưa có dữ liệu',
    unmeasurable: 'không đo được từ nhật ký',
  };
  for (const evaluation of input.plans) {
    for (const result of evaluation.targets) {
      indicators.addRow({
        plan: evaluation.plan.name,
        target: targetLines(texts, result).line.replace(/^- /, ''),
        value: result.value,
        goal: result.goal,
        gap: result.gap,
        percent: result.percent,
        status: statusText[result.status],
        asOf: excelDate(evaluation.asOf),
      });
    }
  }
  indicators.addRow({});
  indicators.addRow({ plan: 'Thôn có buổi trong tháng', target: s.month, value: s.coveredMonth, goal: s.villages.length });
  indicators.addRow({ plan: 'Thôn có buổi trong năm', target: s.year, value: s.coveredYear, goal: s.villages.length });
  indicators.addRow({ plan: 'Số buổi trong kỳ', target: `${s.period.from} – ${s.period.to}`, value: s.period.sessions });
  indicators.addRow({ plan: 'Số lượt người tham dự trong kỳ', target: `${s.period.from} – ${s.period.to}`, value: s.period.participants });
  indicators.getRow(1).font = { bold: true };

  const villages = workbook.addWorksheet(SHEETS.villages);
  villages.columns = [
    { header: 'Xã', key: 'commune', width: 22 },
    { header: 'Thôn', key: 'village', width: 22 },
    { header: 'Số buổi trong tháng', key: 'month', width: 12 },
    { header: 'Số buổi trong năm', key: 'year', width: 12 },
    { header: 'Im lặng từ 30 ngày', key: 'silent', width: 12 },
  ];
  for (const v of s.villages) {
    villages.addRow({ commune: v.commune?.name ?? '', village: v.place.name, month: v.sessionsMonth, year: v.sessionsYear, silent: v.silent ? 'có' : '' });
  }
  villages.getRow(1).font = { bold: true };

  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, sessions: logs.length };
}
