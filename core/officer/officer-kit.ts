import { randomUUID } from 'node:crypto';
import type { i18n as I18n } from 'i18next';
import { groupByVillage, type Person, type Staff } from '../domain/people';
import type { PeriodRef } from '../language/commands';
import type { IndicatorEngine, ScopeReport } from '../indicators/engine';
import { silentLogger, type Logger } from '../logger';
import type { Outbound } from '../outbound/port';
import type { Repositories } from '../ports/storage';
import type { XlsxWriter } from './workbook';
import type { GridChartRenderer } from '../charts/chart-renderer';
import { gridPicture, type SummaryPicture } from '../charts/grid-picture';
import type { ReportDocumentWriter } from '../report/report-document';
import type { PlacesRepo } from '../repos/places-repo';

export interface OfficerCommandsDeps {
  /** `places`: a place named after `@` is looked for in the sender's area. */
  repos: Pick<Repositories, 'people' | 'logs' | 'claims' | 'places'>;
  i18n: I18n;
  /** NHAC sends through it. */
  outbound: Outbound;
  logger?: Logger;
  /** Shared with the scheduler so both compute the same numbers. */
  engine: IndicatorEngine;
  /** Names this process in reminder claims (default host:pid). */
  owner?: string;
  /** Draws the grid picture TONGHOP attaches on a chat; without it none is attached. */
  charts?: GridChartRenderer;
  /** Writes the XUAT workbook; a core without it (the terminal chat, the admin CLI) never gets XUAT on a chat door. */
  xlsx?: XlsxWriter;
  /** Writes the BAOCAO draft (.docx, `office/`) and finds the place above the sender's; without it BAOCAO answers that it is unavailable. */
  report?: { writer: ReportDocumentWriter; places: Pick<PlacesRepo, 'get'> };
}

/**
 * What the officer commands (TONGHOP, CHUA, CHITIEU, XUAT, BAOCAO, NHAC, XEM
 * for staff) share: their dependencies and the figures of the sender's own
 * place. Each command's reply is built in its module (`core/commands/<verb>.ts`).
 * The scope is the sender's own place, or a place of their area named after
 * `@` (`TONGHOP @Ba To`), which the access policy must let them browse
 * (`withScope` in `core/commands/officer-scope.ts`): an officer cannot ask
 * about another commune, nor learn whether it exists.
 */
export interface OfficerKit {
  readonly deps: OfficerCommandsDeps;
  readonly logger: Logger;
  /** Names this process in reminder claims. */
  readonly owner: string;
  /** The grid picture for a TONGHOP on a chat; null without a chart renderer. */
  readonly picture: SummaryPicture | null;
  /** The figures of `scopeId` (default: the sender's place) for the period asked (default: this month); `daily` adds silent villages and week totals (TONGHOP, XUAT). */
  scope(person: Staff, period: PeriodRef | undefined, now: Date, daily: boolean, scopeId?: string): Promise<ScopeReport | null>;
  /** The collaborators under a place, by village (CHUA names them). */
  collaboratorsByVillage(scopeId: string): Promise<Map<string, Person[]>>;
  /**
   * The same kit on other repositories: a message's, bound to its unit of
   * work (`repos.unitWith`), so NHAC's reminder claims and the outbox records
   * of its sends join the message's unit instead of each being a lone write
   * that also commits the message's batch half-way. Cheap (no chart
   * renderer, owner or logger made again); the entry asks for it only when a
   * message runs an officer command. The indicator engine and BAOCAO's place
   * lookup stay shared: they only read, and keep their caches (on SQLite one
   * connection serves every read, so they see the message's uncommitted
   * writes anyway; MongoDB has no unit).
   */
  withRepos(repos: OfficerCommandsDeps['repos'] & Pick<Repositories, 'outbox'>): OfficerKit;
}

export function createOfficerKit(deps: OfficerCommandsDeps): OfficerKit {
  return kitOn(deps, {
    logger: deps.logger ?? silentLogger,
    // Claims need an owner unique per process; the composition root passes host:pid (core reads no OS).
    owner: deps.owner ?? `process-${randomUUID()}`,
    picture: deps.charts ? gridPicture(deps.i18n, deps.charts) : null,
  });
}

/** What every kit of one core shares, whichever repositories it runs on. */
type SharedParts = Pick<OfficerKit, 'logger' | 'owner' | 'picture'>;

function kitOn(deps: OfficerCommandsDeps, shared: SharedParts): OfficerKit {
  const { engine, repos } = deps;
  return {
    deps,
    ...shared,
    scope: (person, period, now, daily, scopeId = person.role.placeId) => {
      // Every command that takes a period gets exactly the one asked for (default: this month).
      const asked: PeriodRef = period ?? { kind: 'month' };
      return engine.report(scopeId, now, { period: asked.kind, ...(asked.key ? { key: asked.key } : {}), daily });
    },
    collaboratorsByVillage: async (scopeId) => groupByVillage(await repos.people.under(scopeId, 'collaborator')),
    // NHAC's sends are recorded by the outbox: on the message's repositories too.
    withRepos: (bound) => kitOn({ ...deps, repos: bound, outbound: deps.outbound.withRepos?.(bound) ?? deps.outbound }, shared),
  };
}
