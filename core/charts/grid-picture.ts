import type { i18n as I18n } from 'i18next';
import { accountDoors, type Person } from '../domain/people';
import type { ScopeReport } from '../indicators/engine';
import { createTexts, type Texts } from '../wording/texts';
import type { ReplyAttachment } from '../reply';
import type { GridChartRenderer, GridChartTexts } from './chart-renderer';
import { buildGrid, type GridModel } from './grid-model';
import { rowState, rowStateLabel } from './row-state';

/** `2026-11` → `T11/26`: short enough for twelve columns on a phone. */
export function monthLabel(texts: Texts, month: string): string {
  return texts.t('web:grid.month', { month: Number(month.slice(5, 7)), year: month.slice(2, 4) });
}

/** The chart's words in the reader's language (the web page and the PNG share them). */
export function chartTexts(texts: Texts, placeName: string, kind: GridModel['kind']): GridChartTexts {
  return {
    title: texts.t(`web:grid.title_${kind}`, { place: placeName }),
    month: (m) => monthLabel(texts, m),
    row: (row, thisMonth) => `${row.name}\n${rowStateLabel(texts, rowState(row, thisMonth), thisMonth)}`,
    legend: { streak: texts.t(`web:grid.legend.streak_${kind}`), held: texts.t(`web:grid.legend.held_${kind}`), none: texts.t('web:grid.legend.none'), future: '' },
  };
}

/** Adds a picture to a chat summary for one recipient; null when none is sent. */
export type SummaryPicture = (person: Person, report: ScopeReport) => ReplyAttachment | null;

/**
 * The village × month grid as a PNG for a summary, rendered only for people
 * a chat reaches (the outbox drops attachments on SMS anyway; this saves the
 * rendering for the many SMS-only officers).
 */
export function gridPicture(i18n: I18n, renderer: GridChartRenderer): SummaryPicture {
  return (person, report) => {
    if (accountDoors(person).length === 0) return null;
    const root = report.data.tree.root;
    const grid = buildGrid(report);
    const texts = chartTexts(createTexts(i18n, person.lng), root.name, grid.kind);
    return { filename: `loa-${root._id}-${report.data.today}.png`, mimeType: 'image/png', content: renderer.png(grid, texts) };
  };
}
