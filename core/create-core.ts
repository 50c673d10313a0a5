import type { i18n as I18n } from 'i18next';
import { systemClock, type Clock } from './clock';
import type { Language } from './domain/people';
import { createI18n } from './i18n/i18n';
import { renderReply, type RenderStyle } from './i18n/render';
import type { InboundHandler } from './inbound';
import { createParser } from './language/parser';
import { loadVocabulary } from './language/vocabulary';
import { silentLogger, type Logger } from './logger';
import type { OfficerCommands } from './officer-port';
import type { Reply } from './reply';
import { PlacesRepo } from './repos/places-repo';
import { PeopleRepo } from './repos/people-repo';
import { LogsRepo } from './repos/logs-repo';
import { RollupsRepo } from './repos/rollups-repo';
import { CountersRepo, InboundRepo } from './repos/inbound-repo';
import { ensureCoreIndexes } from './storage/collections';
import type { DocumentStore } from './storage/port';
import { createInboundHandler } from './usecases/handle-inbound';
import type { ChatLinking } from './usecases/link-by-code';
import { DEFAULT_SETTINGS, type CoreSettings, type Parser, type Repositories, type UseCaseContext } from './usecases/context';

export interface CoreDeps {
  store: DocumentStore;
  clock?: Clock;
  logger?: Logger;
  settings?: Partial<CoreSettings>;
  i18n?: I18n;
  parser?: Parser;
  /** Officer/admin commands; without it they answer "not available". Can be set later with `setOfficerCommands`. */
  officer?: OfficerCommands;
}

export interface Core {
  readonly store: DocumentStore;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly settings: CoreSettings;
  readonly i18n: I18n;
  readonly logger: Logger;
  readonly parser: Parser;
  /** The one entry every channel calls. */
  handleInbound: InboundHandler;
  render(reply: Reply, lng: Language, style: RenderStyle): string;
  /** Officer commands depend on the core's repos, so they are plugged in after creation. */
  setOfficerCommands(officer: OfficerCommands): void;
  /** Linking by one-time code needs the outbox, so it is plugged in after creation too. */
  setChatLinking(linking: ChatLinking): void;
}

/** Builds the core and creates its indexes; does not listen or schedule anything. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const store = deps.store;
  await ensureCoreIndexes(store);
  // A crash between a log write and its rollup refresh leaves one place-month stale: recount all at start.
  await new RollupsRepo(store).rebuild();
  const repos: Repositories = {
    places: new PlacesRepo(store),
    people: new PeopleRepo(store),
    logs: new LogsRepo(store),
    inbound: new InboundRepo(store),
    counters: new CountersRepo(store),
  };
  // One process holds an embedded store: a claim still pending at start was cut short by a crash.
  if (store.kind === 'embedded') await repos.inbound.releaseAllPending();
  const i18n = deps.i18n ?? createI18n();
  const parser = deps.parser ?? createParser([loadVocabulary('vi'), loadVocabulary('en')]);
  const settings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const context: UseCaseContext = { repos, parser, clock, settings, logger, i18n, ...(deps.officer ? { officer: deps.officer } : {}) };
  return {
    store,
    repos,
    clock,
    settings,
    i18n,
    logger,
    parser,
    handleInbound: createInboundHandler(context),
    render: (reply, lng, style) => renderReply(i18n, reply, lng, style),
    setOfficerCommands: (officer) => {
      context.officer = officer;
    },
    setChatLinking: (linking) => {
      context.linking = linking;
    },
  };
}
