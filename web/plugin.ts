import { mountWeb, useCaseContextOf } from './';
import type { ChannelEnv, ChannelPlugin, DoorModule } from '../app/door-plugin';

/**
 * The web pages for officers and admins at /web: sign-in codes are the
 * runtime's one-time codes (through the outbox; in development a code for a
 * demo person with no door is printed in the terminal instead).
 */
export function webChannel(env: ChannelEnv): ChannelPlugin {
  const { config, logger } = env;
  const production = config.NODE_ENV === 'production';
  logger.info(`web pages for officers and admins at /web (sign in with a code sent to the roster phone${production ? '' : '; in development a code for someone with no door is printed here'})`);
  return {
    name: 'web',
    mount: (app) => {
      const { core, codes } = env.built();
      mountWeb(app, { sessionStore: env.storage.doors.webSessions, repos: core.repos, useCases: useCaseContextOf(core), engine: core.engine, codes, i18n: core.i18n, charts: env.adapters.charts, xlsx: env.adapters.xlsx, docx: env.adapters.docx, rosterFile: env.adapters.rosterFile, clock: core.clock, logger, secure: production, doors: env.doorsOn, channels: env.channels });
    },
  };
}

/** The officers' web pages, as app/doors.ts registers them (no settings of their own). */
export const webDoor: DoorModule = { name: 'web', fullText: true, neverSends: true, open: webChannel };
