import fs from 'node:fs';
import type { i18n as I18n } from 'i18next';
import type { Clock } from '../../core/clock';
import type { IndicatorEngine } from '../../core/indicators/engine';
import type { PlacesRepo } from '../../core/repos/places-repo';
import { draftReport } from '../../core/report/draft-report';
import type { ReportDocumentWriter } from '../../core/report/report-document';
import type { Parser } from '../../core/usecases/context';

export interface BaocaoCommandDeps {
  parser: Parser;
  engine: IndicatorEngine;
  i18n: I18n;
  places: Pick<PlacesRepo, 'get'>;
  clock: Clock;
  writer: ReportDocumentWriter;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/**
 * `loa baocao <place id> <period words> <file.docx>`: the BAOCAO draft of any
 * place, for admins at the server (and tests). The period words are read by
 * the same parser as `BAOCAO H1/2026` in a chat, so they mean the same thing.
 */
export async function runBaocaoCommand(args: string[], deps: BaocaoCommandDeps): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const err = deps.err ?? ((line: string) => console.error(line));
  const t = (key: string, values: Record<string, unknown> = {}): string => deps.i18n.t(`report:cli.${key}`, { ...values, lng: 'en' }) as string;
  const [placeId, ...rest] = args;
  const file = rest.pop();
  if (!placeId || !file || !file.endsWith('.docx')) {
    err(t('usage'));
    return 2;
  }
  const words = rest.join(' ');
  const parsed = deps.parser.parse(`BAOCAO ${words}`, { receivedAt: deps.clock.now(), timeZone: deps.engine.timeZone, maxAgeDays: 366 });
  if (!parsed.ok || parsed.command.kind !== 'report') {
    err(t('bad_period', { text: words }));
    return 2;
  }
  const draft = await draftReport({ engine: deps.engine, i18n: deps.i18n, writer: deps.writer, places: deps.places }, { placeId, period: parsed.command.period, now: deps.clock.now() });
  if (!draft.ok) {
    err(t('no_place', { place: placeId }));
    return 1;
  }
  fs.writeFileSync(file, draft.buffer);
  out(t('written', { file, bytes: draft.buffer.length }));
  return 0;
}
