/**
 * The logging port: what the core and the doors call. The one implementation is
 * pino (adapters/log/pino-logger.ts), chosen by the composition root; the core
 * names no logging library, so a test can pass {@link silentLogger} or a recorder.
 *
 * Never log a message body, a one-time code, a secret or a full phone number:
 * log `maskPhone(...)` and lengths.
 */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger whose every line carries `bindings` (one per update or request). */
  child(bindings: Record<string, unknown>): Logger;
}

const nothing: LogFn = () => undefined;

/** Writes nothing: for tests and tools that do not want logs. */
export const silentLogger: Logger = { debug: nothing, info: nothing, warn: nothing, error: nothing, child: () => silentLogger };
