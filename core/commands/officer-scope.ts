import type { Staff } from '../domain/people';
import type { Channel } from '../domain/session-log';
import type { ScopeReport } from '../indicators/engine';
import type { Command, CommandKind, PeriodRef, SummaryPeriod, ParseResult } from '../language/commands';
import type { GrammarArgs } from '../language/parser';
import type { OfficerKit } from '../officer/officer-kit';
import { reply, type Reply } from '../reply';
import type { Handler } from './command-module';
import { resolveAskedPlace } from '../usecases/log-scope';

/** Where and when an officer command runs. */
export interface OfficerContext {
  channel: Channel;
  now: Date;
}

/** An officer command's own work, on the officer kit (tests and tools run it without the entry). */
export type OfficerRun<K extends CommandKind> = (kit: OfficerKit, command: Extract<Command, { kind: K }>, person: Staff, context: OfficerContext) => Promise<Reply>;

/** The handler the entry runs for an officer command: its own work, at the core's clock. */
export function officerHandler<K extends CommandKind>(run: OfficerRun<K>): Handler<K, Staff> {
  return (ctx, person, command, message) => run(ctx.officer, command, person, { channel: message.channel, now: ctx.clock.now() });
}

/** What an officer command asks figures of: its period, and the place named after `@` (default: the sender's own). */
export interface ScopeAsk {
  period?: PeriodRef | undefined;
  placeName?: string | undefined;
}

/**
 * The figures of the place asked (the sender's own, or one of their area named
 * after `@`, which the access policy must let them browse) for the period, then
 * `then`; a place Loa no longer knows, or one outside the area, is said so
 * without telling whether it exists.
 */
export async function withScope(kit: OfficerKit, person: Staff, ask: ScopeAsk, now: Date, daily: boolean, then: (report: ScopeReport) => Reply | Promise<Reply>): Promise<Reply> {
  const asked = ask.placeName ? await resolveAskedPlace(kit.deps.repos.places, person, ask.placeName) : null;
  if (asked && !asked.ok) return asked.reply;
  const report = await kit.scope(person, ask.period, now, daily, asked ? asked.place._id : person.role.placeId);
  return report ? then(report) : reply('summary:no_place');
}

/**
 * The grammar of a command that takes a period (`TONGHOP QUY`, `XUAT T10`):
 * none given is `fallback` (kept in the command when `always`, else left out
 * so the use-case says "now"). A period Loa cannot read is refused.
 */
export function periodGrammar<K extends 'summary' | 'export' | 'report' | 'quiet' | 'targets'>(kind: K, fallback: SummaryPeriod, always: boolean): (args: GrammarArgs) => ParseResult {
  return ({ rest, ctx, read }) => {
    const period = read.period(rest, ctx, fallback);
    if (!period.ok) return { ok: false, error: period.error };
    if (always) return { ok: true, command: { kind, period: period.period ?? { kind: fallback } } as Command };
    return { ok: true, command: (period.period ? { kind, period: period.period } : { kind }) as Command };
  };
}

/** Takes no arguments: whatever follows the keyword is ignored, as it always was. */
export function bare<K extends CommandKind>(kind: K): () => ParseResult {
  return () => ({ ok: true, command: { kind } as Command });
}
