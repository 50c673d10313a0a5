import { createCore, type Core, type CoreDeps } from '../core/create-core';
import type { CoreSettings } from '../core/usecases/context';
import type { Config } from './config';

/** The core's settings from config: dates, age limits, edit window, reply limits. */
export function coreSettingsFromConfig(config: Config): CoreSettings {
  return {
    timeZone: config.LOA_TIME_ZONE,
    maxLogAgeDays: config.LOA_MAX_LOG_AGE_DAYS,
    officerMaxLogAgeDays: config.LOA_OFFICER_MAX_LOG_AGE_DAYS,
    editWindowDays: config.LOA_EDIT_WINDOW_DAYS,
    unparsedRepliesPerHour: config.LOA_UNPARSED_REPLIES_PER_HOUR,
    messagesPerMinute: config.messagesPerMinute,
  };
}

/**
 * The core as every process builds it (`main`, `chat`, `loa`): settings come
 * from config here and nowhere else, so the terminal chat and the admin CLI
 * read dates and limits exactly as the server does.
 */
export function createCoreFromConfig(config: Config, deps: Omit<CoreDeps, 'settings'>): Promise<Core> {
  for (const warning of config.warnings) deps.logger?.warn(warning);
  return createCore({ ...deps, settings: coreSettingsFromConfig(config), codeSettings: { sendsPerHour: config.LOA_CODES_PER_HOUR } });
}
