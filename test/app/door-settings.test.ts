import fs from 'node:fs';
import path from 'node:path';
import { ConfigSchema, parseConfig, SECRET_SETTINGS } from '../../app/config';
import { DOORS } from '../../app/doors';

const ROOT = path.resolve(__dirname, '../..');
const doorFields = (name: string) => Object.keys(DOORS.find((d) => d.name === name)?.settings?.fields.shape ?? {});

describe("each door's settings", () => {
  it('are declared in its own folder and named nowhere in app/config.ts', () => {
    const configSource = fs.readFileSync(path.join(ROOT, 'app/config.ts'), 'utf8');
    const named = DOORS.flatMap((door) => Object.keys(door.settings?.fields.shape ?? {})).filter((name) => configSource.includes(name));
    expect(named).toEqual([]);
    expect(doorFields('sms')).toEqual(expect.arrayContaining(['TWILIO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID', 'SMS_ALLOW_UNSIGNED']));
    expect(doorFields('telegram')).toEqual(expect.arrayContaining(['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET']));
    expect(doorFields('zalo')).toEqual(expect.arrayContaining(['ZALO_BOT_TOKEN', 'ZALO_WEBHOOK_SECRET']));
    expect(doorFields('android')).toEqual(expect.arrayContaining(['ANDROID_GATEWAY_SIGNING_KEY', 'ANDROID_GATEWAY_SILENCE_MINUTES']));
  });

  it('join the one config of every registered door, with their defaults, secrets and checks', () => {
    for (const door of DOORS) for (const name of Object.keys(door.settings?.fields.shape ?? {})) expect(Object.keys(ConfigSchema.shape)).toContain(name);
    const config = parseConfig({ ANDROID_GATEWAY_SILENCE_MINUTES: '30', TELEGRAM_BOT_TOKEN: '1:abc' });
    expect(config.ANDROID_GATEWAY_SILENCE_MINUTES).toBe(30);
    expect(config.TELEGRAM_BOT_TOKEN).toBe('1:abc');
    expect(config.SMS_ALLOW_UNSIGNED).toBe(false);
    expect([...SECRET_SETTINGS].sort()).toEqual(['ANDROID_GATEWAY_PASSWORD', 'ANDROID_GATEWAY_SIGNING_KEY', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'TWILIO_AUTH_TOKEN', 'ZALO_BOT_TOKEN', 'ZALO_WEBHOOK_SECRET']);
    expect(() => parseConfig({ ZALO_WEBHOOK_URL: 'https://loa.example.org/zalo' })).toThrow(/ZALO_WEBHOOK_SECRET: required with ZALO_WEBHOOK_URL/);
  });
});
