import type { i18n as I18n } from 'i18next';
import { systemClock, type Clock } from './clock';
import type { Language } from './domain/people';
import { createI18n } from './i18n/i18n';
import { rendererFor, type RenderFn } from './i18n/render';
import type { InboundHandler } from './inbound';
import type { CommandRegistry } from './commands/registry';
import { loadVocabulary } from './language/vocabulary';
import { silentLogger, type Logger } from './logger';
import { createIndicatorEngine, type IndicatorEngine } from './indicators/engine';
import { createOfficerKit } from './officer/officer-kit';
import type { GridChartRenderer } from './charts/chart-renderer';
import type { XlsxWriter } from './officer/workbook';
import type { ReportDocumentWriter } from './report/report-document';
import { NO_OUTBOUND, type Outbound } from './outbound/port';
import { createOneTimeCodes, type OneTimeCodes, type OneTimeCodeSettings } from './usecases/one-time-codes';
import type { Reply } from './reply';
import type { Storage } from './ports/storage';
import { createInboundHandler } from './usecases/handle-inbound';
import { createChatLinking } from './usecases/link-by-code';
import { DEFAULT_SETTINGS, type CoreSettings, type Parser, type Repositories, type UseCaseContext } from './usecases/context';

export interface CoreDeps {
  /** An open store's repositories (storage/open-storage.ts). */
  storage: Storage;
  clock?: Clock;
  logger?: Logger;
  settings?: Partial<CoreSettings>;
  i18n?: I18n;
  /**
   * The commands it runs: found by the runtime (`app/commands.ts`, the modules
   * of `core/commands/` by file name); core holds no list of them.
   */
  commands: CommandRegistry;
  /** Default: the registry's parser over the shipped vi and en vocabularies. */
  parser?: Parser;
  /**
   * How the core reaches people on its own: NHAC and the one-time codes that
   * link chat accounts. Without it NHAC only reports whom it would remind and
   * chat accounts cannot link (the terminal chat, the admin CLI).
   */
  outbound?: Outbound;
  /** One-time codes for linking chat accounts; default: made on `outbound`. */
  codes?: OneTimeCodes;
  /** Limits of the default one-time codes (`LOA_CODES_PER_HOUR`). */
  codeSettings?: Partial<OneTimeCodeSettings>;
  /** Draws the grid picture TONGHOP attaches on a chat (the composition root gives ECharts); without it none. */
  charts?: GridChartRenderer;
  /** Writes the XUAT workbook (the composition root gives exceljs); needed only where XUAT reaches a chat door. */
  xlsx?: XlsxWriter;
  /** Writes the BAOCAO Word draft (the composition root gives `office/`'s docx writer); needed only where BAOCAO reaches a chat door. */
  docx?: ReportDocumentWriter;
  /**
   * Recount the rollups a crash left marked before serving (default true:
   * the server's start). The admin CLI and the terminal chat share a running
   * server's store and pass `false`: the marks they would find are the
   * server's writes in progress.
   */
  repairRollups?: boolean;
}

export interface Core {
  readonly storage: Storage;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly settings: CoreSettings;
  readonly i18n: I18n;
  readonly logger: Logger;
  readonly parser: Parser;
  /** The commands it runs (the Telegram menu reads its words here). */
  readonly commands: CommandRegistry;
  /** Shared with the scheduler and the web pages so every figure comes from the same engine. */
  readonly engine: IndicatorEngine;
  /** What the use-cases run with (the web pages repair logs through the same use-cases). */
  readonly useCases: UseCaseContext;
  /** The one entry every channel calls. */
  handleInbound: InboundHandler;
  /** A reply as the door shows it (the style follows from the door). */
  render: RenderFn;
}

/** Builds the core on an open store; does not listen or schedule anything. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const storage = deps.storage;
  const repos = storage.repos;
  // One process holds an embedded store: a claim still pending at start was cut short by a crash.
  if (storage.kind === 'embedded') await repos.inbound.releaseAllPending();
  const i18n = deps.i18n ?? createI18n();
  const parser = deps.parser ?? deps.commands.createParser([loadVocabulary('vi'), loadVocabulary('en')]);
  const settings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  // A crash between a log write and its rollup refresh left that place-month marked: recount only those.
  if (deps.repairRollups !== false) {
    const repaired = await repos.rollups.repair();
    if (repaired.rebuilt !== null) logger.info({ placeMonths: repaired.rebuilt }, 'rollups rebuilt from the logs (new store, or rollups from an older version)');
    else if (repaired.recounted > 0) logger.warn({ placeMonths: repaired.recounted }, 'rollups recounted where a crash interrupted a log write');
  }
  const engine = createIndicatorEngine({ repos, timeZone: settings.timeZone });
  const outbound = deps.outbound ?? NO_OUTBOUND;
  const officer = createOfficerKit({ repos, i18n, outbound, logger, engine, ...(deps.charts ? { charts: deps.charts } : {}), ...(deps.xlsx ? { xlsx: deps.xlsx } : {}), ...(deps.docx ? { report: { writer: deps.docx, places: repos.places } } : {}) });
  const codes = deps.codes ?? (deps.outbound ? createOneTimeCodes({ codes: repos.oneTimeCodes, people: repos.people, counters: repos.counters, outbound, logger, ...(deps.codeSettings ? { settings: deps.codeSettings } : {}) }) : null);
  const linking = codes ? createChatLinking({ people: repos.people, counters: repos.counters, codes, logger }) : undefined;
  const context: UseCaseContext = {
    repos, parser, clock, settings, logger, i18n, officer, ...(linking ? { linking } : {}),
    runCommand: (person, command, message, ctx = context) => deps.commands.dispatch(ctx, person, command, message),
  };
  return {
    storage,
    repos,
    clock,
    settings,
    i18n,
    logger,
    parser,
    commands: deps.commands,
    engine,
    useCases: context,
    handleInbound: createInboundHandler(context),
    render: rendererFor(i18n),
  };
}
