import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { Channel } from '../core/domain/session-log';
import { defaultDoorOrder, parseDoorOrder } from '../core/outbound/choose-door';
import { DEFAULT_TIME_ZONE } from '../core/periods';
import { bool, int, optionalInt, optionalString, optionalUrl } from './settings-kit';
import type { DoorModule } from './door-plugin';
import { DOORS } from './doors';

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
/** One trusted proxy: a name Express knows, an address, or a subnet (`10.0.0.0/8`). */
function isProxyAddress(item: string): boolean {
  if (PROXY_NAMES.includes(item)) return true;
  const [address = '', bits, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * Express's `trust proxy`: which hops in front of Loa may set
 * `X-Forwarded-For`, so `req.ip` is the client's address (the web sign-in
 * limit is per address). Unset: none (Loa faces the clients itself). A number
 * of hops, or a list of proxies; `true` (trust any sender) is refused, since
 * then anyone could pick their own address and escape the limit.
 */
const trustProxy = optionalString.transform((text, ctx): false | number | string[] => {
  if (text === undefined || text === 'false') return false;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const items = text.split(',').map((i) => i.trim()).filter((i) => i !== '');
  const wrong = items.filter((i) => !isProxyAddress(i));
  if (items.length > 0 && wrong.length === 0) return items;
  ctx.addIssue({ code: 'custom', message: `expected a number of proxy hops, or proxy addresses, subnets or loopback, linklocal, uniquelocal separated by commas (got "${wrong.join(', ') || text}")` });
  return z.NEVER;
});

/**
 * The settings of Loa itself, parsed once at start with those of every
 * registered door (each door's `settings.ts`). A bad value stops the start
 * with a message naming the variable; `.env.example` and the README list them.
 */
const LoaSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().optional().default('0.0.0.0'),
  /** The reverse proxies in front of Loa whose `X-Forwarded-For` is believed (see {@link trustProxy}). */
  TRUST_PROXY: trustProxy,
  /** Open sockets one client address may hold (0: no cap); behind a reverse proxy all come from the proxy. */
  LOA_MAX_CONNECTIONS_PER_ADDRESS: int(256, 0, 1_000_000),
  /** The public base URL Twilio and the gateway call (signature checks depend on it). */
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),

  DATA_DIR: z.string().optional().default('./data'),
  MONGODB_URI: optionalString,
  LOA_DEMO_DATA: bool(true),
  /** With LOA_DEMO_DATA in development: a year of demo logs too (off for harnesses that count every log). */
  LOA_DEMO_LOGS: bool(true),
  LOA_TIME_ZONE: z.string().optional().default(DEFAULT_TIME_ZONE),
  LOA_MAX_LOG_AGE_DAYS: int(14, 1, 366),
  LOA_OFFICER_MAX_LOG_AGE_DAYS: int(366, 1, 1100),
  LOA_EDIT_WINDOW_DAYS: int(7, 0, 366),
  LOA_UNPARSED_REPLIES_PER_HOUR: int(3, 0, 100),
  /** One-time codes (web sign-in, `DK` linking) sent per hour in total: bounds what strangers can spend on SMS. */
  LOA_CODES_PER_HOUR: int(60, 1, 100_000),
  /** Texts one sender may send per minute, on every door (the core entry counts them); default 10. */
  LOA_MESSAGES_PER_MINUTE: optionalInt(1, 10_000),

  /** Deprecated name of `LOA_MESSAGES_PER_MINUTE` (from when only the Twilio door had a limit): still read, with a warning. */
  SMS_RATE_LIMIT_PER_MINUTE: optionalInt(1, 10_000),
  SMS_DEFAULT_CHANNEL: z.enum(['sms', 'android']).optional().default('sms'),

  /** Doors tried in turn for outbound messages, after the person's last one (`zalo,telegram,sms,android`). */
  LOA_DOOR_ORDER: optionalString,

  SUMMARY_CRON: z.string().optional().default('0 7 * * 1'),
  REMINDER_CRON: z.string().optional().default('0 16 * * 5'),
  LOA_REPORT_REMINDER_DAYS: int(7, 0, 60),
  /** Daily snapshots of the embedded store kept in DATA_DIR/backups (0: none taken). */
  LOA_BACKUP_KEEP: int(7, 0, 365),
  PLANS_DIR: optionalString,
});

