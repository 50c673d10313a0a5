import type { Express } from 'express';
import request from 'supertest';
import { FakeClock } from '../../core/clock';
import { createCore, type Core } from '../../core/create-core';
import { openEmbeddedStorage, type OpenStorage } from '../../adapters/store/open-storage';
import { createIndicatorEngine, type IndicatorEngine } from '../../core/indicators/engine';
import { silentLogger, type Logger } from '../../core/logger';
import type { Outbound, OutboundRequest } from '../../core/outbound/port';
import { createOneTimeCodes } from '../../core/usecases/one-time-codes';
import { createHttpApp } from '../../app/http/http-app';
import { mountWeb, useCaseContextOf } from '../../web';
import { echartsGridRenderer } from '../../adapters/charts/echarts-grid';
import { writeXlsx } from '../../adapters/office/exceljs-writer';
import { writeReportDocx } from '../../adapters/office/docx-report-writer';
import { SCENARIO, seedScenario } from './scenario';
import type { Channel } from '../../core/domain/session-log';
import { rosterCsvOf } from '../../adapters/office/xlsx-roster-reader';
import { commandRegistry } from '../../app/commands';
import { DOORS } from '../../app/doors';
import { channelsOf } from '../../app/runtime';

/** A door that reaches everyone and keeps what it was asked to send: the sign-in code is read from it. */
export class FakeDoor implements Outbound {
  readonly sent: OutboundRequest[] = [];
  async send(request: OutboundRequest) {
    this.sent.push(request);
    return { ok: true as const, status: 'sent' as const, channel: 'telegram' as const };
  }
  /** The newest code sent to a person. */
  codeFor(personId: string): string {
    const last = [...this.sent].reverse().find((r) => r.person._id === personId && r.reply.key === 'codes:message.web-login');
    if (!last) throw new Error(`no code was sent to ${personId}`);
    return String(last.reply.values?.code);
  }
}

export interface WebHarness {
  app: Express;
  /** The storage under the app: its repositories, and `admin` for what a test audits. */
  store: OpenStorage;
  core: Core;
  clock: FakeClock;
  door: FakeDoor;
  engine: IndicatorEngine;
}

/** Loa's HTTP app with the web pages on the seeded scenario, a fake clock and a fake door. */
export async function webHarness(options: { store?: OpenStorage; logger?: Logger; secure?: boolean; loginsPerAddress?: number; seed?: boolean; trustProxy?: false | number | string[]; doors?: readonly Channel[] } = {}): Promise<WebHarness> {
  const store = options.store ?? (await openEmbeddedStorage());
  const clock = new FakeClock(SCENARIO.now);
  const logger = options.logger ?? silentLogger;
  const core = await createCore({ commands: commandRegistry(), storage: store, clock, logger });
  if (options.seed !== false) await seedScenario(store);
  const engine = createIndicatorEngine({ repos: store.repos, timeZone: core.settings.timeZone });
  const door = new FakeDoor();
  const codes = createOneTimeCodes({ codes: core.repos.oneTimeCodes, people: core.repos.people, counters: core.repos.counters, outbound: door, logger });
  const app = createHttpApp({
    logger,
    store,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    mount: [(a) => mountWeb(a, { sessionStore: store.doors.webSessions, repos: core.repos, useCases: useCaseContextOf(core), engine, codes, i18n: core.i18n, charts: echartsGridRenderer, xlsx: writeXlsx, docx: writeReportDocx, rosterFile: rosterCsvOf, clock, logger, secure: options.secure ?? false, doors: options.doors ?? ['sms', 'telegram', 'zalo'], channels: channelsOf(DOORS), ...(options.loginsPerAddress ? { loginsPerAddress: options.loginsPerAddress } : {}) })],
  });
  return { app, store, core, clock, door, engine };
}

/** The CSRF token of the first form in a page. */
export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A supertest agent signed in as `person` through the fake door (it holds the session cookie). */
export async function signedIn(h: WebHarness, person: { id: string; phone: string }) {
  const agent = request.agent(h.app);
  const form = await agent.get('/web/login');
  const sent = await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: person.phone });
  await agent.post('/web/login/code').type('form').send({ _csrf: csrfOf(sent.text), phone: person.phone, code: h.door.codeFor(person.id) }).expect(303);
  return agent;
}
