import { Api, InputFile } from 'grammy';
import { onStore } from '../../../tools/harness/on-store';
import { createTelegramSender } from '../../../bot/telegram';
import { CHART_WIDTH, chartHeight, echartsGridRenderer } from '../../../adapters/charts/echarts-grid';
import { buildGrid } from '../../../core/charts/grid-model';
import { createCore } from '../../../core/create-core';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { createIndicatorEngine } from '../../../core/indicators/engine';
import { silentLogger } from '../../../core/logger';
import { createOfficerCommands } from '../../../core/commands/officer-commands';
import { asStaff } from '../../support/test-core';
import { createOutbox } from '../../../core/outbound';
import { runWeeklySummaries } from '../../../core/scheduling/weekly-summary';
import { RecordingBotApi } from '../../../tools/harness/fake-bot-api';
import { decodePng, inkOf } from '../../support/png';
import { EXPECTED_X, SCENARIO, scenarioClock, seedScenario } from '../../web/scenario';
import { commandRegistry } from '../../../app/commands';

/** Decodes the PNG (so it is whole) and gives its size; it must have ink. */
function pngSize(png: Buffer): { width: number; height: number } {
  const image = decodePng(png);
  expect(inkOf(image).ink).toBeGreaterThan(0.02);
  return { width: image.width, height: image.height };
}

async function world() {
  const store = await openEmbeddedStorage();
  const clock = scenarioClock();
  const core = await createCore({ commands: commandRegistry(), storage: store, clock });
  await seedScenario(store);
  const engine = createIndicatorEngine({ repos: store.repos, timeZone: core.settings.timeZone });
  return { store, clock, core, engine };
}

describe('the village × month grid picture', () => {
  it('holds, cell for cell, the sessions the indicator engine counted', async () => {
    const { engine } = await world();
    const report = (await engine.report('x', SCENARIO.now))!;
    const grid = buildGrid(report);
    expect(grid.months).toHaveLength(12);
    for (const row of grid.rows) {
      const expected = EXPECTED_X[row.id]!;
      expect({ id: row.id, values: row.cells.slice(0, 8).map((c) => (c.status === 'future' ? null : c.value)) }).toEqual({ id: row.id, values: expected });
    }
    expect(grid.rows.filter((r) => r.broken).map((r) => r.id)).toEqual(['x.b', 'x.c']);
    expect(grid.rows.find((r) => r.id === 'x.a')!.cells.slice(0, 8).every((c) => c.status === 'streak')).toBe(true);
  });

  it('goes with the Monday summary to an officer on Telegram as a whole PNG of the expected size', async () => {
    const { store, clock, core, engine } = await world();
    const recorder = new RecordingBotApi();
    const api = new Api('123456:TEST-TOKEN');
    recorder.install(api);
    const outbox = createOutbox({
      records: core.repos.outbox,
      senders: [createTelegramSender({ api, people: core.repos.people, logger: silentLogger, clock })],
      render: core.render,
      clock,
      logger: silentLogger,
      defaultSmsChannel: 'sms',
    });
    const run = await runWeeklySummaries({ ...onStore(store), engine, outbound: outbox, i18n: core.i18n, owner: 'test', charts: echartsGridRenderer }, '2026-W34', SCENARIO.now);
    expect(run.sent).toBe(1); // only the officer of X has a door (Telegram)
    const docs = recorder.made('sendDocument').filter((p) => p.chat_id === SCENARIO.officer.telegramId);
    expect(docs).toHaveLength(1);
    const file = docs[0]!.document as InputFile;
    expect(file.filename).toMatch(/^loa-x-.*\.png$/);
    // grammY keeps the bytes it would upload in a private field; the fake reads them as Telegram would receive them.
    const size = pngSize((file as unknown as { fileData: Buffer }).fileData);
    const grid = buildGrid((await engine.report('x', SCENARIO.now, { period: 'week', which: 'previous' }))!);
    expect(size).toEqual({ width: CHART_WIDTH, height: chartHeight(grid) });
    expect(grid.rows).toHaveLength(5);
  });

  it('goes with TONGHOP on Telegram, never with TONGHOP by SMS', async () => {
    const { store, core, engine } = await world();
    const commands = createOfficerCommands({ ...onStore(store), i18n: core.i18n, outbound: { send: async () => ({ ok: false, reason: 'no_channel' }) }, engine, charts: echartsGridRenderer });
    const officer = (await core.repos.people.get(SCENARIO.officer.id))!;
    const chat = await commands.handle({ kind: 'summary', period: { kind: 'month' } }, asStaff(officer), { channel: 'telegram', now: SCENARIO.now });
    expect(chat.attachment?.mimeType).toBe('image/png');
    expect(pngSize(chat.attachment!.content).width).toBe(CHART_WIDTH);
    const sms = await commands.handle({ kind: 'summary', period: { kind: 'month' } }, asStaff(officer), { channel: 'sms', now: SCENARIO.now });
    expect(sms.attachment).toBeUndefined();
  });
});
