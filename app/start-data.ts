import type { Config } from './config';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/logger';
import { loadDemoIfEmpty } from './demo-roster';
import { loadDemoLogs } from './demo-logs';
import { loadDemoPlan, loadPlansDir } from './plans-at-start';

/**
 * The demo roster, plan and (in development) year of logs on an empty store
 * (LOA_DEMO_DATA), then, for the server, the plan files of PLANS_DIR.
 */
export async function loadStartData(config: Config, core: Core, logger: Logger, options: { plansDir: boolean }): Promise<void> {
  if (config.LOA_DEMO_DATA && (await loadDemoIfEmpty(core))) {
    await loadDemoPlan(core, logger);
    // Made-up sessions only where a person is trying Loa: never in production, nor under the tests' NODE_ENV=test.
    const logs = config.NODE_ENV === 'development' && config.LOA_DEMO_LOGS ? await loadDemoLogs(core, logger) : 0;
    logger.info({ demoLogs: logs }, 'the store was empty: loaded the demo roster (demo/roster-ke-sat.csv), the Kẻ Sắt 2026 plan and, in development, a year of demo logs; set LOA_DEMO_DATA=false to skip');
  }
  if (options.plansDir && config.PLANS_DIR) logger.info({ dir: config.PLANS_DIR, loaded: await loadPlansDir(config.PLANS_DIR, core, logger) }, 'plans loaded');
}

/** The demo collaborator, named in the start-up hint only while the demo roster is the one in use. */
const DEMO_CHAT_PERSON = { id: 'ctv-dong', phone: '+84905000101', local: '0905000101' };

/** A real roster's phone numbers are personal data: the hint names one only for the demo roster. */
export async function chatHint(core: Core): Promise<string> {
  const demo = await core.repos.people.findByIdentity({ kind: 'phone', phone: DEMO_CHAT_PERSON.phone });
  const who = demo?._id === DEMO_CHAT_PERSON.id ? DEMO_CHAT_PERSON.local : '<a phone on your roster>';
  return `Loa is running; talk to it without SMS or Telegram: npm run chat -- --as ${who} (it shares this data folder with the running Loa)`;
}
