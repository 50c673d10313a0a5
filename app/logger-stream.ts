import type { DestinationStream } from 'pino';

/**
 * Where the service's log lines go: pino's own pretty printer when a person
 * watches a terminal (a newcomer's `npm start`), one JSON line each otherwise
 * (a container, a pipe, a file), which is what log collectors read.
 * `LOG_FORMAT=json` or `=pretty` overrides the guess.
 */
export function logStream(output: NodeJS.WriteStream = process.stdout, format = process.env.LOG_FORMAT): DestinationStream | undefined {
  const wantPretty = format === 'pretty' || (format !== 'json' && output.isTTY === true);
  if (!wantPretty) return undefined;
  // Loaded only here: a server logging JSON (a container, a pipe) never holds the pretty printer and its ~30 modules in memory.
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty({ destination: output, sync: true, colorize: output.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' });
}
