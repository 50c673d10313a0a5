import { randomBytes } from 'node:crypto';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import { Eta } from 'eta';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import multer from 'multer';
import type { i18n as I18n } from 'i18next';
import type { Clock } from '../core/clock';
import { isStaff, type Language, type Person } from '../core/domain/people';
import { maskPhone, normalizePhone } from '../core/domain/phone';
import type { IndicatorEngine } from '../core/indicators/engine';
import type { Logger } from '../core/logger';
import { buildExport, XLSX_MIME } from '../core/officer/export-xlsx';
import { createTexts } from '../core/officer/texts';
import { renderReply } from '../core/i18n/render';
import { localDate } from '../core/periods';
import { loadDashboard, parsePeriod, type DashboardResult } from '../core/usecases/dashboard';
import type { Repositories, UseCaseContext } from '../core/usecases/context';
import { listLogs, parseLogFilters, repairLog } from '../core/usecases/log-table';
import { uploadRoster, viewRoster, type RosterUploadResult } from '../core/usecases/roster-upload';
import type { LogChanges } from '../core/language/commands';
import { FORM_CODES, type FormCode } from '../core/domain/vocabulary-codes';
import { CHANNELS } from '../core/domain/session-log';
import { logsModel } from './logs-model';
import { gridPng, gridSvg } from '../core/charts/grid-chart';
import { createRateLimiter } from '../sms/rate-limiter';
import type { OneTimeCodes } from '../core/usecases/one-time-codes';
import { pageModel } from './page-model';
import { chartTexts } from '../core/charts/grid-picture';
import { WebSessions, type WebSessionsRepo } from './sessions';

const localDateOf = (options: WebOptions): string => localDate(options.clock.now(), options.engine.timeZone);

export const VIEWS_DIR = path.join(__dirname, 'views');
export const STATIC_DIR = path.join(__dirname, 'static');

export interface WebOptions {
  /** Sign-in sessions and the CSRF secret (`storage.doors.webSessions`). */
  sessionStore: WebSessionsRepo;
  repos: Pick<Repositories, 'places' | 'people' | 'logs'>;
  /** The core's use-case context: the logs page repairs logs through the same use-cases as HUY and SUA. */
  useCases: UseCaseContext;
  engine: IndicatorEngine;
  /** The one-time code use-case: the code goes out through the person's own door. */
  codes: OneTimeCodes;
  i18n: I18n;
  clock: Clock;
  logger: Logger;
  /** Secure cookies (`__Host-` prefix) and HSTS: on in production, where Loa sits behind HTTPS. */
  secure: boolean;
  /** How long a sign-in lasts (default 12 h). */
  sessionHours?: number;
  /** Sign-in attempts per address per 15 minutes (default 20). */
  loginsPerAddress?: number;
}

const SESSION_COOKIE = 'loa_session';
const BROWSER_COOKIE = 'loa_browser';

declare module 'express-serve-static-core' {
  interface Request {
    viewer?: Person;
  }
}

/**
 * The officers' and admins' web pages, on the service's one Express app:
 * server-rendered, no script at all (so the CSP forbids every script), every
 * form CSRF-protected, every figure from the indicator engine through
 * `loadDashboard`, which also does the role scoping.
 */
