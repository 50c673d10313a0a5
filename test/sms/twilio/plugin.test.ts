import pino from 'pino';
import { parseConfig } from '../../../app/config';
import { silentLogger } from '../../../core/logger';
import { openEmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { createHttpApp } from '../../../app/http/http-app';
import { logSmsStartup, smsWebhookOptionsFromConfig, twilioSenderFromConfig } from '../../../sms/twilio/plugin';
import { listenHttp } from '../../../app/http/listen';

const deps = { handleInbound: async () => ({ reply: null, lng: 'vi' as const, person: null, duplicate: false }), render: () => '' };

function captureLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

describe('SMS wiring from the environment', () => {
  it('builds no Twilio sender until account, token and a sender number are all set', () => {
    expect(twilioSenderFromConfig(parseConfig({ TWILIO_AUTH_TOKEN: 't' }), silentLogger)).toBeNull();
    expect(twilioSenderFromConfig(parseConfig({ TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't' }), silentLogger)).toBeNull();
    const sender = twilioSenderFromConfig(parseConfig({ TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+84900000000' }), silentLogger);
    expect(sender?.channel).toBe('sms');
  });

  it('passes token, public URL and unsigned flag to the webhook', () => {
    const options = smsWebhookOptionsFromConfig(
      parseConfig({ TWILIO_AUTH_TOKEN: 'tok', PUBLIC_URL: 'https://loa.example.org' }),
      deps,
    );
    expect(options).toMatchObject({ authToken: 'tok', publicUrl: 'https://loa.example.org', allowUnsigned: false });
  });

  it('says at start-up how to switch SMS on when the token is missing', () => {
    const { logger, lines } = captureLogger();
    logSmsStartup(parseConfig({}), logger);
    expect(lines.some((l) => /set TWILIO_AUTH_TOKEN and PUBLIC_URL/.test(l.msg))).toBe(true);
  });

  it('warns loudly at start-up when unsigned requests are allowed', () => {
    const { logger, lines } = captureLogger();
    logSmsStartup(parseConfig({ SMS_ALLOW_UNSIGNED: 'true' }), logger);
    expect(lines.some((l) => l.level === 40 && /UNSIGNED/.test(l.msg))).toBe(true);
  });
});

describe('listenHttp', () => {
  it('serves the app on the given port and closes cleanly', async () => {
    const store = openEmbeddedStore();
    const running = await listenHttp(createHttpApp({ logger: silentLogger, store }), { port: 0, host: '127.0.0.1', logger: silentLogger });
    const res = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(await res.text()).toBe('ok');
    await running.close();
    await expect(fetch(`http://127.0.0.1:${running.port}/healthz`)).rejects.toThrow();
  });
});
