import { logAgeLimitDays } from '../access/log-age';
import { isStaff, type Person } from '../domain/people';
import type { GroupCode, FormCode } from '../domain/vocabulary-codes';
import type { LogChanges, ParseContext, ParseError, ParticipantsByGroup } from '../language/commands';
import { localDate } from '../periods';
import type { Reply } from '../reply';
import type { UseCaseContext } from '../usecases/context';
import { mayRepair } from '../usecases/log-scope';
import { parseErrorReply } from '../usecases/parse-error-reply';
import type { InboundMessage } from '../inbound';
import { correctionFromFields } from './sua';
import { logFromFields } from './tt';

/**
 * The web's forms as commands: the logs page builds the same structured
 * command the parser produces (no text round-trip), through the command's own
 * checks (count range, split sum, date window by role), then runs it through
 * the command registry as a typed TT, HUY or SUA (the module's gate, then its
 * handler). The command carries the place the page chose (`placeId`), which
 * the handler checks as it does a typed `@name`. The page words a refusal its
 * own way from the command's refusal reason.
 */

/** What the language checks against a form: now, the zone, and the sender's role's date window. */
function formContext(ctx: UseCaseContext, viewer: Person): ParseContext {
  return { receivedAt: ctx.clock.now(), timeZone: ctx.settings.timeZone, maxAgeDays: logAgeLimitDays(viewer, ctx.settings) };
}

export type RepairResult =
  | { ok: true; reply: Reply; placeId: string }
  | { ok: false; reason: 'not_found' | 'forbidden' }
  /** The correction's fields fail the command's checks (what SUA with them would be told). */
  | { ok: false; reason: 'refused'; error: ParseError; reply: Reply };

/**
 * Cancel or correct one log from the web, as HUY and SUA through the command
 * registry (so the change is recorded in the log's history with who made it).
 * Codes are unique per village only, so the command names the log's village
 * (`placeId`) for the code to be looked for in: it then finds exactly this log, and its history
 * names the viewer and their role.
 */
export async function repairLog(
  ctx: UseCaseContext,
  request: { viewer: Person; logId: string } & ({ action: 'cancel' } | { action: 'correct'; changes: LogChanges }),
): Promise<RepairResult> {
  const { viewer } = request;
  const log = await ctx.repos.logs.byId(request.logId);
  if (!log) return { ok: false, reason: 'not_found' };
  // Which logs the page shows a repair form for (403 for the others); HUY's and SUA's handlers check the log again.
  if (!mayRepair(viewer, log.placePath, request.action)) return { ok: false, reason: 'forbidden' };
  const message = webMessage(ctx, viewer, `repair:${log._id}`);
  if (request.action === 'cancel') return { ok: true, reply: await ctx.runCommand(viewer, { kind: 'cancel', code: log.code, placeId: log.villageId }, message), placeId: log.villageId };
  const parsed = correctionFromFields(log.code, request.changes, formContext(ctx, viewer), log.villageId);
  if (!parsed.ok) return { ok: false, reason: 'refused', error: parsed.error, reply: parseErrorReply(parsed.error, localDate(ctx.clock.now(), ctx.settings.timeZone)) };
  return { ok: true, reply: await ctx.runCommand(viewer, parsed.command, message), placeId: log.villageId };
}

/** A new session entered on the web page by an officer or admin, for a village under their place (or their own place, as TT without `@`). */
export interface WebLogRequest {
  viewer: Person;
  /** A village under the viewer's place, or the viewer's own place itself (a press item or a training, as `TT 1 bao`). */
  placeId: string;
  /** Local `YYYY-MM-DD`, checked by TT's own date window for the viewer's role. */
  date: string;
  participants: number;
  form: FormCode;
  groups: GroupCode[];
  /** People per group, when the officer split them; their sum must be `participants`. */
  split?: ParticipantsByGroup;
  /** Deliberately another session with the same content (TT THEM). */
  again: boolean;
  /** The form's own id: the same form sent twice stores one log. */
  formId: string;
}

export type WebLogResult = { ok: true; reply: Reply; placeId: string } | { ok: false; reply: Reply } | { ok: false; reason: 'not_staff' };

/**
 * TT from the logs page: the form's fields become TT's command through TT's
 * own checks ({@link logFromFields}), carrying the chosen place's id, and run
 * through the command registry exactly as a typed `TT @thon …`: the module's
 * gate, then TT's handler, whose place rule and access check are the chat's.
 * The viewer is the author (`personId`), the channel `web`. Only staff reach
 * the page at all; that is the page's rule, not TT's.
 */
export async function logForVillage(ctx: UseCaseContext, request: WebLogRequest): Promise<WebLogResult> {
  const { viewer } = request;
  if (!isStaff(viewer)) return { ok: false, reason: 'not_staff' };
  const parsed = logFromFields(request, formContext(ctx, viewer));
  if (!parsed.ok) return { ok: false, reply: parseErrorReply(parsed.error, localDate(ctx.clock.now(), ctx.settings.timeZone)) };
  const answer = await ctx.runCommand(viewer, parsed.command, webMessage(ctx, viewer, request.formId));
  // Stored (the plain confirmation, a press item's, or the one that asks for a split): at the place chosen, which TT's handler accepted.
  return SAVED_KEYS.has(answer.key) ? { ok: true, reply: answer, placeId: request.placeId } : { ok: false, reply: answer };
}

/** A form sent from the page, as the command registry runs it: channel `web`, the viewer as sender, no text. */
function webMessage(ctx: UseCaseContext, viewer: Person, formId: string): InboundMessage {
  return { channel: 'web', channelMessageId: webMessageId(viewer, formId), sender: { kind: 'phone', phone: viewer.phone ?? '' }, text: '', receivedAt: ctx.clock.now() };
}

/** A web form's message id: the form id is the viewer's own, so another viewer's id (seen in their page) names no log of this one. */
export function webMessageId(viewer: Pick<Person, '_id'>, formId: string): string {
  return `${viewer._id}:${formId}`;
}

const SAVED_KEYS: ReadonlySet<string> = new Set(['log.saved', 'log.saved_item', 'log.saved_split_needed']);
