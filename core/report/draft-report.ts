import type { i18n as I18n } from 'i18next';
import type { Language } from '../domain/people';
import type { IndicatorEngine } from '../indicators/engine';
import type { PeriodRef } from '../language/commands';
import type { PlacesRepo } from '../repos/places-repo';
import { createTexts } from '../wording/texts';
import { DateTime } from 'luxon';
import { keyBounds, localDate } from '../periods';
import { reportFigures, type ReportFigures } from './figures';
import type { ReportDocument, ReportDocumentWriter } from './report-document';
import { composeReport } from './report-model';

export interface DraftReportDeps {
  engine: IndicatorEngine;
  i18n: I18n;
  writer: ReportDocumentWriter;
  /** Finds the place above the report's own (the superior in `Nơi nhận`). */
  places: Pick<PlacesRepo, 'get'>;
}

export interface DraftReportRequest {
  /** The place the report is for: the caller has already checked the person may see it. */
  placeId: string;
  period: PeriodRef;
  now: Date;
  /** The state's format is Vietnamese; English exists for reading the draft, not for filing it. */
  lng?: Language;
}

export type DraftReportResult =
  | { ok: true; document: ReportDocument; buffer: Buffer; figures: ReportFigures; lastYear: ReportFigures | null }
  | { ok: false; reason: 'no_place' };

/** `2026-H1` → `2025-H1`: the same period a year before (ISO weeks keep their number). */
export function sameKeyLastYear(key: string): string {
  return `${Number(key.slice(0, 4)) - 1}${key.slice(4)}`;
}

/**
 * BAOCAO: the periodic report drafted as a Word file. Both columns come from
 * the indicator engine's `report` (the one CHITIEU answers from), asked for
 * the named period and for the same period a year before; the year before is
 * shown only when something was logged in it.
 */
export async function draftReport(deps: DraftReportDeps, request: DraftReportRequest): Promise<DraftReportResult> {
  const { engine } = deps;
  const today = localDate(request.now, engine.timeZone);
  const report = await engine.report(request.placeId, request.now, { period: request.period.kind, ...(request.period.key ? { key: request.period.key } : {}), daily: false });
  if (!report) return { ok: false, reason: 'no_place' };
  const figures = reportFigures(report);
  // Last year's column shows period totals only (no target), so it is asked as of that period's last day: the
  // engine then reads no month after it, a year of facts instead of two. This period is asked as of now, so a
  // closed period's targets are those of its close, exactly as CHITIEU gives them.
  const lastKey = sameKeyLastYear(figures.period.key);
  const lastDay = DateTime.fromISO(keyBounds(lastKey).to, { zone: engine.timeZone }).set({ hour: 12 }).toJSDate();
  const before = await engine.report(request.placeId, lastDay, { period: request.period.kind, key: lastKey, daily: false, plans: [] });
  const beforeFigures = before ? reportFigures(before) : null;
  const lastYear = beforeFigures && beforeFigures.sessions > 0 ? beforeFigures : null;
  // The limits paragraph names the earliest log the report looked at, this period's or last year's.
  const begins = [figures.dataBegins, beforeFigures?.dataBegins ?? null].filter((d): d is string => d !== null).sort()[0] ?? null;
  figures.dataBegins = begins;
  const root = report.data.tree.root;
  const parent = root.parentId ? await deps.places.get(root.parentId) : null;
  const texts = createTexts(deps.i18n, request.lng ?? 'vi');
  const document = composeReport(texts, { figures, lastYear, today, parent });
  return { ok: true, document, buffer: await deps.writer(document), figures, lastYear };
}
