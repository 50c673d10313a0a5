import type { i18n as I18n } from 'i18next';
import type { Staff } from '../domain/people';
import { isSmsLike, type Channel } from '../domain/session-log';
import type { IndicatorEngine } from '../indicators/engine';
import { periodRange } from '../indicators/snapshot';
import type { Command } from '../language/commands';
import { createTexts } from '../wording/texts';
import { localDate } from '../periods';
import type { PlacesRepo } from '../repos/places-repo';
import { reply, type Reply } from '../reply';
import { periodTitle } from './compose-report';
import { draftReport } from './draft-report';
import { DOCX_MIME, type ReportDocumentWriter } from './report-document';

export interface ReportCommandDeps {
  engine: IndicatorEngine;
  i18n: I18n;
  /** Without it (the terminal chat, a core with no Word writer) BAOCAO on a chat answers that it is unavailable. */
  report?: { writer: ReportDocumentWriter; places: Pick<PlacesRepo, 'get'> };
}

/**
 * BAOCAO for the sender's own place: the Word draft on a chat (Telegram sends
 * it, Zalo a one-time link through the attachment path XUAT uses); by SMS a
 * one-segment reply naming the web page, where the same draft is a button.
 */
export async function reportCommand(
  deps: ReportCommandDeps,
  command: Extract<Command, { kind: 'report' }>,
  person: Staff,
  context: { channel: Channel; now: Date },
): Promise<Reply> {
  const texts = createTexts(deps.i18n, person.lng);
  const { kind, key } = command.period;
  if (isSmsLike(context.channel)) {
    const range = periodRange(localDate(context.now, deps.engine.timeZone), kind, 'current', key);
    return reply('baocao:sms', { period: periodTitle(texts, kind, range.key) });
  }
  if (!deps.report) return reply('officer.unavailable');
  const draft = await draftReport({ engine: deps.engine, i18n: deps.i18n, ...deps.report }, { placeId: person.role.placeId, period: command.period, now: context.now });
  if (!draft.ok) return reply('summary:no_place');
  const f = draft.figures;
  const done = reply('baocao:ready', { period: periodTitle(texts, f.period.kind, f.period.key), place: f.root.name, sessions: f.sessions, attendances: f.attendances });
  return { ...done, attachment: { filename: draft.document.fileName, mimeType: DOCX_MIME, content: draft.buffer } };
}
