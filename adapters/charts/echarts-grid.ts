import path from 'node:path';
import type * as Echarts from 'echarts';
import type * as ResvgJs from '@resvg/resvg-js';
import type { GridChartRenderer, GridChartTexts } from '../../core/charts/chart-renderer';
import type { CellStatus, GridModel } from '../../core/charts/grid-model';

/** Colours of the four cell states; the page's CSS uses the same ones. */
export const CELL_COLOURS: Record<CellStatus, string> = {
  streak: '#1b7f3b',
  held: '#8fd19e',
  none: '#f1f1f1',
  future: '#ffffff',
};

/** Vietnamese-capable font shipped as an npm dependency: no system font is assumed. */
export const CHART_FONT_FILE = path.join(
  path.dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json')),
  '400Regular',
  'BeVietnamPro_400Regular.ttf',
);
const FONT_FAMILY = 'Be Vietnam Pro';

/*
 * ECharts takes half a second to load: it is required on the first picture,
 * not at start (a restart after a crash must answer webhooks at once).
 */
let echartsLib: typeof Echarts | undefined;
let resvgLib: typeof ResvgJs | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const echarts = (): typeof Echarts => (echartsLib ??= require('echarts') as typeof Echarts);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resvg = (): typeof ResvgJs => (resvgLib ??= require('@resvg/resvg-js') as typeof ResvgJs);

export const CHART_WIDTH = 760;
const ROW_HEIGHT = 36;
const TOP = 64;
const BOTTOM = 48;

export function chartHeight(model: GridModel): number {
  return TOP + BOTTOM + Math.max(1, model.rows.length) * ROW_HEIGHT;
}

/** `name\nstate` as ECharts rich text; braces and bars are rich-text syntax, so a name never carries them in. */
function twoLines(label: string): string {
  const [name = '', state = ''] = label.replace(/[{}|]/g, '').split('\n');
  return state ? `{name|${name}}\n{state|${state}}` : `{name|${name}}`;
}

/**
 * The one chart definition of the village × month grid: the web page shows it
 * as SVG and the chat summaries get it as PNG, both from this option.
 */
export function gridChartOption(model: GridModel, texts: GridChartTexts): Echarts.EChartsCoreOption {
  const rows = [...model.rows].reverse(); // ECharts draws category 0 at the bottom
  const order: CellStatus[] = ['streak', 'held', 'none', 'future'];
  const data = rows.flatMap((row, y) =>
    row.cells.map((cell, x) => ({
      // The 4th dimension picks the colour through the piecewise visual map (the legend).
      value: [x, y, cell.value, order.indexOf(cell.status)],
      label: { show: cell.status !== 'future', formatter: cell.of !== undefined ? `${cell.value}/${cell.of}` : String(cell.value) },
    })),
  );
  return {
    animation: false,
    textStyle: { fontFamily: FONT_FAMILY },
    title: { text: texts.title, left: 8, top: 6, textStyle: { fontSize: 15, fontFamily: FONT_FAMILY } },
    visualMap: {
      type: 'piecewise',
      dimension: 3,
      orient: 'horizontal',
      top: 32,
      left: 8,
      textStyle: { fontFamily: FONT_FAMILY },
      pieces: order.slice(0, 3).map((status, i) => ({ value: i, label: texts.legend[status], color: CELL_COLOURS[status] })),
      outOfRange: { color: CELL_COLOURS.future },
      selectedMode: false,
    },
    grid: { left: 150, right: 12, top: TOP, bottom: BOTTOM },
    xAxis: { type: 'category', data: model.months.map((m) => texts.month(m)), splitArea: { show: false }, axisLabel: { fontSize: 11 } },
    // Two lines per row: the name, then its state (`gián đoạn từ T4`) a size smaller.
    yAxis: {
      type: 'category',
      data: rows.map((r) => texts.row(r, model.thisMonth)),
      axisLabel: { formatter: twoLines, rich: { name: { fontSize: 12, lineHeight: 15 }, state: { fontSize: 10, lineHeight: 13, color: '#555' } } },
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: true, fontSize: 11, color: '#111' },
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
      },
    ],
  };
}

/** Server-side SVG (ECharts SSR, no DOM). */
export function gridSvg(model: GridModel, texts: GridChartTexts): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: chartHeight(model) });
  try {
    chart.setOption(gridChartOption(model, texts));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The same SVG as a PNG (resvg, with the shipped font), for Telegram and Zalo. */
export function gridPng(model: GridModel, texts: GridChartTexts): Buffer {
  const svg = gridSvg(model, texts);
  const renderer = new (resvg().Resvg)(svg, {
    background: '#ffffff',
    font: { fontFiles: [CHART_FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return renderer.render().asPng();
}

/** The grid drawn by ECharts (SVG) and resvg (PNG), for the core's summaries and the web page. */
export const echartsGridRenderer: GridChartRenderer = { svg: gridSvg, png: gridPng };