export function mountWeb(app: Express, options: WebOptions): void {
  const log = options.logger.child({ component: 'web' });
  const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true });
  const sessions = new WebSessions(options.sessionStore, options.repos.people, (options.sessionHours ?? 12) * 3_600_000);
  const perAddress = createRateLimiter({ limit: options.loginsPerAddress ?? 20, windowMs: 15 * 60_000, clock: options.clock });
  // One CSRF secret for every Loa process on the store (kept there), so a form served by one is accepted by another and after a restart.
  let secret: string | null = null;
  const loadSecret = async (): Promise<string> => {
    return options.sessionStore.secret('csrf', () => randomBytes(32).toString('hex'));
  };
  const cookieBase = { httpOnly: true, sameSite: 'lax' as const, secure: options.secure, path: '/' };
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => {
      if (!secret) throw new Error('web CSRF secret not loaded yet');
      return secret;
    },
    getSessionIdentifier: (req) => String(req.cookies?.[BROWSER_COOKIE] ?? ''),
    cookieName: options.secure ? '__Host-loa.csrf' : 'loa_csrf',
    cookieOptions: { sameSite: 'strict', secure: options.secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });

  const router = express.Router();
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      strictTransportSecurity: options.secure,
    }),
  );
  router.use('/static', express.static(STATIC_DIR, { maxAge: '1d', index: false }));
  router.use(async (_req, _res, next) => {
    secret ??= await loadSecret();
    next();
  });
  router.use(cookieParser());
  router.use(express.urlencoded({ extended: false, limit: '10kb' }));
  // A random id per browser: the CSRF token is bound to it and the one-time code is issued to it.
  router.use((req, res, next) => {
    if (typeof req.cookies[BROWSER_COOKIE] !== 'string' || !/^[A-Za-z0-9_-]{20,60}$/.test(req.cookies[BROWSER_COOKIE])) {
      const id = randomBytes(18).toString('base64url');
      req.cookies[BROWSER_COOKIE] = id;
      res.cookie(BROWSER_COOKIE, id, { ...cookieBase, maxAge: 30 * 86_400_000 });
    }
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // A multipart form (the roster upload) has its fields read by multer first; its CSRF check runs right after, on that route only.
  const ROSTER_UPLOAD = /^\/place\/[a-z0-9._-]+\/roster$/;
  router.use((req, res, next) => (req.method === 'POST' && ROSTER_UPLOAD.test(req.path) && req.is('multipart/form-data') ? next() : doubleCsrfProtection(req, res, next)));
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 1_000_000, files: 1, fields: 5 } });

  const lngOf = (req: Request): Language => req.viewer?.lng ?? 'vi';
  const render = (req: Request, res: Response, view: string, data: Record<string, unknown>, status = 200): void => {
    const lng = lngOf(req);
    const t = (key: string, values: Record<string, unknown> = {}): string => options.i18n.t(`web:${key}`, { ...values, lng } as Record<string, unknown>) as string;
    res
      .status(status)
      .type('html')
      .send(eta.render(view, { ...data, t, lng, viewer: req.viewer ?? null, csrf: generateCsrfToken(req, res) }));
  };

  async function signedIn(req: Request, res: Response, next: NextFunction): Promise<void> {
    const found = await sessions.lookup(req.cookies[SESSION_COOKIE], options.clock.now());
    if (!found.ok) {
      if (found.reason !== 'none') res.clearCookie(SESSION_COOKIE, cookieBase);
      if (found.reason === 'revoked') log.info('web session revoked: the person left the roster or is no longer an officer');
      return res.redirect(303, `/web/login${found.reason === 'none' ? '' : `?ended=${found.reason}`}`);
    }
    req.viewer = found.person;
    next();
  }

  router.get('/', signedIn, (req, res) => {
    res.redirect(303, `/web/place/${encodeURIComponent(req.viewer!.role.placeId)}`);
  });

  router.get('/login', (req, res) => {
    const ended = req.query.ended === 'expired' || req.query.ended === 'revoked' ? req.query.ended : null;
    render(req, res, 'login', { step: 'phone', phone: '', error: ended ? `ended_${ended}` : null });
  });

  router.post('/login', async (req, res) => {
    const phoneText = String(req.body.phone ?? '').slice(0, 40);
    const address = req.ip ?? 'unknown';
    const phone = normalizePhone(phoneText);
    const masked = phone.ok ? maskPhone(phone.e164) : 'invalid';
    if (!perAddress.take(address).ok) {
      log.warn({ phone: masked, outcome: 'rate_limited_address' }, 'web sign-in attempt');
      return render(req, res, 'login', { step: 'phone', phone: phoneText, error: 'rate_limited' }, 429);
    }
    if (!phone.ok) {
      log.info({ phone: masked, outcome: 'invalid_phone' }, 'web sign-in attempt');
      return render(req, res, 'login', { step: 'phone', phone: phoneText, error: 'invalid_phone' }, 400);
    }
    const person = await options.repos.people.findByPhone(phone.e164);
    if (person && person.role.kind === 'collaborator') {
      log.info({ phone: masked, outcome: 'collaborator' }, 'web sign-in attempt');
      return render(req, res, 'login', { step: 'phone', phone: phoneText, error: 'collaborator' }, 403);
    }
    const issued = await options.codes.issueCode({ phone: phone.e164, purpose: 'web-login', requester: req.cookies[BROWSER_COOKIE], now: options.clock.now() });
    log.info({ phone: masked, outcome: issued.ok ? 'code_sent' : issued.reason, ...(issued.ok ? { via: issued.via } : {}) }, 'web sign-in attempt');
    if (!issued.ok) return render(req, res, 'login', { step: 'phone', phone: phoneText, error: issued.reason }, issued.reason === 'rate_limited' ? 429 : 400);
    render(req, res, 'login', { step: 'code', phone: phone.e164, via: issued.via, error: null });
  });

  router.post('/login/code', async (req, res) => {
    const phoneText = String(req.body.phone ?? '').slice(0, 40);
    const phone = normalizePhone(phoneText);
    const masked = phone.ok ? maskPhone(phone.e164) : 'invalid';
    if (!phone.ok) return res.redirect(303, '/web/login');
    const now = options.clock.now();
    const verified = await options.codes.verifyCode({
      purpose: 'web-login',
      requester: req.cookies[BROWSER_COOKIE],
      code: String(req.body.code ?? '').slice(0, 20),
      now,
      target: { phone: phone.e164 },
    });
    if (!verified.ok) {
      log.info({ phone: masked, outcome: `code_${verified.reason}` }, 'web sign-in attempt');
      const step = verified.reason === 'wrong' && verified.triesLeft > 0 ? 'code' : 'phone';
      return render(req, res, 'login', { step, phone: phone.e164, via: null, error: `code_${verified.reason}`, triesLeft: verified.reason === 'wrong' ? verified.triesLeft : 0 }, 400);
    }
    if (!isStaff(verified.person)) {
      return render(req, res, 'login', { step: 'phone', phone: '', error: 'collaborator' }, 403);
    }
    const session = await sessions.create(verified.person._id, now);
    log.info({ phone: masked, person: verified.person._id, outcome: 'signed_in' }, 'web sign-in attempt');
    res.cookie(SESSION_COOKIE, session.token, { ...cookieBase, maxAge: session.expiresAt.getTime() - now.getTime() });
    res.redirect(303, '/web');
  });

  router.post('/logout', async (req, res) => {
    await sessions.revoke(req.cookies[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, cookieBase);
    res.redirect(303, '/web/login');
  });

  async function dashboard(req: Request, res: Response): Promise<Extract<DashboardResult, { ok: true }> | null> {
    const period = typeof req.query.p === 'string' ? parsePeriod(req.query.p) : null;
    const result = await loadDashboard({ engine: options.engine, repos: options.repos }, { viewer: req.viewer!, placeId: String(req.params.id), period, now: options.clock.now() });
    if (result.ok) return result;
    const status = result.reason === 'forbidden' || result.reason === 'not_staff' ? 403 : result.reason === 'bad_period' ? 400 : 404;
    if (result.reason === 'forbidden') log.warn({ person: req.viewer!._id, place: String(req.params.id) }, 'web: place outside the viewer\'s scope refused');
    render(req, res, 'error', { error: result.reason }, status);
    return null;
  }

  router.get('/place/:id', signedIn, async (req, res) => {
    const result = await dashboard(req, res);
    if (!result) return;
    const texts = createTexts(options.i18n, lngOf(req));
    render(req, res, 'place', pageModel(texts, result, options.clock.now(), options.engine.timeZone));
  });

  router.get('/place/:id/grid.:format', signedIn, async (req, res) => {
    const format = req.params.format;
    if (format !== 'svg' && format !== 'png') return render(req, res, 'error', { error: 'unknown_place' }, 404);
    const result = await dashboard(req, res);
    if (!result) return;
    const texts = chartTexts(createTexts(options.i18n, lngOf(req)), result.breadcrumb.at(-1)!.name, result.grid.kind);
    if (format === 'svg') res.type('image/svg+xml').send(gridSvg(result.grid, texts));
    else res.type('image/png').send(gridPng(result.grid, texts));
  });

  router.get('/place/:id/export.xlsx', signedIn, async (req, res) => {
    const result = await dashboard(req, res);
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
    });
    res
      .type(XLSX_MIME)
      .attachment(`loa-${root._id}-${report.snapshot.period.key}.xlsx`)
      .send(file.buffer);
  });

  router.get('/place/:id/logs', signedIn, async (req, res) => {
    const filters = parseLogFilters(req.query as Record<string, unknown>);
    const result = await listLogs(options.repos, { viewer: req.viewer!, placeId: String(req.params.id), filters });
    if (!result.ok) return render(req, res, 'error', { error: result.reason }, result.reason === 'unknown_place' ? 404 : 403);
    const notice = typeof req.query.notice === 'string' ? req.query.notice.slice(0, 400) : null;
    render(req, res, 'logs', { ...logsModel(createTexts(options.i18n, lngOf(req)), result, filters, req.viewer!), notice, channels: CHANNELS });
  });

  router.post('/logs/:logId/:action', signedIn, async (req, res) => {
    const action = req.params.action;
    const back = typeof req.body.back === 'string' && /^\/web\/place\/[a-z0-9._-]+\/logs(\?[^\s]*)?$/.test(req.body.back) ? req.body.back : '/web';
    if (action !== 'cancel' && action !== 'correct') return render(req, res, 'error', { error: 'unknown_place' }, 404);
    let result;
    if (action === 'cancel') result = await repairLog(options.useCases, { viewer: req.viewer!, logId: String(req.params.logId), action });
    else {
      const changes: LogChanges = {};
      const participants = Number(req.body.participants);
      if (req.body.participants !== undefined && req.body.participants !== '') {
        if (!Number.isInteger(participants) || participants < 1 || participants > 10_000) return render(req, res, 'error', { error: 'bad_value' }, 400);
        changes.participants = participants;
      }
      if (typeof req.body.form === 'string' && req.body.form !== '') {
        if (!(FORM_CODES as readonly string[]).includes(req.body.form)) return render(req, res, 'error', { error: 'bad_value' }, 400);
        changes.form = req.body.form as FormCode;
      }
      if (typeof req.body.date === 'string' && req.body.date !== '') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(req.body.date) || req.body.date > localDateOf(options)) return render(req, res, 'error', { error: 'bad_value' }, 400);
        changes.date = req.body.date;
      }
      result = await repairLog(options.useCases, { viewer: req.viewer!, logId: String(req.params.logId), action, changes });
    }
    if (!result.ok) return render(req, res, 'error', { error: result.reason === 'forbidden' ? 'forbidden' : 'unknown_log' }, result.reason === 'forbidden' ? 403 : 404);
    log.info({ person: req.viewer!._id, log: String(req.params.logId), action }, 'web: log repaired');
    const notice = renderReply(options.i18n, result.reply, lngOf(req), 'full');
    res.redirect(303, `${back}${back.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}`);
  });

  async function rosterPage(req: Request, res: Response, result: RosterUploadResult | null, status = 200): Promise<void> {
    const view = await viewRoster(options.repos, { viewer: req.viewer!, placeId: String(req.params.id) });
    if (!view.ok) return render(req, res, 'error', { error: view.reason }, view.reason === 'unknown_place' ? 404 : 403);
    const names = new Map(view.places.map((p) => [p._id, p.name]));
    const texts = createTexts(options.i18n, lngOf(req));
    render(
      req,
      res,
      'roster',
      {
        title: texts.t('web:roster.title', { place: view.place.name }),
        place: { id: view.place._id, name: view.place.name },
        places: view.places.map((p) => ({ id: p._id, name: p.name })),
        people: view.people.map((p) => ({ ...p, place: names.get(p.placeId) ?? view.place.name })),
        result,
      },
      status,
    );
  }

  router.get('/place/:id/roster', signedIn, (req, res) => rosterPage(req, res, null));

  router.post('/place/:id/roster', signedIn, upload.single('file'), doubleCsrfProtection, async (req, res) => {
    const view = await viewRoster(options.repos, { viewer: req.viewer!, placeId: String(req.params.id) });
    if (!view.ok) return render(req, res, 'error', { error: view.reason }, view.reason === 'unknown_place' ? 404 : 403);
    const file = req.file;
    if (!file) return render(req, res, 'error', { error: 'upload' }, 400);
    const result = await uploadRoster(options.repos, { viewer: req.viewer!, csv: file.buffer.toString('utf8'), now: options.clock.now() });
    if (!result.ok && 'reason' in result) return render(req, res, 'error', { error: result.reason }, 403);
    log.info({ person: req.viewer!._id, ok: result.ok, ...(result.ok ? { places: result.places, people: result.people } : { problems: result.problems.length }) }, 'web: roster upload');
    await rosterPage(req, res, result, result.ok ? 200 : 400);
  });

  app.get('/', (_req, res) => res.redirect(303, '/web'));
  app.use('/web', router);
  // A missing or wrong CSRF token is a refused form, shown as a page rather than the plain 400.
  app.use('/web', ((error, req, res, next) => {
    if (error instanceof multer.MulterError) return render(req, res, 'error', { error: 'upload' }, 400);
    if (error && (error as { code?: string }).code === 'EBADCSRFTOKEN') {
      log.warn({ path: req.path }, 'web form refused: missing or wrong CSRF token');
      return render(req, res, 'error', { error: 'csrf' }, 403);
    }
    next(error);
  }) as express.ErrorRequestHandler);
}
