import type { PlanAdmin } from '../../core/plans/plan-admin';
import type { Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { i18n as I18n } from 'i18next';
import type { Clock } from '../../core/clock';
import type { Language, Person } from '../../core/domain/people';
import type { ReplyClaims } from '../../core/reply-once';
import type { InboundHandler } from '../../core/inbound';
import type { Logger } from '../../core/logger';
import type { Reply } from '../../core/reply';
import type { BotPeople } from './people-port';

/** What every handler finds on `ctx`, set by the first middleware. */
export interface LoaFlavor {
  /** A pino child bound to this update's id. */
  log: Logger;
  /** The linked roster person, or null before linking. */
  person: Person | null;
  lng: Language;
  /** A string from the `bot` namespace in the user's language. */
  t(key: string, values?: Record<string, unknown>): string;
}

export type BotContext = Context & LoaFlavor;

/** Everything the bot touches, passed in by the composition root (nothing global). */
export interface BotDeps {
  /** The one core entry (`core.handleInbound`). */
  handleInbound: InboundHandler;
  /** Loaded with every namespace, including `bot` and `vocabulary` (`core.i18n`). */
  i18n: I18n;
  /** Renders a core reply for Telegram; defaults to the core's renderer for the `telegram` door. */
  render?: (reply: Reply, lng: Language) => string;
  people: BotPeople;
  logger: Logger;
  clock?: Clock;
  /** Zone the guided flow's "today"/"yesterday" buttons are computed in. Default `DEFAULT_TIME_ZONE`. */
  timeZone?: string;
  /** Skips `getMe` (offline tests, benches). */
  botInfo?: UserFromGetMe;
  /** `TELEGRAM_API_ROOT`: a self-hosted Bot API server, or a fake one in tests. */
  apiRoot?: string;
  /** How long a guided-logging session waits for the next button. Default 10 minutes. */
  flowTtlMs?: number;
  /** Retry replies after a 429 (`@grammyjs/auto-retry`). Default true; benches turn it off. */
  autoRetry?: boolean;
  /** Loading plans by sending a plan file (admins, officers for their commune); off when absent. */
  plans?: PlanAdmin;
  /** Fetches a file Telegram stores (`getFile`'s path); defaults to the Bot API's file endpoint. */
  downloadFile?: (filePath: string) => Promise<Buffer>;
  /** Claims in the store so a redelivered update gets no second reply (`core.repos.counters`). */
  replies?: ReplyClaims;
}
