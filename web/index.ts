import type { Config } from '../app/config';
import type { Core } from '../core/create-core';
import type { IndicatorEngine } from '../core/indicators/engine';
import type { Logger } from '../core/logger';
import type { Outbound } from '../core/outbound/port';
import { createOneTimeCodes } from '../core/usecases/one-time-codes';
import type { MountFn } from '../sms';
import { printUnreachableCodes } from './dev-door';
import { mountWeb } from './web-app';
import type { UseCaseContext } from '../core/usecases/context';

/** The context the core's own use-cases run with, rebuilt from its public parts (the web repairs logs through them). */
export function useCaseContextOf(core: Core): UseCaseContext {
  return { repos: core.repos, parser: core.parser, clock: core.clock, settings: core.settings, logger: core.logger, i18n: core.i18n };
}

export { mountWeb, type WebOptions } from './web-app';

/**
 * The web pages as the composition root mounts them: sign-in codes go out
 * through the outbox; in development a code for a demo person with no door
 * is printed in the terminal instead.
 */
export function webMountFromConfig(config: Config, deps: { core: Core; outbox: Outbound; engine: IndicatorEngine; logger: Logger }): MountFn {
  const { core, logger } = deps;
  const production = config.NODE_ENV === 'production';
  const outbound = production
    ? deps.outbox
    : printUnreachableCodes(deps.outbox, (key, values) => core.i18n.t(key, { ...values, lng: 'vi' } as Record<string, unknown>) as string, logger);
  const codes = createOneTimeCodes({ store: core.store, people: core.repos.people, counters: core.repos.counters, outbound, logger });
  logger.info(`web pages for officers and admins at /web (sign in with a code sent to the roster phone${production ? '' : '; in development a code for someone with no door is printed here'})`);
  return (app) => mountWeb(app, { store: core.store, repos: core.repos, useCases: useCaseContextOf(core), engine: deps.engine, codes, i18n: core.i18n, clock: core.clock, logger, secure: production });
}
