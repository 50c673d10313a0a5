import express, { type Router } from 'express';
import { viewRoster } from '../core/usecases/roster-upload';
import type { WebKit } from './web-kit';

/** The roster file's columns, in the order the import reads them. */
export const ROSTER_COLUMNS = ['kind', 'id', 'name', 'code', 'parent', 'aliases', 'phone', 'telegram_id', 'language'] as const;

/** RFC 4180 quoting, for the few fields that need it (a comma, a quote, a line break). */
const csvLine = (fields: readonly string[]): string => fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');

/** Two example rows under the officer's own place: a village and its collaborator (replace them with real ones). */
function exampleRows(placeId: string): string[][] {
  return [
    ['village', `${placeId}.vi-du`, 'Thôn Ví Dụ', 'VIDU', placeId, 'Ví Dụ', '', '', ''],
    ['collaborator', `ctv-${placeId}-vi-du`, 'Nguyễn Văn Mẫu', '', `${placeId}.vi-du`, '', '0905 000 000', '', 'vi'],
  ];
}

/**
 * The roster template, as CSV or as an Excel sheet, from the roster page:
 * the page used to name `demo/roster-ke-sat.csv`, a path in the source tree
 * that an officer cannot download.
 */
export function rosterTemplateRoutes(kit: WebKit): Router {
  const { options, render, signedIn } = kit;
  const router = express.Router();
  router.get('/place/:id/roster-template.:format', signedIn, async (req, res) => {
    const format = req.params.format;
    const view = await viewRoster(options.repos, { viewer: req.viewer!, placeId: String(req.params.id) });
    if (!view.ok) return render(req, res, 'error', { error: view.reason }, view.reason === 'unknown_place' ? 404 : 403);
    if (format !== 'csv' && format !== 'xlsx') return render(req, res, 'error', { error: 'not_found' }, 404);
    const rows = exampleRows(view.place._id);
    const name = `danh-sach-mau-${view.place._id}.${format}`;
    if (format === 'csv') return void res.type('text/csv; charset=utf-8').attachment(name).send(`\uFEFF${[ROSTER_COLUMNS, ...rows].map(csvLine).join('\r\n')}\r\n`);
    const file = await options.xlsx({
      creator: 'Loa',
      created: options.clock.now(),
      sheets: [
        {
          name: 'Danh sách',
          columns: ROSTER_COLUMNS.map((key) => ({ key, header: key, width: key === 'name' ? 24 : 14 })),
          rows: rows.map((r) => Object.fromEntries(ROSTER_COLUMNS.map((key, i) => [key, r[i]]))),
          freezeHeader: true,
        },
      ],
    });
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(name).send(file);
  });
  return router;
}
