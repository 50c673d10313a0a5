import type { Clock } from '../core/clock';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/logger';
import type { Outbox } from '../core/outbound';
import type { MessageSender } from '../core/outbound/port';
import type { PeopleRepo } from '../core/repos/people-repo';
import type { OpenStorage } from '../adapters/store/open-storage';
import type { GridChartRenderer } from '../core/charts/chart-renderer';
import type { XlsxWriter } from '../core/officer/workbook';
import type { ReportDocumentWriter } from '../core/report/report-document';
import type { z } from 'zod';
import type { LoaConfig } from './config';
import type { DoorSettings } from './settings-kit';
import type { MountFn } from './http/http-app';
import type { RosterFileReader } from '../core/roster/roster-file';
import type { CronReader } from '../core/scheduling/cron-port';
import type { OneTimeCodes } from '../core/usecases/one-time-codes';
import type { Channel } from '../core/domain/session-log';

/**
 * A door as the composition root plugs it in: what config switches on, and
 * nothing else. The sender goes to the outbox; the routes go on the one HTTP
 * server; start/stop run with the service.
 */
export interface ChannelPlugin {
  readonly name: string;
  /** The door out, for the outbox. */
  sender?: MessageSender;
  /** Routes on the one HTTP server. */
  mount?: MountFn;
  /** Background work (polling, webhook registration, watchdogs); never throws for an unreachable provider. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** The adapters app/runtime.ts picks once for the core, the scheduler and the doors. */
export interface DoorAdapters {
  charts: GridChartRenderer;
  xlsx: XlsxWriter;
  docx: ReportDocumentWriter;
  rosterFile: RosterFileReader;
  cron: CronReader;
}

/** What a door is built from. The outbox needs every sender before the core exists, so doors reach the core through `built`. */
export interface ChannelEnv<C extends LoaConfig = LoaConfig> {
  config: C;
  logger: Logger;
  clock: Clock;
  storage: OpenStorage;
  /** The roster as the senders need it (marking a blocked chat account). */
  people: PeopleRepo;
  /** The adapters the runtime chose, for doors that draw or write files (the web pages). */
  adapters: DoorAdapters;
  /** The doors that send (each sender's channel), filled once every door is built: read it from `mount` (the roster says who is reachable). */
  doorsOn: readonly Channel[];
  /** Every channel a log can carry: each registered door's name (app/doors.ts) and the terminal phone's (the web's logs filter lists them). */
  channels: readonly Channel[];
  /** The core, its outbox and its one-time codes; call only from `mount`, `start` or `stop`. */
  built(): { core: Core; outbox: Outbox; codes: OneTimeCodes };
}

export type ChannelFactory<C extends LoaConfig = LoaConfig> = (env: ChannelEnv<C>) => ChannelPlugin;

/** What a door reads: Loa's settings and its own (never another door's). */
export type DoorConfig<S extends z.ZodRawShape> = {} extends S ? LoaConfig : LoaConfig & z.infer<z.ZodObject<S>>;

/**
 * A door as app/doors.ts registers it: its name, the settings it reads
 * (merged into the config) and how it opens. Everything else about a door
 * lives in its folder. Declare it with its type written out
 * (`DoorModule<typeof settings.fields.shape>`): the config's type is read from it,
 * and the door's plug-in sees Loa's settings and its own.
 */
export interface DoorModule<S extends z.ZodRawShape = {}> {
  /** Its channel: the name stored on every log and claim that came through it. */
  readonly name: string;
  /** Full Vietnamese and long texts (a chat app, the web), or one diacritic-free SMS segment each. */
  readonly fullText: boolean;
  /** It never sends (the web pages): LOA_DOOR_ORDER cannot name it. */
  readonly neverSends?: boolean;
  readonly settings?: DoorSettings<S>;
  readonly open: ChannelFactory<DoorConfig<S>>;
}
