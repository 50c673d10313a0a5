import type { i18n as I18n } from 'i18next';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { DEFAULT_TIME_ZONE } from '../periods';
import type { Person } from '../domain/people';
import type { InboundMessage } from '../inbound';
import type { OfficerKit } from '../officer/officer-kit';
import type { Command, ParseContext, ParseResult } from '../language/commands';
import type { Reply } from '../reply';
import type { Repositories } from '../ports/storage';
import type { ChatLinking } from './link-by-code';

export interface Parser {
  parse(text: string, context: ParseContext): ParseResult;
}

export interface CoreSettings {
  /** IANA zone for dates and periods. */
  timeZone: string;
  /** Oldest session date a log may carry, in days. */
  maxLogAgeDays: number;
  /**
   * Oldest session date an officer or admin may enter, in days: they repair
   * the record (a month a collaborator missed) for as far back as a periodic
   * report reaches, so a year by default.
   */
  officerMaxLogAgeDays: number;
  /** How long after logging a collaborator may still cancel or correct it, in days. */
  editWindowDays: number;
  /** Replies per sender per hour to texts that do not parse (stops loops with automated senders). */
  unparsedRepliesPerHour: number;
  /**
   * Texts one sender may send per minute, on every door: a phone stuck in a
   * resend loop cannot starve the others. The first text over it gets one
   * notice, the rest of that minute silence.
   */
  messagesPerMinute: number;
}

export const DEFAULT_SETTINGS: CoreSettings = {
  timeZone: DEFAULT_TIME_ZONE,
  maxLogAgeDays: 14,
  officerMaxLogAgeDays: 366,
  editWindowDays: 7,
  unparsedRepliesPerHour: 3,
  messagesPerMinute: 10,
};

export type { Repositories } from '../ports/storage';

/** What every use-case may depend on. */
export interface UseCaseContext {
  repos: Repositories;
  parser: Parser;
  clock: Clock;
  settings: CoreSettings;
  logger: Logger;
  i18n: I18n;
  /** What TONGHOP, CHUA, CHITIEU, XUAT, BAOCAO, NHAC and XEM for staff share (their modules are in `core/commands/`). */
  officer: OfficerKit;
  /**
   * Runs a parsed command through its module (`core/commands/registry.ts`
   * `dispatch`: policy, role, handler). Handed in by `createCore`, so the
   * entry and the use-cases import no command module. `ctx`: the caller's
   * context when it differs from the core's (a message's, whose repositories
   * are bound to its unit).
   */
  runCommand(person: Person, command: Command, message: InboundMessage, ctx?: UseCaseContext): Promise<Reply>;
  /** Linking chat accounts by one-time code; without it unlinked chat senders are treated as unregistered. */
  linking?: ChatLinking;
}

/**
 * The context of one message whose repositories are bound to its unit of work
 * (`repos.unitWith`): the helpers built on the core's repositories (the
 * officer kit, the chat linking with its one-time codes, the outbox their
 * sends go through) are rebound to `repos` too, so their writes join the
 * message's transaction instead of each being a lone write (own commit and
 * fsync, not atomic with the message's claim and answer). Each is rebound on
 * first use only and once per message: a TT log, which touches neither,
 * builds nothing.
 */
export function contextWithRepos(ctx: UseCaseContext, repos: Repositories): UseCaseContext {
  return new MessageContext(ctx, repos);
}

/**
 * A class, not an object literal with getters: a literal's accessors are made
 * anew at each evaluation (~0.9 µs per message, measured), an instance is
 * ~13 ns. Its helpers are getters on the prototype, so a spread of it would
 * lose them: derive a context from it with {@link contextWithRepos}, never by
 * spreading (a test checks it offers every field of the core's context).
 */
class MessageContext implements UseCaseContext {
  readonly parser: Parser;
  readonly clock: Clock;
  readonly settings: CoreSettings;
  readonly logger: Logger;
  readonly i18n: I18n;
  readonly runCommand: UseCaseContext['runCommand'];
  private boundOfficer: OfficerKit | undefined;
  private boundLinking: ChatLinking | undefined;

  constructor(
    private readonly core: UseCaseContext,
    readonly repos: Repositories,
  ) {
    this.parser = core.parser;
    this.clock = core.clock;
    this.settings = core.settings;
    this.logger = core.logger;
    this.i18n = core.i18n;
    this.runCommand = core.runCommand;
  }

  get officer(): OfficerKit {
    return (this.boundOfficer ??= this.core.officer.withRepos(this.repos));
  }

  get linking(): ChatLinking | undefined {
    const linking = this.core.linking;
    return linking ? (this.boundLinking ??= linking.withRepos(this.repos)) : undefined;
  }
}
