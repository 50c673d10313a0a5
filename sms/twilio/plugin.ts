import type { Clock } from '../../core/clock';
import type { InboundHandler } from '../../core/inbound';
import type { Logger } from '../../core/logger';
import type { RenderFn } from '../../core/outbound/outbox';
import type { MessageSender } from '../../core/outbound/port';
import { createTwilioSender, mountSms, type SmsWebhookOptions } from './';
import type { ChannelEnv, ChannelPlugin, DoorConfig, DoorModule } from '../../app/door-plugin';
import { twilioSettings } from './settings';

/** Loa's settings and this door's. */
type TwilioConfig = DoorConfig<typeof twilioSettings.fields.shape>;

type SmsConfig = Pick<
  TwilioConfig,
  | 'PUBLIC_URL'
  | 'TWILIO_ACCOUNT_SID'
  | 'TWILIO_AUTH_TOKEN'
  | 'TWILIO_FROM'
  | 'TWILIO_MESSAGING_SERVICE_SID'
  | 'TWILIO_API_BASE_URL'
  | 'SMS_ALLOW_UNSIGNED'
>;

/** Webhook options from the environment; the webhook itself answers 503 when the token is missing. */
export function smsWebhookOptionsFromConfig(
  config: SmsConfig,
  deps: { handleInbound: InboundHandler; render: RenderFn; onStatus?: (providerId: string, status: string) => Promise<unknown>; clock?: Clock },
): SmsWebhookOptions {
  return {
    ...deps,
    ...(config.TWILIO_AUTH_TOKEN ? { authToken: config.TWILIO_AUTH_TOKEN } : {}),
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    allowUnsigned: config.SMS_ALLOW_UNSIGNED,
  };
}

/** The Twilio sender, or null when the credentials for sending are not all set. */
export function twilioSenderFromConfig(config: SmsConfig, logger: Logger): MessageSender | null {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = config;
  if (!accountSid || !authToken || (!config.TWILIO_FROM && !config.TWILIO_MESSAGING_SERVICE_SID)) return null;
  return createTwilioSender({
    accountSid,
    authToken,
    ...(config.TWILIO_FROM ? { from: config.TWILIO_FROM } : {}),
    ...(config.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID } : {}),
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
    ...(config.TWILIO_API_BASE_URL ? { apiBaseUrl: config.TWILIO_API_BASE_URL } : {}),
    logger,
  });
}

/** One start-up line per SMS fact an operator needs, including how to switch it on. */
export function logSmsStartup(config: SmsConfig, logger: Logger): void {
  const log = logger.child({ channel: 'sms' });
  if (config.SMS_ALLOW_UNSIGNED) {
    log.warn('SMS_ALLOW_UNSIGNED is set: /sms accepts UNSIGNED requests. Development only; never expose this Loa to the internet.');
  }
  if (!config.TWILIO_AUTH_TOKEN) {
    if (!config.SMS_ALLOW_UNSIGNED) {
      log.info('SMS webhook off: /sms answers 503. To enable it set TWILIO_AUTH_TOKEN and PUBLIC_URL, and point the Twilio number at <PUBLIC_URL>/sms');
    }
  } else {
    if (!config.PUBLIC_URL) log.warn('PUBLIC_URL is not set: Twilio signatures are checked against the Host header, which fails behind a proxy');
    log.info({ webhook: config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, '')}/sms` : '/sms' }, 'SMS webhook on');
  }
  if (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN || (!config.TWILIO_FROM && !config.TWILIO_MESSAGING_SERVICE_SID)) {
    log.info('SMS sending off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)');
  } else if (config.TWILIO_API_BASE_URL) {
    log.warn({ apiBaseUrl: config.TWILIO_API_BASE_URL }, 'Twilio REST calls go to TWILIO_API_BASE_URL, not api.twilio.com');
  }
}

/** SMS through Twilio: the webhook (or its "not configured" 503) and, with credentials, the sender. */
export function smsChannel(env: ChannelEnv<TwilioConfig>): ChannelPlugin {
  const { config, logger } = env;
  logSmsStartup(config, logger);
  const sender = twilioSenderFromConfig(config, logger);
  return {
    name: 'sms',
    ...(sender ? { sender } : {}),
    mount: (app) => {
      const { core, outbox } = env.built();
      const options = smsWebhookOptionsFromConfig(config, {
        handleInbound: core.handleInbound,
        render: core.render,
        onStatus: (providerId, status) => outbox.recordStatus(providerId, status),
        clock: core.clock,
      });
      mountSms(options, logger)(app);
    },
  };
}

/** The Twilio SMS door, as app/doors.ts registers it. */
export const twilioDoor: DoorModule<typeof twilioSettings.fields.shape> = { name: 'sms', fullText: false, settings: twilioSettings, open: smsChannel };
