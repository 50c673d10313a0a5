import { PassThrough } from 'node:stream';
import { createLogger } from '../../adapters/log/pino-logger';
import { logStream } from '../../app/logger-stream';

/** A stand-in for stdout that says whether a person watches it. */
function output(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean };
  stream.isTTY = isTTY;
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('the service log on a terminal and elsewhere', () => {
  it('is human-readable on a terminal: the level and message in words, no JSON', () => {
    const out = output(true);
    createLogger('info', logStream(out.stream, undefined)).info({ port: 3000 }, 'Loa listening');
    expect(out.text()).toMatch(/INFO.*Loa listening/);
    expect(out.text().replace(/\u001b\[\d+m/g, '')).toContain('port: 3000');
    expect(out.text()).not.toContain('{"level"');
  });

  it('stays one JSON line per entry when stdout is not a terminal, or LOG_FORMAT=json says so', () => {
    expect(logStream(output(false).stream, undefined)).toBeUndefined();
    expect(logStream(output(true).stream, 'json')).toBeUndefined();
  });
});
