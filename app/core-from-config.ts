import type { CoreSettings } from '../core/usecases/context';
import type { Config } from './config';

/** The core's settings from config (dates, age limits, edit window, reply limits), for every runtime (app/runtime.ts). */
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
