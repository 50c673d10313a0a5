import express, { type Request, type Response, type Router } from 'express';
import { chartTexts } from '../core/charts/grid-picture';
import { buildExport, XLSX_MIME } from '../core/officer/export-xlsx';
import { createTexts, type Texts } from '../core/wording/texts';
import { labelOf } from '../core/wording/replies';
import { loadDashboard, parsePeriod, type DashboardPeriod, type DashboardResult } from '../core/usecases/dashboard';
import { setDenominator } from '../core/usecases/plan-denominators';
import { pageModel } from './page-model';
import { attachmentHeader } from '../core/content-disposition';
import { draftReport } from '../core/report/draft-report';
import { DOCX_MIME } from '../core/report/report-document';
import { noticeRefOf, withNotice } from './notices';
import type { WebKit } from './web-kit';

const DENOMINATOR_PROBLEMS: readonly string[] = ['bad_value', 'no_plan', 'no_target', 'no_denominator'];

/** Why the page shows another period than the one in `?p=` (its notice's key under `web:period`). */
type PeriodProblem = 'period_unreadable' | 'period_not_begun';

type Loaded = Extract<DashboardResult, { ok: true }> & { periodProblem: PeriodProblem | null };

/** The saved-denominator notice, worded from the plan as the page loaded it (a plan or target not on this page announces nothing). */
function denominatorNotice(texts: Texts, req: Request, result: Extract<DashboardResult, { ok: true }>): string | null {
  const ref = noticeRefOf(req);
  if (ref?.key !== 'denominator_saved') return null;
  const target = result.report.plans.find((p) => p.plan.id === ref.plan)?.targets.find((t) => t.target.id === ref.target);
  if (!target || !('denominator' in target.target) || target.target.denominator === undefined) return null;
  return texts.t('web:denominators.saved', { value: target.target.denominator, target: labelOf(texts, target).label });
}

/**
 * The place's figures for the period in `?p=`. A period that cannot be read, or
 * has not begun, is never replaced silently: a download is refused (400); the
 * page (`page`) shows the default period with a notice saying so (also 400).
 */
async function dashboard(kit: WebKit, req: Request, res: Response, page = false): Promise<Loaded | null> {
  const { options, log, render } = kit;
  const raw = req.query.p;
  const period = typeof raw === 'string' ? parsePeriod(raw) : null;
  let problem: PeriodProblem | null = raw !== undefined && period === null ? 'period_unreadable' : null;
  if (problem && !page) {
    render(req, res, 'error', { error: problem }, 400);
    return null;
  }
  const load = (p: DashboardPeriod | null) =>
    loadDashboard({ engine: options.engine, repos: options.repos }, { viewer: req.viewer!, placeId: String(req.params.id), period: p, now: options.clock.now() });
  let result = await load(period);
  if (!result.ok && result.reason === 'bad_period' && page) {
    problem = 'period_not_begun';
    result = await load(null);
  }
  if (result.ok) return { ...result, periodProblem: problem };
  const status = result.reason === 'forbidden' || result.reason === 'not_staff' ? 403 : result.reason === 'bad_period' ? 400 : 404;
  if (result.reason === 'forbidden') log.warn({ person: req.viewer!._id, place: String(req.params.id) }, "web: place outside the viewer's scope refused");
  render(req, res, 'error', { error: result.reason }, status);
  return null;
}

/**
 * The place page (commune, district or province), its grid as a picture and
 * its `XUAT` workbook. Every figure comes through `loadDashboard`, which also
 * scopes the viewer.
 */
