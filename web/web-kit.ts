import path from 'node:path';
import type { ReportDocumentWriter } from '../core/report/report-document';
import { Eta } from 'eta';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { i18n as I18n } from 'i18next';
import type { GridChartRenderer } from '../core/charts/chart-renderer';
import type { Clock } from '../core/clock';
import type { Language, Person } from '../core/domain/people';
import type { Channel } from '../core/domain/session-log';
import type { IndicatorEngine } from '../core/indicators/engine';
import type { Logger } from '../core/logger';
import type { XlsxWriter } from '../core/officer/workbook';
import { createTexts, type Texts } from '../core/wording/texts';
import type { Repositories, UseCaseContext } from '../core/usecases/context';
import type { OneTimeCodes } from '../core/usecases/one-time-codes';
import { WebSessions, type WebSessionsRepo } from './sessions';
import type { RosterFileReader } from '../core/roster/roster-file';

export const VIEWS_DIR = path.join(__dirname, 'views');
export const STATIC_DIR = path.join(__dirname, 'static');
export const SESSION_COOKIE = 'loa_session';
export const BROWSER_COOKIE = 'loa_browser';

export interface WebOptions {
  /** Sign-in sessions and the CSRF secret (`storage.doors.webSessions`). */
  sessionStore: WebSessionsRepo;
  repos: Pick<Repositories, 'places' | 'people' | 'logs' | 'plans' | 'counters' | 'claims'>;
  /** The core's use-case context: the logs page logs and repairs through the same use-cases as TT, HUY and SUA. */
  useCases: UseCaseContext;
  engine: IndicatorEngine;
  /** The one-time code use-case: the code goes out through the person's own door. */
  codes: OneTimeCodes;
  i18n: I18n;
  /** The grid as SVG/PNG (`adapters/charts/echarts-grid.ts` in the service), given by the composition root as the core's is. */
  charts: GridChartRenderer;
  /** The `XUAT` workbook's writer (`adapters/office/exceljs-writer.ts` in the service). */
  xlsx: XlsxWriter;
  /** The BAOCAO draft's writer (`adapters/office/docx-report-writer.ts`); without it the page's report button answers 503. */
  docx?: ReportDocumentWriter;
  /** Reads an uploaded roster (.csv, or .xlsx with exceljs's streaming reader in adapters/office/). */
  rosterFile: RosterFileReader;
  clock: Clock;
  logger: Logger;
  /** Secure cookies (`__Host-` prefix) and HSTS: on in production, where Loa sits behind HTTPS. */
  secure: boolean;
  /** How long a sign-in lasts (default 12 h). */
  sessionHours?: number;
  /** Sign-in attempts per client address per 15-minute window (default 20), counted in the store. */
  loginsPerAddress?: number;
  /** The doors that send (from the composition root): the roster says who each one reaches; none given, nobody is reachable. */
  doors?: readonly Channel[];
  /** Every channel a log can carry (the registered doors' names, from the composition root): the logs page filters by them. */
  channels?: readonly Channel[];
}

declare module 'express-serve-static-core' {
  interface Request {
    viewer?: Person;
  }
}

/** What every page's router shares: rendering in the viewer's language, the sign-in check, the CSRF check. */
export interface WebKit {
  options: WebOptions;
  log: Logger;
  sessions: WebSessions;
  cookieBase: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/' };
  lngOf(req: Request): Language;
  texts(req: Request): Texts;
  render(req: Request, res: Response, view: string, data: Record<string, unknown>, status?: number): void;
  /** Lets the request through with `req.viewer` set, or sends the browser to the sign-in page. */
  signedIn: RequestHandler;
  csrfProtection: RequestHandler;
}

export function createWebKit(options: WebOptions, csrf: { protection: RequestHandler; token(req: Request, res: Response): string }): WebKit {
  const log = options.logger.child({ component: 'web' });
  const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true });
  const sessions = new WebSessions(options.sessionStore, options.repos.people, (options.sessionHours ?? 12) * 3_600_000);
  const cookieBase = { httpOnly: true as const, sameSite: 'lax' as const, secure: options.secure, path: '/' as const };
  const lngOf = (req: Request): Language => req.viewer?.lng ?? 'vi';

  const render = (req: Request, res: Response, view: string, data: Record<string, unknown>, status = 200): void => {
    const lng = lngOf(req);
    const t = (key: string, values: Record<string, unknown> = {}): string => options.i18n.t(`web:${key}`, { ...values, lng } as Record<string, unknown>) as string;
    res
      .status(status)
      .type('html')
      .send(eta.render(view, { ...data, t, lng, viewer: req.viewer ?? null, csrf: csrf.token(req, res) }));
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

  return {
    options,
    log,
    sessions,
    cookieBase,
    lngOf,
    texts: (req) => createTexts(options.i18n, lngOf(req)),
    render,
    signedIn,
    csrfProtection: csrf.protection,
  };
}
