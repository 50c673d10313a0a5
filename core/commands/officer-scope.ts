import type { Staff } from '../domain/people';
import type { Channel } from '../domain/session-log';
import type { ScopeReport } from '../indicators/engine';
import type { Command, CommandKind, PeriodRef, SummaryPeriod, ParseResult } from '../language/commands';
import type { GrammarArgs } from '../language/parser';
import type { OfficerKit } from '../officer/officer-kit';
import { reply, type Reply } from '../reply';
import type { Handler } from './command-module';

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

/** The figures of the sender's place for the period, then `then`; a place Loa no longer knows is said so. */
export async function withScope(kit: OfficerKit, person: Staff, period: PeriodRef | undefined, now: Date, daily: boolean, then: (report: ScopeReport) => Reply | Promise<Reply>): Promise<Reply> {
  const report = await kit.scope(person, period, now, daily);
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
