import pino from 'pino';

export type Logger = pino.Logger;

/**
 * One pino logger for the process; channels take a child per update/request.
 * Phone numbers and message bodies are redacted at info level by convention:
 * log `maskPhone(...)` and lengths, never raw text.
 */
export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'loa' },
    redact: { paths: ['*.authToken', '*.token', '*.password', 'req.headers.authorization', 'req.headers["x-twilio-signature"]'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger: Logger = pino({ level: 'silent' });
