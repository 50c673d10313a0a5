/**
 * The MongoDB repositories, written with the official driver (no shared
 * document layer): every port of core/repos and the doors' stores, each with
 * its indexes declared beside it and gathered here, created when a store opens.
 */
import type { Repositories } from '../../../core/ports/storage';
import type { DoorRepositories } from '../../store/open-storage';
import type { PlaceMonthCounts } from '../../store/repositories/rollups-repo';
import { MongoClaimsRepo, CLAIMS_INDEXES } from './claims-repo';
import type { IndexDeclarations, MongoContext } from './context';
import { DOOR_INDEXES, MongoDownloadFilesRepo, MongoGatewayDevicesRepo, MongoWebSessionsRepo } from './door-repos';
import { INBOUND_INDEXES, MongoCountersRepo, MongoInboundRepo } from './inbound-repo';
import { LOGS_INDEXES, MongoLogsRepo } from './logs-repo';
import { MongoOneTimeCodesRepo, ONE_TIME_CODES_INDEXES } from './one-time-codes-repo';
import { MongoOutboxRepo, OUTBOX_INDEXES } from './outbox-repo';
import { migrateMongoPeopleAccounts, MongoPeopleRepo, PEOPLE_INDEXES } from './people-repo';
import { MongoPlacesRepo, PLACES_INDEXES } from './places-repo';
import { MongoPlansRepo, PLANS_INDEXES } from './plans-repo';
import { MongoRollupsRepo, ROLLUPS_INDEXES } from './rollups-repo';

export { MongoContext, type IndexDeclarations, type MongoIndex } from './context';

/** Every index the repositories declare, by collection: what the index test checks queries against. */
export const MONGO_INDEXES: IndexDeclarations = mergeDeclarations([
  PLACES_INDEXES,
  PEOPLE_INDEXES,
  LOGS_INDEXES,
  ROLLUPS_INDEXES,
  INBOUND_INDEXES,
  PLANS_INDEXES,
  OUTBOX_INDEXES,
  CLAIMS_INDEXES,
  ONE_TIME_CODES_INDEXES,
  DOOR_INDEXES,
]);

function mergeDeclarations(all: IndexDeclarations[]): IndexDeclarations {
  const out: IndexDeclarations = {};
  for (const declarations of all) for (const [name, indexes] of Object.entries(declarations)) (out[name] ??= []).push(...indexes);
  return out;
}

/** What a MongoStore offers beside the document layer: its native repositories. */
export interface MongoNative {
  /** Tests only: while true every repository call fails with StoreUnavailableError. */
  outage: boolean;
  ensureIndexes(): Promise<void>;
  repositories(): Repositories;
  doors(): DoorRepositories;
  /** Bulk loads behind the use-cases (benches): counts made by `rollupsOf`, written in this store's rollup shape. */
  insertRollups(counts: PlaceMonthCounts[]): Promise<void>;
  clearRollups(): Promise<void>;
}

export function mongoNative(ctx: MongoContext): MongoNative {
  const rollups = new MongoRollupsRepo(ctx);
  return {
    get outage() {
      return ctx.outage;
    },
    set outage(value: boolean) {
      ctx.outage = value;
    },
    // People stored before accounts are migrated first (their old unique indexes go with their fields).
    ensureIndexes: async () => {
      await migrateMongoPeopleAccounts(ctx);
      await ctx.ensureIndexes(MONGO_INDEXES);
    },
    repositories: () => ({
      places: new MongoPlacesRepo(ctx),
      people: new MongoPeopleRepo(ctx),
      logs: new MongoLogsRepo(ctx, rollups),
      inbound: new MongoInboundRepo(ctx),
      counters: new MongoCountersRepo(ctx),
      plans: new MongoPlansRepo(ctx),
      outbox: new MongoOutboxRepo(ctx),
      oneTimeCodes: new MongoOneTimeCodesRepo(ctx),
      claims: (book, owner) => new MongoClaimsRepo(ctx, book, owner),
      rollups,
      // MongoDB: each write is durable when it resolves (w: majority); a unit is a plain call.
      unit: (fn) => fn(),
    }),
    doors: () => ({
      gatewayDevices: new MongoGatewayDevicesRepo(ctx),
      downloadFiles: new MongoDownloadFilesRepo(ctx),
      webSessions: new MongoWebSessionsRepo(ctx),
    }),
    insertRollups: (counts) => rollups.insertBulk(counts),
    clearRollups: () => rollups.clearAll(),
  };
}
