import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { PLAN_USAGE, runPlanCommand } from './plan-command';
import { DATA_BEGINS_USAGE, runDataBeginsCommand } from './data-begins-command';
import { gridPicture, rosterList } from './roster-grid';
import { clearDemoLogs } from '../../app/demo-logs';
import type { StorageAdmin } from '../../adapters/store/storage-admin';
import { echartsGridRenderer } from '../../adapters/charts/echarts-grid';
import { runBaocaoCommand } from './baocao-command';
import { writeReportDocx } from '../../adapters/office/docx-report-writer';
import { buildRuntime } from '../../app/runtime';
import { parseConfig } from '../../app/config';
import { runMain } from './run-main';
import { COPY_STORE_USAGE, runCopyStore } from './copy-store';
import type { Config } from '../../app/config';
import type { Core } from '../../core/create-core';
import type { Logger } from '../../core/logger';
import { normalizePhone } from '../../core/domain/phone';
import { accountDoors, DoorNameSchema } from '../../core/domain/people';
import { createLogger } from '../../adapters/log/pino-logger';
import { importRoster } from '../../core/roster/import-roster';
import { rosterProblemText } from '../../core/roster/roster-problems';
import { DATABASE_FILE } from '../../adapters/sqlite/embedded-store';
import { restoreBackup, RestoreRefusedError } from '../../adapters/sqlite/backups';
import { StoreLockedError } from '../../adapters/store/store-errors';

export const USAGE = `usage: npm run loa -- <command>
  --help                  this list (also: help, -h)
  import <roster.csv>     load communes, villages and people (all rows or none)
  roster list [<place id>] [--full]
                          the places as a tree and the people under them (phones masked unless --full)
  forget <phone>          delete a person from the roster (their logs stay, without a name or number)
  unlink <phone> [<door>]
                          remove that person's chat links (every door's unless one is named: zalo, telegram, ...); they link again with DK <phone>
  baocao <place id> <period> <file.docx>
                          draft the periodic report (BAOCAO) of a place as a Word file, e.g. baocao ke-sat H1/2026 bc.docx
  rollups rebuild         recount every report rollup from the logs (after restoring or loading logs behind Loa's back)
  demo clear              remove the demo logs loaded on a first start (every one is marked demo)
  grid <place id> [<period>] <file.png>
                          the village × month picture the chat sends (period: 2026-08, 2026-Q3, 2026-H2, 2026; default this month)
${DATA_BEGINS_USAGE}
${PLAN_USAGE.split('\n').slice(1).map((line) => line.replace(/^ {2}/, '  plan ')).join('\n')}
  check                   look for damage: SQLite's integrity_check, every record against its schema, rollups against a recount;
                          exits 1 when something is wrong
  backup                  take a snapshot of the embedded store now, into DATA_DIR/backups (the server also takes one daily)
  restore <file>          put a backup in place of DATA_DIR/loa.db (only while Loa is stopped; the current file is kept aside)
${COPY_STORE_USAGE}
`;

/** `admin` is the store's maintenance port (backups, check, demo clearing), beside the core's repositories. */
type Command = (core: Core, args: string[], config: Config, admin: StorageAdmin) => Promise<number>;

