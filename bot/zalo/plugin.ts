import { createHash } from 'node:crypto';
import { createDownloadLinks, createZaloDoor, createZaloSender, mountZaloWebhook, startZaloPolling, ZaloApi, type DownloadLinks, type ZaloDoor, type ZaloPolling } from './';
import type { ChannelEnv, ChannelPlugin, DoorConfig, DoorModule } from '../../app/door-plugin';
import { zaloSettings } from './settings';

/**
 * Zalo: long polling, or a webhook at POST /zalo when ZALO_WEBHOOK_URL and
 * ZALO_WEBHOOK_SECRET are set. XUAT files go out as one-time download links,
 * which need PUBLIC_URL.
 */
/** Loa's settings and this door's. */
type ZaloConfig = DoorConfig<typeof zaloSettings.fields.shape>;

export function zaloChannel(env: ChannelEnv<ZaloConfig>): ChannelPlugin {
  const { config, logger } = env;
  const token = config.ZALO_BOT_TOKEN;
  if (!token) {
    logger.info('Zalo bot off: set ZALO_BOT_TOKEN to switch it on (long polling; set ZALO_WEBHOOK_URL and ZALO_WEBHOOK_SECRET for webhook mode)');
    return { name: 'zalo' };
  }
  const api = new ZaloApi({ token, ...(config.ZALO_API_ROOT ? { apiRoot: config.ZALO_API_ROOT } : {}) });
  // XUAT files and summary pictures reach Zalo as signed links on this server (the Bot API takes no uploads).
  // The key only this server knows, stable across restarts and processes: derived from the bot token.
  const downloads: DownloadLinks | undefined = config.PUBLIC_URL
    ? createDownloadLinks({
        files: env.storage.doors.downloadFiles,
        publicUrl: config.PUBLIC_URL,
        signingKey: createHash('sha256').update(`loa-download-links:${token}`).digest('hex'),
        logger,
        clock: env.clock,
      })
    : undefined;
  if (!downloads) logger.warn('zalo bot: without PUBLIC_URL, XUAT files and summary pictures cannot reach Zalo (they are sent as links to this server)');
  const sender = createZaloSender({ api, people: env.people, clock: env.clock, logger, ...(downloads ? { downloads } : {}) });
  let door: ZaloDoor | null = null;
  const theDoor = (): ZaloDoor => {
    if (door) return door;
    const { core } = env.built();
    door = createZaloDoor({ api, handleInbound: core.handleInbound, render: core.render, people: core.repos.people, replies: core.repos.counters, clock: core.clock, logger, ...(downloads ? { downloads } : {}) });
    return door;
  };
  const webhookUrl = config.ZALO_WEBHOOK_URL;
  const secret = config.ZALO_WEBHOOK_SECRET;
  if (webhookUrl && secret) {
    return {
      name: 'zalo',
      sender,
      mount: (app) => {
        downloads?.mount(app);
        mountZaloWebhook(app, { door: theDoor(), secret, logger });
      },
      start: async () => {
        api.setWebhook(webhookUrl, secret).then(
          () => logger.info({ url: webhookUrl }, 'zalo bot: webhook mode, updates arrive at POST /zalo'),
          (error: unknown) => logger.error({ err: error }, 'could not register the Zalo webhook; other doors keep working'),
        );
      },
    };
  }
  let polling: Promise<ZaloPolling | null> | null = null;
  return {
    name: 'zalo',
    sender,
    ...(downloads ? { mount: (app) => downloads.mount(app) } : {}),
    start: async () => {
      // Started in the background (Zalo being unreachable must not keep other doors shut), stopped even if still starting.
      polling = startZaloPolling(api, theDoor(), logger).catch((error: unknown) => {
        logger.error({ err: error }, 'zalo bot could not start polling; other doors keep working. Check ZALO_BOT_TOKEN and the network');
        return null;
      });
    },
    stop: async () => {
      await (await polling)?.stop();
    },
  };
}

/** The Zalo door, as app/doors.ts registers it. */
export const zaloDoor: DoorModule<typeof zaloSettings.fields.shape> = { name: 'zalo', fullText: true, settings: zaloSettings, open: zaloChannel };
