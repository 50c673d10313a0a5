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
import type { Config } from './config';
import type { MountFn } from './http/http-app';
import type { RosterFileReader } from '../core/roster/roster-file';
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

/** What a door is built from. The outbox needs every sender before the core exists, so doors reach the core through `built`. */
export interface ChannelEnv {
  config: Config;
  logger: Logger;
  clock: Clock;
  storage: OpenStorage;
  /** The roster as the senders need it (marking a blocked chat account). */
  people: PeopleRepo;
  /** The adapters the composition root chose, for doors that draw or write files (the web pages). */
  adapters: { charts: GridChartRenderer; xlsx: XlsxWriter; docx: ReportDocumentWriter; rosterFile: RosterFileReader };
  /** The doors that send (each sender's channel), filled once every door is built: read it from `mount` (the roster says who is reachable). */
  doorsOn: readonly Channel[];
  /** The core and its outbox; call only from `mount`, `start` or `stop`. */
  built(): { core: Core; outbox: Outbox };
}

export type ChannelFactory = (env: ChannelEnv) => ChannelPlugin;
