import ExcelJS from 'exceljs';
import { storedLogs } from '../../support/stored';
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { asStaff, createTestCore } from '../../support/test-core';
import { writeXlsx } from '../../../adapters/office/exceljs-writer';
import type { Person } from '../../../core/domain/people';
import type { Reply } from '../../../core/reply';
import { minusDays, periodKeysOf } from '../../../core/periods';
import { runWeeklySummaries } from '../../../core/scheduling/weekly-summary';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import type { SessionLog } from '../../../core/domain/session-log';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';

/**
 * The machinery of a plan year on a fake clock, shared by the district and
 * province scenarios: writes that land on their day (bulk, as the Kẻ Sắt year
 * does, or texted through the core entry), every Monday's summary through the
 * scheduler's weekly path, and the officer commands asked on a given day.
 */
export const i18n: I18n = createI18n();
export const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');

/** Something that happens on a day: bulk documents through a fixture, or an SMS through the core entry. */
export type Happening = { on: string; add: (f: Fixture) => void } | { on: string; hour: number; text: string | (() => string); from: Person; check: (reply: string, logs: SessionLog[]) => void };

export class YearWorld {
  private readonly happenings: Happening[] = [];
  private done = 0;
  // One fixture for the whole year: its short codes stay unique, as the core's indexes require.
  private readonly writes = new Fixture('w');
  readonly outbound = new RecordingOutbound();
  /** Monday → recipient id → the summary text. */
  readonly mondays = new Map<string, Map<string, string>>();

  constructor(private readonly store: OpenStorage) {}

  bulk(on: string, add: (f: Fixture) => void): void {
    this.happenings.push({ on, add });
  }

  /** `from` texts `text` on `on` at `hour` (Vietnam time); `check` sees the SMS reply and every stored log after it. */
  sms(on: string, from: Person, text: string | (() => string), check: (reply: string, logs: SessionLog[]) => void, hour = 10): void {
    this.happenings.push({ on, hour, text, from, check });
  }

  /** Everything due up to and including `day`, in order of day (bulk first on a shared day). */
  private async catchUp(day: string): Promise<void> {
    const due = this.happenings.filter((h) => h.on <= day).sort((p, q) => (p.on < q.on ? -1 : p.on > q.on ? 1 : ('text' in p ? 1 : 0) - ('text' in q ? 1 : 0)));
    for (const h of due.slice(this.done)) {
      if ('text' in h) {
        await this.writes.insert(this.store);
        const t = await createTestCore({ storage: this.store, now: vn(h.on, h.hour) });
        const text = typeof h.text === 'string' ? h.text : h.text();
        const outcome = await t.core.handleInbound({ channel: 'sms', channelMessageId: `scenario-${h.on}-${text}`, sender: { kind: 'phone', phone: h.from.phone! }, text, receivedAt: t.clock.now() });
        const logs = await storedLogs(this.store);
        h.check(outcome.reply ? t.core.render(outcome.reply, outcome.lng, 'sms') : '', logs);
      } else h.add(this.writes);
    }
    this.done = due.length;
    await this.writes.insert(this.store);
  }

  /** Every Monday of 2026 at 07:00, after the writes due by then: the summaries sent, kept by recipient. */
  async runMondays(): Promise<void> {
    const engine = onStore(this.store).engine;
    for (let monday = '2026-01-05'; monday <= '2026-12-28'; monday = minusDays(monday, -7)) {
      await this.catchUp(monday);
      const week = periodKeysOf(monday).week;
      await runWeeklySummaries({ ...onStore(this.store), engine, outbound: this.outbound, i18n, owner: 'scenario' }, week, vn(monday, 7));
      const byPerson = new Map<string, string>();
      for (const r of this.outbound.sent.filter((s) => s.idempotencyKey.startsWith(`summary:${week}:`))) byPerson.set(r.person._id, full(r.reply));
      this.mondays.set(monday, byPerson);
    }
    // The rest of December (the typo'd date is sent on 06/12, after the last Monday but one).
    await this.catchUp('2026-12-31');
  }

  /** Line `n` of the Monday summary `person` got. */
  line(monday: string, person: Person, n: number): string | undefined {
    return this.mondays.get(monday)?.get(person._id)?.split('\n')[n];
  }

  ask(command: OfficerCommand, person: Person, day: string): Promise<Reply> {
    const engine = onStore(this.store).engine;
    return createOfficerCommands({ ...onStore(this.store), i18n, outbound: new RecordingOutbound(), engine, xlsx: writeXlsx }).handle(command, asStaff(person), { channel: 'telegram', now: vn(day, 10) });
  }
}

/** A workbook's sheet as rows of cells (dates as yyyy-mm-dd), header row left out. */
export async function sheetRows(reply: Reply, sheet: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(reply.attachment!.content as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.getWorksheet(sheet)!.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1).map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c));
    rows.push(values);
  });
  return rows;
}
