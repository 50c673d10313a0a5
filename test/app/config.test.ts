import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, ConfigSchema, parseConfig, SECRET_SETTINGS } from '../../app/config';

const REPO = path.resolve(__dirname, '..', '..');

/** `.env.example` as the environment a copied file would give (blank values = unset). */
function envExample(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(path.join(REPO, '.env.example'), 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

const STRONG = {
  twilio: 'f'.repeat(32),
  telegram: 'Telegram_webhook_secret_0123456789',
  gateway: 'gateway-signing-key-0123456789',
};

/** A production environment that should start: every door on, every secret strong. */
const GOOD_PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://loa.example.org',
  MONGODB_URI: 'mongodb://mongo:27017/loa?replicaSet=rs0',
  TWILIO_AUTH_TOKEN: STRONG.twilio,
  TELEGRAM_BOT_TOKEN: '123456789:AAExampleExampleExampleExample',
  TELEGRAM_WEBHOOK_URL: 'https://loa.example.org/telegram',
  TELEGRAM_WEBHOOK_SECRET: STRONG.telegram,
  ANDROID_GATEWAY_SIGNING_KEY: STRONG.gateway,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('parseConfig', () => {
  it('starts a fresh machine with no settings at all, with the documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, HOST: '0.0.0.0', DATA_DIR: './data', LOA_DEMO_DATA: true, SMS_ALLOW_UNSIGNED: false, messagesPerMinute: 10, LOA_EDIT_WINDOW_DAYS: 7, warnings: [] });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it('limits each sender by LOA_MESSAGES_PER_MINUTE, and reads the old SMS_RATE_LIMIT_PER_MINUTE with a warning', () => {
    expect(parseConfig({ LOA_MESSAGES_PER_MINUTE: '25' })).toMatchObject({ messagesPerMinute: 25, warnings: [] });
    const old = parseConfig({ SMS_RATE_LIMIT_PER_MINUTE: '30' });
    expect(old.messagesPerMinute).toBe(30);
    expect(old.warnings).toEqual(['SMS_RATE_LIMIT_PER_MINUTE is deprecated: it limits every door, not only SMS; rename it LOA_MESSAGES_PER_MINUTE']);
    expect(parseConfig({ LOA_MESSAGES_PER_MINUTE: '30', SMS_RATE_LIMIT_PER_MINUTE: '30' })).toMatchObject({ messagesPerMinute: 30, warnings: [old.warnings[0]] });
  });

  it('reads an empty limit (docker compose passes unset variables as empty) as unset', () => {
    expect(parseConfig({ LOA_MESSAGES_PER_MINUTE: '', SMS_RATE_LIMIT_PER_MINUTE: '' })).toMatchObject({ messagesPerMinute: 10, warnings: [] });
    expect(parseConfig({ LOA_MESSAGES_PER_MINUTE: '', SMS_RATE_LIMIT_PER_MINUTE: '4' }).messagesPerMinute).toBe(4);
  });

  it('refuses two different limits under the new and the old name, and a limit below 1', () => {
    expect(problemsOf({ LOA_MESSAGES_PER_MINUTE: '20', SMS_RATE_LIMIT_PER_MINUTE: '10' })).toEqual([
      'SMS_RATE_LIMIT_PER_MINUTE: deprecated name of LOA_MESSAGES_PER_MINUTE, and the two differ (10 and 20); set only LOA_MESSAGES_PER_MINUTE',
    ]);
    expect(problemsOf({ LOA_MESSAGES_PER_MINUTE: '0' })[0]).toMatch(/^LOA_MESSAGES_PER_MINUTE: /);
  });

  it('starts in production with strong secrets for every door', () => {
    expect(problemsOf(GOOD_PRODUCTION)).toEqual([]);
  });

  it.each([
    ['SMS_ALLOW_UNSIGNED', { SMS_ALLOW_UNSIGNED: 'true' }],
    ['TWILIO_AUTH_TOKEN', { TWILIO_AUTH_TOKEN: 'short' }],
    ['PUBLIC_URL', { PUBLIC_URL: '' }],
    ['TELEGRAM_WEBHOOK_SECRET', { TELEGRAM_WEBHOOK_SECRET: '' }],
    ['TELEGRAM_WEBHOOK_SECRET', { TELEGRAM_WEBHOOK_SECRET: 'abc123' }],
    ['ANDROID_GATEWAY_SIGNING_KEY', { ANDROID_GATEWAY_SIGNING_KEY: 'key' }],
    ['TWILIO_AUTH_TOKEN', { TWILIO_AUTH_TOKEN: 'change-me-twilio-auth-token-32ch' }],
    ['TELEGRAM_WEBHOOK_SECRET', { TELEGRAM_WEBHOOK_SECRET: 'change-me-telegram-webhook-secret' }],
    ['ANDROID_GATEWAY_PASSWORD', { ANDROID_GATEWAY_PASSWORD: 'CHANGEME-please' }],
  ])('refuses to start in production when %s is unsafe (%j)', (name, override) => {
    const problems = problemsOf({ ...GOOD_PRODUCTION, ...override });
    expect(problems.some((p) => p.startsWith(`${name}:`) || p.startsWith(name))).toBe(true);
  });

  it('allows the same weak settings in development, where the checks would only get in the way', () => {
    expect(problemsOf({ SMS_ALLOW_UNSIGNED: 'true', TWILIO_AUTH_TOKEN: 'tok', TELEGRAM_WEBHOOK_URL: 'https://x.example/telegram', TELEGRAM_WEBHOOK_SECRET: 'abc', ANDROID_GATEWAY_SIGNING_KEY: 'k' })).toEqual([]);
  });

  it('never repeats a secret value in its error message', () => {
    const weak = { TWILIO_AUTH_TOKEN: 'tw1-short', TELEGRAM_WEBHOOK_SECRET: 'tg$bad secret!', ANDROID_GATEWAY_SIGNING_KEY: 'gw-short', ANDROID_GATEWAY_PASSWORD: 'change-me-pw' };
    let message = '';
    try {
      parseConfig({ ...GOOD_PRODUCTION, ...weak });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/TWILIO_AUTH_TOKEN/);
    for (const value of Object.values(weak)) expect(message).not.toContain(value);
  });

  it('names the variable when a value has the wrong shape', () => {
    expect(problemsOf({ PORT: 'eighty' })[0]).toMatch(/^PORT:/);
    expect(problemsOf({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL:/);
    expect(problemsOf({ PUBLIC_URL: 'not a url' })[0]).toMatch(/^PUBLIC_URL:/);
  });
});

describe('.env.example', () => {
  it('lists every setting Loa reads, each under a comment', () => {
    const text = fs.readFileSync(path.join(REPO, '.env.example'), 'utf8');
    const lines = text.split('\n');
    for (const name of Object.keys(ConfigSchema.shape)) {
      const at = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect({ name, listed: at >= 0 }).toEqual({ name, listed: true });
      // The setting's block starts with a comment (settings that belong together share one).
      let above = at - 1;
      while (above >= 0 && /^[A-Z0-9_]+=/.test(lines[above]!)) above--;
      expect({ name, commented: lines[above]?.startsWith('#') }).toEqual({ name, commented: true });
    }
    expect(Object.keys(envExample()).sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });

  it('starts Loa in development as it is, and is refused in production until its placeholders are replaced', () => {
    expect(problemsOf(envExample())).toEqual([]);
    const production = problemsOf({ ...envExample(), NODE_ENV: 'production' });
    for (const name of SECRET_SETTINGS) {
      if (/change-?me/i.test(envExample()[name] ?? '')) expect(production.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
    expect(production.length).toBeGreaterThan(0);
  });
});
