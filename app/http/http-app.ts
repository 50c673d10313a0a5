import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import type { Logger } from '../../core/logger';
import { StoreUnavailableError } from '../../core/ports/store-errors';
import type { Storage } from '../../core/ports/storage';

/** Adds a door's routes (SMS, Telegram, Zalo, Android gateway, web pages) with its own body parser. */
export type MountFn = (app: Express) => void;

export interface HttpAppOptions {
  logger: Logger;
  /** `/readyz` pings it. */
  store: Pick<Storage, 'ping'>;
  /** Mounted in order, before the 404 handler. No global body parser runs: each route parses its own body. */
  mount?: MountFn[];
  /** `/readyz` gives up on a store that does not answer in time. */
  readyTimeoutMs?: number;
  /** Express's `trust proxy` (`TRUST_PROXY`): the proxies whose `X-Forwarded-For` gives `req.ip`; none when absent. */
  trustProxy?: false | number | string[];
}

/**
 * How long a provider should wait before retrying a request the store could
 * not take. One value for every door: the store comes back for all of them at once.
 */
export const STORE_RETRY_AFTER_SECONDS = 10;

/**
 * The service's one Express app, built without listening (tests and the
 * bench drive it directly). Unknown routes 404; no error answer ever carries
 * a stack trace.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const log = options.logger.child({ component: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy ?? false);

  /** Both checks ask the store; a store that cannot write (a full disk) makes the container unhealthy, not "ok". */
  const storeCheck = (failure: string, message: string) => async (_req: Request, res: Response) => {
    try {
      await withTimeout(options.store.ping(), options.readyTimeoutMs ?? 2_000);
      res.status(200).type('text/plain').send('ok');
    } catch (error) {
      log.warn({ err: error }, message);
      res.status(503).type('text/plain').send(failure);
    }
  };
  app.get('/healthz', storeCheck('store cannot write', 'health check failed: the store cannot serve or write'));
  app.get('/readyz', storeCheck('store unavailable', 'readiness check failed: store unreachable'));

  for (const mount of options.mount ?? []) mount(app);

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  app.use(errorHandler(log));
  return app;
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof StoreUnavailableError) {
      // Not acknowledged: the provider (Twilio, the gateway app, Telegram, Zalo) retries the same message id.
      log.error({ err: error, method: req.method, path: req.path }, 'store unavailable, request not acknowledged');
      res.set('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      return void res.status(503).type('text/plain').send('Store unavailable, retry later');
    }
    const status = httpStatusOf(error);
    if (status >= 500) log.error({ err: error, method: req.method, path: req.path }, 'request failed');
    else log.warn({ status, method: req.method, path: req.path, type: errorType(error) }, 'request refused');
    res.status(status).type('text/plain').send(status >= 500 ? 'Internal error' : clientMessage(status));
  };
}

/** Body-parser and http-errors set `status` on client errors; anything else is ours. */
function httpStatusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null) {
    const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 600) return status;
  }
  return 500;
}

function errorType(error: unknown): string | undefined {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

function clientMessage(status: number): string {
  switch (status) {
    case 413:
      return 'Payload too large';
    case 415:
      return 'Unsupported media type';
    case 404:
      return 'Not found';
    default:
      return 'Bad request';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
