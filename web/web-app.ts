import express, { type Express } from 'express';
import { StoreUnavailableError } from '../core/ports/store-errors';
import { loginRoutes } from './login-routes';
import { logsRoutes } from './logs-routes';
import { placeRoutes } from './place-routes';
import { isUploadError, rosterRoutes } from './roster-routes';
import { rosterTemplateRoutes } from './roster-template';
import { createCsrf, securityRouter } from './security';
import { createWebKit, type WebOptions } from './web-kit';

export { VIEWS_DIR, STATIC_DIR, type WebOptions } from './web-kit';

/**
 * The officers' and admins' web pages, on the service's one Express app:
 * server-rendered, no script at all (so the CSP forbids every script), every
 * form CSRF-protected, every figure from the indicator engine through the
 * use-cases, which also do the role scoping. One router per page.
 */
export function mountWeb(app: Express, options: WebOptions): void {
  const csrf = createCsrf(options.sessionStore, options.secure);
  const kit = createWebKit(options, csrf);
  const router = express.Router();
  router.use(securityRouter({ secure: options.secure, cookieBase: kit.cookieBase }, csrf));
  router.use(loginRoutes(kit), placeRoutes(kit), logsRoutes(kit), rosterRoutes(kit));
  router.use(rosterTemplateRoutes(kit));

  app.get('/', (_req, res) => res.redirect(303, '/web'));
  app.use('/web', router);
  // Any other address under /web: a page in the viewer's language with a way back, not the API's plain `Not found`.
  app.use('/web', (req, res) => kit.render(req, res, 'error', { error: 'not_found' }, 404));
  // A missing or wrong CSRF token is a refused form, shown as a page rather than the plain 400.
  app.use('/web', ((error, req, res, next) => {
    if (isUploadError(error)) return kit.render(req, res, 'error', { error: 'upload' }, 400);
    if (error && (error as { code?: string }).code === 'EBADCSRFTOKEN') {
      kit.log.warn({ path: req.path }, 'web form refused: missing or wrong CSRF token');
      return kit.render(req, res, 'error', { error: 'csrf' }, 403);
    }
    // A fault of ours: logged with its stack (never the body), shown as a page that says what to do.
    if (!res.headersSent && !(error instanceof StoreUnavailableError)) {
      kit.log.error({ err: error, method: req.method, path: req.path }, 'web page failed');
      return kit.render(req, res, 'error', { error: 'server' }, 500);
    }
    next(error);
  }) as express.ErrorRequestHandler);
}
