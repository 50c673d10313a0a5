import { createAndroidGatewaySender, createGatewayWatchdog, mountAndroidGateway, type AndroidGatewayHandle } from './';
import type { ChannelEnv, ChannelPlugin, DoorConfig, DoorModule } from '../../app/door-plugin';
import { androidGatewaySettings } from './settings';

/**
 * SMS relayed by an Android phone in the commune office: POST /gateway/android
 * with ANDROID_GATEWAY_SIGNING_KEY; replies go back through the phone when
 * its URL and credentials are set; a watchdog tells officers when it falls silent.
 */
/** Loa's settings and this door's. */
type AndroidGatewayConfig = DoorConfig<typeof androidGatewaySettings.fields.shape>;

export function androidGatewayChannel(env: ChannelEnv<AndroidGatewayConfig>): ChannelPlugin {
  const { config, logger } = env;
  const sender =
    config.ANDROID_GATEWAY_URL && config.ANDROID_GATEWAY_USERNAME && config.ANDROID_GATEWAY_PASSWORD
      ? createAndroidGatewaySender({ baseUrl: config.ANDROID_GATEWAY_URL, username: config.ANDROID_GATEWAY_USERNAME, password: config.ANDROID_GATEWAY_PASSWORD, logger })
      : null;
  const signingKey = config.ANDROID_GATEWAY_SIGNING_KEY;
  if (!signingKey) {
    logger.info('Android SMS gateway off: set ANDROID_GATEWAY_SIGNING_KEY (and ANDROID_GATEWAY_URL, _USERNAME, _PASSWORD) to relay SMS through a phone in the commune office');
    return { name: 'android', ...(sender ? { sender } : {}) };
  }
  logger.info('Android SMS gateway on: POST /gateway/android' + (sender ? ', replies through the gateway' : ' (set ANDROID_GATEWAY_URL, _USERNAME and _PASSWORD to send replies through it)'));
  let gateway: AndroidGatewayHandle | null = null;
  let stopWatchdog: (() => void) | null = null;
  return {
    name: 'android',
    ...(sender ? { sender } : {}),
    mount: (app) => {
      const { core, outbox } = env.built();
      gateway = mountAndroidGateway(app, {
        signingKey,
        handleInbound: core.handleInbound,
        outbound: outbox,
        recordStatus: (providerId, status) => outbox.recordStatus(providerId, status),
        devices: env.storage.doors.gatewayDevices,
        places: core.repos.places,
        clock: core.clock,
        logger,
        timeZone: core.settings.timeZone,
      });
    },
    start: async () => {
      const { core, outbox } = env.built();
      const watchdog = createGatewayWatchdog({
        devices: env.storage.doors.gatewayDevices,
        people: core.repos.people,
        places: core.repos.places,
        outbound: outbox,
        silenceMinutes: config.ANDROID_GATEWAY_SILENCE_MINUTES,
        clock: core.clock,
        logger,
      });
      stopWatchdog = watchdog.start();
    },
    stop: async () => {
      stopWatchdog?.();
      await gateway?.idle();
    },
  };
}

/** The Android gateway SMS door, as app/doors.ts registers it. */
export const androidGatewayDoor: DoorModule<typeof androidGatewaySettings.fields.shape> = { name: 'android', fullText: false, settings: androidGatewaySettings, open: androidGatewayChannel };
