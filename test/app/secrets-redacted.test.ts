import { Writable } from 'node:stream';
import { createLogger, REDACT_PATHS } from '../../adapters/log/pino-logger';
import { SECRET_SETTINGS } from '../../app/config';

/** The logger keeps its own list of secret names (an adapter reads no app config): this keeps the two in step. */
describe('the logger and the config', () => {
  it('redacts every setting the config calls a secret, at the top level and one level down', () => {
    for (const name of SECRET_SETTINGS) expect(REDACT_PATHS).toEqual(expect.arrayContaining([name, `*.${name}`]));
  });

  it('writes no secret setting\'s value when a config object is logged by mistake', () => {
    let written = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((written += String(chunk)), done()) });
    const config = Object.fromEntries(SECRET_SETTINGS.map((name) => [name, `value-of-${name}-1234567890`]));
    createLogger('info', sink).info({ config }, 'start');
    for (const name of SECRET_SETTINGS) expect(written).not.toContain(`value-of-${name}`);
  });
});
