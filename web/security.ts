import { randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import helmet from 'helmet';
import { BROWSER_COOKIE, STATIC_DIR } from './web-kit';
import type { WebSessionsRepo } from './sessions';

/** A multipart form (the roster upload) has its fields read by multer first; its CSRF check runs right after, on that route only. */
const MULTIPART_ROUTES = /^\/place\/[a-z0-9._-]+\/roster$/;

export interface Csrf {
  protection: RequestHandler;
  token(req: Request, res: Response): string;
}

/**
 * CSRF by double submit (`csrf-csrf`), bound to a per-browser id. One secret
 * for every Loa process on the store (kept there), so a form served by one is
 * accepted by another and after a restart.
 */
export function createCsrf(store: Pick<WebSessionsRepo, 'secret'>, secure: boolean): Csrf & { loadSecret: RequestHandler } {
  let secret: string | null = null;
  const loadSecret = (): Promise<string> => store.secret('csrf', () => randomBytes(32).toString('hex'));
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => {
      if (!secret) throw new Error('web CSRF secret not loaded yet');
      return secret;
    },
    getSessionIdentifier: (req) => String(req.cookies?.[BROWSER_COOKIE] ?? ''),
    cookieName: secure ? '__Host-loa.csrf' : 'loa_csrf',
    cookieOptions: { sameSite: 'strict', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });
  return {
    protection: doubleCsrfProtection,
    token: (req, res) => generateCsrfToken(req, res),
    loadSecret: async (_req, _res, next) => {
      secret ??= await loadSecret();
      next();
    },
  };
}

/**
 * What runs before every page: helmet with a CSP that allows no script at
 * all, the stylesheet, cookies and form bodies, a random id per browser (the
 * CSRF token is bound to it and the one-time code is issued to it), no
 * caching, and the CSRF check of every form.
 */
export function securityRouter(options: { secure: boolean; cookieBase: object }, csrf: ReturnType<typeof createCsrf>): Router {
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
  router.use(csrf.loadSecret);
  router.use(cookieParser());
  router.use(express.urlencoded({ extended: false, limit: '10kb' }));
  router.use((req, res, next) => {
    if (typeof req.cookies[BROWSER_COOKIE] !== 'string' || !/^[A-Za-z0-9_-]{20,60}$/.test(req.cookies[BROWSER_COOKIE])) {
      const id = randomBytes(18).toString('base64url');
      req.cookies[BROWSER_COOKIE] = id;
      res.cookie(BROWSER_COOKIE, id, { ...options.cookieBase, maxAge: 30 * 86_400_000 });
    }
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use((req, res, next) => (req.method === 'POST' && MULTIPART_ROUTES.test(req.path) && req.is('multipart/form-data') ? next() : csrf.protection(req, res, next)));
  return router;
}
