import type { CellStatus, GridModel, GridRow } from './grid-model';

/** The chart's words, already in the reader's language. */
export interface GridChartTexts {
  title: string;
  /** Column header of a month, e.g. `T11/26`. */
  month(month: string): string;
  /** A row's label: its name, then (on a second line) its state in the page's words, judged up to `thisMonth`. */
  row(row: Pick<GridRow, 'name' | 'cells'>, thisMonth: string): string;
  /** Legend entries for the four states. */
  legend: Record<CellStatus, string>;
}

/**
 * Draws the village × month grid. The core decides what the grid holds and
 * says; the renderer (outside core, beside the doors) decides how it looks,
 * from one chart definition for the web page's SVG and the chat's PNG.
 */
export interface GridChartRenderer {
  svg(model: GridModel, texts: GridChartTexts): string;
  png(model: GridModel, texts: GridChartTexts): Buffer;
}