const commands: Record<string, Command> = {
  import: async (core, [file]) => {
    if (!file) return usage();
    if (!fs.existsSync(file)) {
      console.error(`no such file: ${file}`);
      return 2;
    }
    const result = await importRoster(fs.readFileSync(file, 'utf8'), core.repos, core.clock.now());
    if (!result.ok) {
      console.error(`Nothing was imported; fix these rows of ${file} first:`);
      for (const p of result.problems) console.error(`  line ${p.line}: ${rosterProblemText(core.i18n, p, 'en')}`);
      return 1;
    }
    console.log(`Imported ${result.places} places and ${result.people} people from ${file}.`);
    return 0;
  },
  forget: async (core, [raw]) => {
    const phone = raw ? normalizePhone(raw) : null;
    if (!phone?.ok) return usage();
    const person = await core.repos.people.findByPhone(phone.e164);
    if (!person) {
      console.error(`nobody on the roster has ${phone.e164}`);
      return 1;
    }
    await core.repos.people.remove(person._id);
    console.log(`Removed ${person.name} (${person._id}). Their session logs remain, attributed to the id only.`);
    return 0;
  },
  unlink: async (core, [raw, door]) => {
    const phone = raw ? normalizePhone(raw) : null;
    if (!phone?.ok || (door !== undefined && !DoorNameSchema.safeParse(door).success)) return usage();
    const person = await core.repos.people.findByPhone(phone.e164);
    if (!person) {
      console.error(`nobody on the roster has ${phone.e164}`);
      return 1;
    }
    // Whatever doors the person is linked on: the CLI knows none by name.
    const doors = door !== undefined ? [door] : accountDoors(person);
    const removed: string[] = [];
    for (const d of doors) if (await core.repos.people.unlinkAccount(person._id, d)) removed.push(d);
    console.log(removed.length > 0 ? `Unlinked ${person.name} (${person._id}) from ${removed.join(' and ')}.` : `${person.name} (${person._id}) had no ${door ?? 'chat'} link.`);
    return 0;
  },
  rollups: async (core, [verb]) => {
    if (verb !== 'rebuild') return usage();
    const started = Date.now();
    const written = await core.repos.rollups.rebuild();
    console.log(`Recounted ${written} place-months from the logs in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  },
  baocao: (core, args) =>
    runBaocaoCommand(args, { parser: core.parser, engine: core.engine, i18n: core.i18n, places: core.repos.places, clock: core.clock, writer: writeReportDocx }),
  check: async (core, _args, _config, admin) => {
    const report = await admin.check();
    for (const problem of report.problems) console.log(`PROBLEM ${problem}`);
    console.log(`${report.problems.length === 0 ? 'No problem found' : `${report.problems.length} problem(s)`} in ${report.records} records of ${report.collections} collections (${core.storage.description}).`);
    return report.problems.length === 0 ? 0 : 1;
  },
  backup: async (_core, _args, config, admin) => {
    if (!admin.backups) {
      console.error('backup is for the embedded store; back MongoDB up with mongodump');
      return 2;
    }
    const file = await admin.backups.make(Math.max(1, config.LOA_BACKUP_KEEP));
    console.log(`Backup written: ${file}`);
    return 0;
  },
  plan: (core, args) => runPlanCommand(args, { plans: core.repos.plans, engine: core.engine, clock: core.clock }),
  'data-begins': (core, args) => runDataBeginsCommand(args, { places: core.repos.places, people: core.repos.people, clock: core.clock, timeZone: core.engine.timeZone }),
  roster: (core, args) => rosterList(terminalDeps(core), args),
  demo: async (core, [verb], _config, admin) => {
    // Removing logs behind the use-cases is maintenance (the storage's admin port); the core has no "delete logs".
    if (verb !== 'clear') return usage();
    const removed = await clearDemoLogs(admin, () => core.repos.rollups.rebuild());
    console.log(`Removed ${removed} demo logs and recounted the rollups. The demo roster and plan stay (remove them with forget / plan remove).`);
    return 0;
  },
  grid: (core, args) => gridPicture(terminalDeps(core), args),
};

/** The commands' names, for the test that the help lists every one. */
export const COMMAND_NAMES = Object.keys(commands);

const terminalDeps = (core: Core) => ({
  repos: core.repos,
  engine: core.engine,
  clock: core.clock,
  i18n: core.i18n,
  charts: echartsGridRenderer,
  out: (line: string) => console.log(line),
  err: (line: string) => console.error(line),
});
/** Not a core command: the store must stay closed while its file is replaced. */
function restore(config: Config, file: string | undefined): number {
  if (!file) return usage();
  if (config.MONGODB_URI) {
    console.error('restore is for the embedded store; restore MongoDB with mongorestore');
    return 2;
  }
  try {
    const { keptAs } = restoreBackup(config.dataDir, path.resolve(file));
    console.log(`Restored ${file} as ${path.join(config.dataDir, DATABASE_FILE)}.${keptAs ? ` The previous file is kept as ${keptAs}.` : ''} Start Loa; \`npm run loa -- check\` first if in doubt.`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefusedError || error instanceof StoreLockedError) {
      console.error(`Not restored: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

/** The core the admin commands run on (the runtime's `cli` mode), with the server's settings (`loa plan show` reads LOA_TIME_ZONE). */
export async function openAdminCore(config: Config, logger: Logger): Promise<Core> {
  return (await buildRuntime(config, 'cli', { logger })).core;
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (name === 'copy-store') return runCopyStore(args);
  const command = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) return usage();
  const config = parseConfig();
  if (name === 'restore') return restore(config, args[0]);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', pino.destination(2));
  const { core, storage } = await buildRuntime(config, 'cli', { logger });
  try {
    return await command(core, args, config, storage.admin);
  } finally {
    await storage.close();
  }
}

runMain(module, main);