export function placeRoutes(kit: WebKit): Router {
  const { options, log, render, signedIn } = kit;
  const router = express.Router();

  router.get('/', signedIn, (req, res) => {
    res.redirect(303, `/web/place/${encodeURIComponent(req.viewer!.role.placeId)}`);
  });

  router.get('/place/:id', signedIn, async (req, res) => {
    const result = await dashboard(kit, req, res, true);
    if (!result) return;
    const texts = kit.texts(req);
    const model = pageModel(texts, result, options.clock.now(), options.engine.timeZone);
    // A refused denominator comes back as its reason's code, never as text a link could put on the page; nor is a bad period echoed.
    const denominator = typeof req.query.problem === 'string' && DENOMINATOR_PROBLEMS.includes(req.query.problem) ? texts.t(`web:denominators.${req.query.problem}`) : null;
    const period = result.periodProblem ? texts.t(`web:period.${result.periodProblem}`, { period: model.periodLabel }) : null;
    render(req, res, 'place', { ...model, notice: denominatorNotice(texts, req, result), problem: period ?? denominator }, period ? 400 : 200);
  });

  router.post('/place/:id/denominator', signedIn, async (req, res) => {
    const placeId = String(req.params.id);
    const period = typeof req.body.p === 'string' && parsePeriod(req.body.p) ? `p=${encodeURIComponent(req.body.p)}&` : '';
    const back = `/web/place/${encodeURIComponent(placeId)}?${period}`.replace(/[?&]$/, '');
    const raw = String(req.body.value ?? '').trim();
    const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    const result = await setDenominator({ plans: options.repos.plans, places: options.repos.places }, { viewer: req.viewer!, planId: String(req.body.planId ?? ''), targetId: String(req.body.targetId ?? ''), value, now: options.clock.now() });
    const texts = kit.texts(req);
    if (!result.ok) {
      if (result.reason === 'forbidden' || result.reason === 'not_staff') return render(req, res, 'error', { error: 'forbidden' }, 403);
      return res.redirect(303, `${back}${back.includes('?') ? '&' : '?'}problem=${result.reason}#denominators-section`);
    }
    log.info({ person: req.viewer!._id, plan: result.plan.id, target: result.targetId, value: result.value }, 'web: denominator entered');
    res.redirect(303, `${withNotice(back, { key: 'denominator_saved', plan: result.plan.id, target: result.targetId })}#denominators-section`);
  });

  router.get('/place/:id/grid.:format', signedIn, async (req, res) => {
    const format = req.params.format;
    if (format !== 'svg' && format !== 'png') return render(req, res, 'error', { error: 'unknown_place' }, 404);
    const result = await dashboard(kit, req, res);
    if (!result) return;
    const texts = chartTexts(kit.texts(req), result.breadcrumb.at(-1)!.name, result.grid.kind);
    if (format === 'svg') res.type('image/svg+xml').send(options.charts.svg(result.grid, texts));
    else res.type('image/png').send(options.charts.png(result.grid, texts));
  });

  router.get('/place/:id/report.docx', signedIn, async (req, res) => {
    const result = await dashboard(kit, req, res);
    if (result) await sendReportDraft(kit, result, req, res);
  });

  router.get('/place/:id/export.xlsx', signedIn, async (req, res) => {
    const result = await dashboard(kit, req, res);
    if (!result) return;
    const { report } = result;
    const root = report.data.tree.root;
    const file = await buildExport({
      repos: options.repos,
      texts: createTexts(options.i18n, 'vi'),
      root,
      snapshot: report.snapshot,
      plans: report.plans,
      places: report.data.tree.byId,
      writer: options.xlsx,
    });
    res
      .type(XLSX_MIME)
      .attachment(`loa-${root._id}-${report.snapshot.period.key}.xlsx`)
      .send(file.buffer);
  });
  return router;
}

/**
 * BAOCAO from the page (`/place/:id/report.docx`): the same draft as the chat command, for the page's
 * place and period (scoped by `dashboard`), as a download named in Vietnamese with an ASCII fallback.
 */
async function sendReportDraft(kit: WebKit, result: Extract<DashboardResult, { ok: true }>, req: Request, res: Response): Promise<void> {
  const { options, log, render } = kit;
  if (!options.docx) return render(req, res, 'error', { error: 'unavailable' }, 503);
  const draft = await draftReport(
    { engine: options.engine, i18n: options.i18n, writer: options.docx, places: options.repos.places },
    { placeId: result.report.data.tree.root._id, period: result.period, now: options.clock.now() },
  );
  if (!draft.ok) return render(req, res, 'error', { error: 'unknown_place' }, 404);
  log.info({ person: req.viewer!._id, place: draft.figures.root._id, period: draft.figures.period.key }, 'web: report draft downloaded');
  res.type(DOCX_MIME).setHeader('content-disposition', attachmentHeader(draft.document.fileName, draft.document.asciiFileName));
  res.send(draft.buffer);
}
