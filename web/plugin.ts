import { printUnreachableCodes } from './dev-door';
import { mountWeb, useCaseContextOf } from './';
import { createOneTimeCodes } from '../core/usecases/one-time-codes';
import type { ChannelEnv, ChannelPlugin } from '../app/door-plugin';

/**
 * The web pages for officers and admins at /web: sign-in codes go out through
 * the outbox; in development a code for a demo person with no door is printed
 * in the terminal instead.
 */
export function webChannel(env: ChannelEnv): ChannelPlugin {
  const { config, logger } = env;
  const production = config.NODE_ENV === 'production';
  logger.info(`web pages for officers and admins at /web (sign in with a code sent to the roster phone${production ? '' : '; in development a code for someone with no door is printed here'})`);
  return {
    name: 'web',
    mount: (app) => {
      const { core, outbox } = env.built();
      const outbound = production
        ? outbox
        : printUnreachableCodes(outbox, (key, values) => core.i18n.t(key, { ...values, lng: 'vi' } as Record<string, unknown>) as string, logger);
      const codes = createOneTimeCodes({ codes: core.repos.oneTimeCodes, people: core.repos.people, counters: core.repos.counters, outbound, logger, settings: { sendsPerHour: config.LOA_CODES_PER_HOUR } });
      mountWeb(app, { sessionStore: env.storage.doors.webSessions, repos: core.repos, useCases: useCaseContextOf(core), engine: core.engine, codes, i18n: core.i18n, charts: env.adapters.charts, xlsx: env.adapters.xlsx, docx: env.adapters.docx, rosterFile: env.adapters.rosterFile, clock: core.clock, logger, secure: production, doors: env.doorsOn });
    },
  };
}
