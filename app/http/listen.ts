import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from '../../core/logger';

export interface RunningHttpServer {
  readonly server: http.Server;
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (their replies acknowledge stored logs), then drops idle sockets. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Twilio waits 15 s at most; a slow client must not hold a socket longer.
 * Node's defaults (300 s per request) would let a few thousand slow-body
 * connections hold the server.
 */
export const HTTP_TIMEOUTS = { requestMs: 20_000, headersMs: 10_000, keepAliveMs: 5_000, checkIntervalMs: 2_000 } as const;

/**
 * Open sockets one client address may hold (`LOA_MAX_CONNECTIONS_PER_ADDRESS`,
 * 0 = no cap): thousands of idle sockets from one or two clients slowed
 * `/healthz` to 2.5 s. Over the cap a new socket is closed at once. Behind a
 * reverse proxy every socket comes from the proxy: raise it there, or cap at the proxy.
 */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;

export function capConnectionsPerAddress(server: http.Server, max: number, logger: Logger): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  let refused = 0;
  let lastReport = 0;
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      refused++;
      socket.destroy();
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        logger.warn({ address, open: max, refusedSinceStart: refused }, 'connection refused: this address holds LOA_MAX_CONNECTIONS_PER_ADDRESS sockets');
      }
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/** Listens on `PORT`/`HOST`; resolves once bound, rejects if the port is taken. */
export function listenHttp(app: Express, options: { port: number; host: string; logger: Logger; maxConnectionsPerAddress?: number }): Promise<RunningHttpServer> {
  return new Promise((resolve, reject) => {
    const server = http.createServer({ connectionsCheckingInterval: HTTP_TIMEOUTS.checkIntervalMs }, app);
    capConnectionsPerAddress(server, options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, options.logger);
    server.requestTimeout = HTTP_TIMEOUTS.requestMs;
    server.headersTimeout = HTTP_TIMEOUTS.headersMs;
    server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveMs;
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      options.logger.info({ host: options.host, port }, 'HTTP server listening');
      resolve({
        server,
        port,
        close: (graceMs = 5_000) =>
          new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
