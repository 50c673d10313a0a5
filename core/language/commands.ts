import type { FormCode, GroupCode } from '../domain/vocabulary-codes';

/** Periods an officer can ask about. */
export type SummaryPeriod = 'week' | 'month' | 'quarter' | 'year';

/** What a correction may change; at least one field is present. */
export interface LogChanges {
  participants?: number;
  form?: FormCode;
  groups?: GroupCode[];
  date?: string; // YYYY-MM-DD, local
  note?: string;
}

/**
 * Every intent the message language expresses. The parser produces these;
 * use-cases consume them; channels never look inside the text themselves.
 */
export type Command =
  | {
      kind: 'log';
      participants: number;
      form: FormCode;
      groups: GroupCode[];
      /** Local date of the session, YYYY-MM-DD (already checked against the age limit). */
      date: string;
      /** Words the parser did not recognise, in the sender's own spelling. */
      note: string;
      /** The sender said this is deliberately another session (e.g. `TT2`, `TT THEM`), skip the re-send check. */
      again: boolean;
    }
  | { kind: 'cancel'; code: string | null }
  | { kind: 'correct'; code: string; changes: LogChanges }
  | { kind: 'view' }
  | { kind: 'help' }
  | { kind: 'stop_reminders' }
  | { kind: 'start_reminders' }
  | { kind: 'summary'; period: SummaryPeriod }
  | { kind: 'quiet' }
  | { kind: 'targets' }
  | { kind: 'export'; period: SummaryPeriod }
  | { kind: 'remind' }
  /** `DK 0905123456`: link this chat to the roster person with that phone (a one-time code is sent to them). */
  | { kind: 'register'; phone: string }
  /** A bare 6-digit number: the one-time code asked for with `register`. */
  | { kind: 'verify'; code: string }
  /** Officers: `HUYLK 0905123456` removes that person's Zalo and Telegram links. */
  | { kind: 'unlink'; phone: string };

export type CommandKind = Command['kind'];

/**
 * Expected ways a text fails to be a command. Each maps to a reply that says
 * what to fix; none is an exception.
 */
export type ParseError =
  | { code: 'empty' }
  | { code: 'unknown' }
  | { code: 'no_participants' }
  | { code: 'two_numbers'; numbers: [number, number] }
  | { code: 'zero_participants' }
  | { code: 'too_many_participants'; participants: number }
  | { code: 'no_form' }
  | { code: 'bad_date'; text: string }
  | { code: 'future_date'; date: string }
  | { code: 'too_old'; date: string; maxAgeDays: number }
  | { code: 'missing_code'; command: 'correct' }
  | { code: 'nothing_to_correct'; logCode: string };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export interface ParseContext {
  /** When the message was received (the phone's time for relayed SMS). */
  receivedAt: Date;
  /** IANA zone the dates are read in. */
  timeZone: string;
  /** Oldest session date accepted, in days before the received date. */
  maxAgeDays: number;
}
