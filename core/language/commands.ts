import type { FormCode, GroupCode } from '../domain/vocabulary-codes';

import type { SummaryPeriod } from '../periods';

/** Declared with the period arithmetic (core/periods.ts), below the language. */
export type { SummaryPeriod };

/**
 * A period as asked: the one running now (`key` absent), or a named one by its
 * key (`2026-W47`, `2026-11`, `2026-Q3`, `2026-H1`, `2026`). The parser turns
 * `THANG 11`, `TRUOC`, `Q3/2026` into a key, so nothing downstream guesses.
 */
export interface PeriodRef {
  kind: SummaryPeriod;
  key?: string;
}

/** Days of the week, Monday first: the index + 1 is the ISO weekday (luxon's `weekday`). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Participants split by group (`TT 50 hop 30 tn 20 pn` gives `{ tn: 30, pn: 20 }`).
 * Present only when the sender bound numbers to two or more groups; the values
 * then sum exactly to `participants` (the parser refuses a split that does not).
 */
export type ParticipantsByGroup = Partial<Record<GroupCode, number>>;

/** What a correction may change; at least one field is present. */
export interface LogChanges {
  participants?: number;
  form?: FormCode;
  groups?: GroupCode[];
  /** A new split; when present, `participants` is its sum and `groups` its groups. */
  participantsByGroup?: ParticipantsByGroup;
  date?: string; // YYYY-MM-DD, local
  /** Set when `date` was given as a weekday name (`thu 7`), so the reply can echo it. */
  dateWord?: Weekday;
  note?: string;
}

/**
 * A log as the language reads it (`read.log`, `TT 45 hop thon`); `core/commands/tt.ts`
 * registers it as the `log` command.
 */
export interface LogCommand {
  kind: 'log';
  participants: number;
  form: FormCode;
  groups: GroupCode[];
  /** Split by group, when the sender gave one (see {@link ParticipantsByGroup}); absent for the bare form. */
  participantsByGroup?: ParticipantsByGroup;
  /** Local date of the session, YYYY-MM-DD (already checked against the age limit). */
  date: string;
  /**
   * The weekday name the sender dated the session with (`thu 7`, `CN`), resolved
   * to the most recent such day (today included) in `date`; absent for any other
   * way of giving the date. The confirmation echoes it (`thu 7 14/11`) so a
   * wrong guess of "which Saturday" shows at once.
   */
  dateWord?: Weekday;
  /**
   * The village an officer logs for (`TT @Dong 45 hop`), as typed after `@`
   * (`@thon 3` gives `thon 3`). Not resolved here: the use case matches it
   * against the sender's roster and refuses what it cannot place.
   */
  placeName?: string;
  /**
   * The place chosen from a list by a door that has one (the web's new-log
   * form sends its id; never typed, the parser never sets it). TT's handler
   * checks it with the access policy against the sender, as it does a typed
   * `@name`: one check for both doors.
   */
  placeId?: string;
  /** Words the parser did not recognise, in the sender's own spelling. */
  note: string;
  /** The sender said this is deliberately another session (e.g. `TT2`, `TT THEM`), skip the re-send check. */
  again: boolean;
}

/** A correction as the language reads it (`read.correct`, `SUA A7K2 50`); `core/commands/sua.ts` registers it. */
export interface CorrectCommand {
  kind: 'correct';
  code: string;
  changes: LogChanges;
  /** Where the code is looked for, under the sender's place (the web names the log's village; the parser never sets it). */
  placeId?: string;
}

/**
 * Every command's shape, by its kind. Empty here: each command module
 * (`core/commands/<verb>.ts`) adds its own entry with
 * `declare module '../language/commands' { interface CommandShapes { <kind>: … } }`,
 * so a new command's shape lives in its file and the union below grows with it.
 * An entry's `kind` must be its key (`defineCommand` checks it).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface CommandShapes {}

export type CommandKind = keyof CommandShapes & string;

/**
 * Every intent the message language expresses: the union of the registered
 * shapes. The parser produces these; use-cases consume them; channels never
 * look inside the text themselves.
 */
export type Command = CommandShapes[CommandKind];

/**
 * Expected ways a text fails to be a command. Each maps to a reply that says
 * what to fix; none is an exception.
 */
export type ParseError =
  | { code: 'empty' }
  | { code: 'unknown' }
  | { code: 'no_participants' }
  | { code: 'two_numbers'; numbers: [number, number] }
  /** A count with letters in it (`5O`, `4S`, `1O0`): a slip we must not read as a smaller number. */
  | { code: 'unclear_number'; text: string }
  /** A count with a sign (`-5`, `+5`). */
  | { code: 'signed_number'; text: string }
  /** A number of sessions (`3 buoi`, `2 lan`) where the number of people belongs: one text per session. */
  | { code: 'session_count'; text: string }
  /** The group split does not add up to the total (`TT 50 hop 30 tn 10 pn`). */
  | { code: 'split_mismatch'; participants: number; sum: number }
  /** A split leaves a named group without its number (`TT 50 hop 30 tn 20 pn hs`). */
  | { code: 'group_without_count'; text: string }
  | { code: 'zero_participants' }
  | { code: 'too_many_participants'; participants: number }
  | { code: 'no_form' }
  | { code: 'bad_date'; text: string }
  /** Two different dates (`hom qua 20/11`); two ways of naming the same day are fine. */
  | { code: 'two_dates'; texts: [string, string] }
  /** A date word that names no single day (`tuan truoc`, `hom truoc`, `thu 8`). */
  | { code: 'vague_date'; text: string }
  /** Two villages named with `@` in one log. */
  | { code: 'two_places'; names: [string, string] }
  | { code: 'future_date'; date: string }
  | { code: 'too_old'; date: string; maxAgeDays: number }
  | { code: 'missing_code'; command: 'correct' }
  | { code: 'nothing_to_correct'; logCode: string }
  /** A period after TONGHOP/CHITIEU/CHUA/XUAT that Loa cannot read: refused, never replaced by another. */
  | { code: 'bad_period'; text: string }
  | { code: 'future_period'; text: string };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export interface ParseContext {
  /** When the message was received (the phone's time for relayed SMS). */
  receivedAt: Date;
  /** IANA zone the dates are read in. */
  timeZone: string;
  /** Oldest session date accepted, in days before the received date. */
  maxAgeDays: number;
  /**
   * Whether a name typed after `@` is a place the sender may log for. Names
   * are matched before vocabulary words (`@Dong Tien` is Xóm Đồng Tiến, though
   * `tien` reads as a typo of a word); without it the name stops at the first such word.
   */
  isPlaceName?: (name: string) => boolean;
}