/** A door's parsed settings; nothing for a door without settings (the web pages). */
type FieldsOf<D> = D extends DoorModule<infer S> ? ({} extends S ? never : z.infer<z.ZodObject<S>>) : never;
type AllOf<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The settings of the registered doors (app/doors.ts), one object. */
type DoorsConfig = AllOf<FieldsOf<(typeof DOORS)[number]>>;
type ParsedConfig = z.infer<typeof LoaSchema> & DoorsConfig;

/** Loa's own settings, without any door's: what every door may read besides its own. */
export type LoaConfig = z.infer<typeof LoaSchema> & ConfigExtras;

/** Loa's settings and every registered door's, as one schema (its `shape` lists every variable read). */
export const ConfigSchema: z.ZodObject = DOORS.reduce<z.ZodObject>((schema, door) => (door.settings ? schema.extend(door.settings.fields.shape) : schema), LoaSchema);

/** Every setting: Loa's and every registered door's. */
export type Config = ParsedConfig & ConfigExtras;

interface ConfigExtras {
  dataDir: string;
  doorOrder: Channel[];
  /** The per-sender limit of every door, from `LOA_MESSAGES_PER_MINUTE` or its deprecated alias. */
  messagesPerMinute: number;
  /** Settings that work but should change (deprecated names): logged as warnings at start. */
  warnings: string[];
}

export const DEFAULT_MESSAGES_PER_MINUTE = 10;

/**
 * `SMS_RATE_LIMIT_PER_MINUTE` limits every door since the limit moved into the
 * core entry; deployments still set it, so it keeps working under a warning.
 * Two different values would leave the operator guessing which one counts: refused.
 */
function messagesPerMinuteOf(config: ParsedConfig, problems: string[], warnings: string[]): number {
  const current = config.LOA_MESSAGES_PER_MINUTE;
  const old = config.SMS_RATE_LIMIT_PER_MINUTE;
  if (old === undefined) return current ?? DEFAULT_MESSAGES_PER_MINUTE;
  if (current !== undefined && current !== old) {
    problems.push(`SMS_RATE_LIMIT_PER_MINUTE: deprecated name of LOA_MESSAGES_PER_MINUTE, and the two differ (${old} and ${current}); set only LOA_MESSAGES_PER_MINUTE`);
    return current;
  }
  warnings.push('SMS_RATE_LIMIT_PER_MINUTE is deprecated: it limits every door, not only SMS; rename it LOA_MESSAGES_PER_MINUTE');
  return old;
}

/** Settings that are secrets, as each door declares them: never logged, and never left at the `.env.example` placeholder in production. */
export const SECRET_SETTINGS: readonly string[] = DOORS.flatMap((door): readonly string[] => door.settings?.secrets ?? []);

/** `.env.example` writes every secret as `change-me-...`, so a copied file cannot go live unnoticed. */
const PLACEHOLDER = /change-?me/i;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Loa cannot start, the configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const config = parsed.data as ParsedConfig;
  const problems: string[] = [];
  const warnings: string[] = [];
  const messagesPerMinute = messagesPerMinuteOf(config, problems, warnings);
  if (config.NODE_ENV === 'production') {
    for (const name of SECRET_SETTINGS) {
      const value = (config as Record<string, unknown>)[name];
      if (typeof value === 'string' && PLACEHOLDER.test(value)) problems.push(`${name}: still the placeholder from .env.example; set a real secret`);
    }
  }
  for (const door of DOORS as readonly DoorModule<z.ZodRawShape>[]) problems.push(...(door.settings?.problems?.(config) ?? []));
  let doorOrder = defaultDoorOrder(config.SMS_DEFAULT_CHANNEL);
  if (config.LOA_DOOR_ORDER !== undefined) {
    const parsedOrder = parseDoorOrder(config.LOA_DOOR_ORDER, (DOORS as readonly DoorModule<z.ZodRawShape>[]).flatMap((door) => (door.neverSends ? [] : [door.name])));
    if (parsedOrder.ok) doorOrder = parsedOrder.order;
    else problems.push(`LOA_DOOR_ORDER: ${parsedOrder.problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, dataDir: path.resolve(config.DATA_DIR), doorOrder, messagesPerMinute, warnings };
}
