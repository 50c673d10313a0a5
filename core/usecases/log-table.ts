import { isStaff, type Person } from '../domain/people';
import type { Place } from '../domain/places';
import { CHANNELS, MAX_PARTICIPANTS, type Channel, type SessionLog } from '../domain/session-log';
import { FORM_CODES, type FormCode, type GroupCode } from '../domain/vocabulary-codes';
import type { Command, LogChanges, ParticipantsByGroup } from '../language/commands';
import { resolveDate } from '../language/dates';
import { localDate } from '../periods';
import { logDay } from './log-dates';
import { reply, type Reply } from '../reply';
import type { Repositories, UseCaseContext } from './context';
import { logAgeLimitDays } from '../access/log-age';
import { may } from '../access/policy';
import { mayRepair } from './log-scope';
import { cancelLog, correctLog, logSession } from './session-logs';

export interface LogFilters {
  village?: string;
  from?: string;
  to?: string;
  form?: FormCode;
  channel?: Channel;
  who?: string;
  /** 1-based page of {@link LOG_PAGE_SIZE} rows, newest first; absent is the first. */
  page?: number;
}

/** Rows on one page of the logs table: each row carries its repair forms, so a page stays light on a slow line. */
export const LOG_PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

export type LogTableResult =
  | { ok: true; place: Place; logs: SessionLog[]; page: number; hasNext: boolean; villages: Place[]; people: Map<string, Person> }
  | { ok: false; reason: 'not_staff' | 'forbidden' | 'unknown_place' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Filters from a query string, each checked: anything malformed is dropped, never passed to the store. */
export function parseLogFilters(query: Record<string, unknown>): LogFilters {
  const text = (k: string): string | undefined => (typeof query[k] === 'string' && query[k] !== '' ? (query[k] as string).slice(0, 120) : undefined);
  const filters: LogFilters = {};
  const village = text('village');
  if (village && /^[a-z0-9][a-z0-9._-]*$/.test(village)) filters.village = village;
  const from = text('from');
  if (from && DATE.test(from)) filters.from = from;
  const to = text('to');
  if (to && DATE.test(to)) filters.to = to;
  const form = text('form');
  if (form && (FORM_CODES as readonly string[]).includes(form)) filters.form = form as FormCode;
  const channel = text('channel');
  if (channel && (CHANNELS as readonly string[]).includes(channel)) filters.channel = channel as Channel;
  const who = text('who');
  if (who && /^[A-Za-z0-9._:-]+$/.test(who)) filters.who = who;
  const page = Number(text('page'));
  if (Number.isInteger(page) && page > 1 && page <= MAX_PAGE) filters.page = page;
  return filters;
}

/**
 * The logs under a place the viewer may see (officers and admins, their own
 * place or below), filtered by village, dates, form, channel and who logged.
 */
export async function listLogs(
  repos: Pick<Repositories, 'places' | 'people' | 'logs'>,
  request: { viewer: Person; placeId: string; filters: LogFilters },
): Promise<LogTableResult> {
  const { viewer, filters } = request;
  if (!isStaff(viewer)) return { ok: false, reason: 'not_staff' };
  const place = await repos.places.get(request.placeId);
  if (!place) return { ok: false, reason: 'unknown_place' };
  if (!may(viewer, 'browse', place).allowed) return { ok: false, reason: 'forbidden' };
  const villages = await repos.places.subtree(place._id, 'village');
  const page = filters.page ?? 1;
  const found = await repos.logs.table(
    place._id,
    {
      ...(filters.village && villages.some((v) => v._id === filters.village) ? { villageId: filters.village } : {}),
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: filters.to } : {}),
      ...(filters.form ? { form: filters.form } : {}),
      ...(filters.channel ? { channel: filters.channel } : {}),
      ...(filters.who ? { personId: filters.who } : {}),
    },
    LOG_PAGE_SIZE + 1,
    (page - 1) * LOG_PAGE_SIZE,
  );
  const logs = found.slice(0, LOG_PAGE_SIZE);
  const ids = new Set(logs.flatMap((l) => [l.personId, ...(l.history ?? []).map((h) => h.by)]));
  const people = await repos.people.under(place.path[0]!);
  return { ok: true, place, logs, page, hasNext: found.length > LOG_PAGE_SIZE, villages, people: new Map(people.filter((p) => ids.has(p._id)).map((p) => [p._id, p])) };
}

export type RepairResult = { ok: true; reply: Reply; placeId: string } | { ok: false; reason: 'not_found' | 'forbidden' };

/**
 * Cancel or correct one log from the web, through the same use-cases as HUY
 * and SUA (so the change is recorded in the log's history with who made it).
 * Codes are unique per village only, so the use-case looks for the code
 * within the log's village: it then finds exactly this log, and its history
 * names the viewer and their role.
 */
export async function repairLog(
  ctx: UseCaseContext,
  request: { viewer: Person; logId: string } & ({ action: 'cancel' } | { action: 'correct'; changes: LogChanges }),
): Promise<RepairResult> {
  const { viewer } = request;
  const log = await ctx.repos.logs.byId(request.logId);
  if (!log) return { ok: false, reason: 'not_found' };
  if (!mayRepair(viewer, log.placePath, request.action)) return { ok: false, reason: 'forbidden' };
  const reply = request.action === 'cancel' ? await cancelLog(ctx, viewer, log.code, log.villageId) : await correctLog(ctx, viewer, log.code, request.changes, log.villageId);
  return { ok: true, reply, placeId: log.villageId };
}

/** A new session entered on the web page by an officer or admin, for a village under their place (or their own place, as TT without `@`). */
export interface WebLogRequest {
  viewer: Person;
  /** A village under the viewer's place, or the viewer's own place itself (a press item or a training, as `TT 1 bao`). */
  placeId: string;
  /** Local `YYYY-MM-DD`, checked here against the same age window as an officer's TT. */
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

/** Where a web TT goes: the viewer's own place (TT without `@`, its own form rule), or a village the policy lets them log at (as `TT @thon`). */
async function logTargetOf(ctx: UseCaseContext, viewer: Person, placeId: string): Promise<{ at?: Place } | null> {
  if (placeId === viewer.role.placeId) return {};
  const village = await ctx.repos.places.get(placeId);
  if (!village || village.level !== 'village' || !may(viewer, 'log', village).allowed) return null;
  return { at: village };
}

/**
 * TT from the logs page, through the same use-case as `TT @thon …`
 * ({@link logSession}): the checks the parser makes on a text (the date's age
 * window, the split adding up) are made here on the form's fields, then the
 * viewer logs as themselves narrowed to the village (as {@link repairLog}
 * does), so the log's `personId` is the viewer and its channel `web`. At
 * their own place, TT's own rule applies: only a press item or a training.
 */
export async function logForVillage(ctx: UseCaseContext, request: WebLogRequest): Promise<WebLogResult> {
  const { viewer } = request;
  if (!isStaff(viewer)) return { ok: false, reason: 'not_staff' };
  const target = await logTargetOf(ctx, viewer, request.placeId);
  if (!target) {
    const own = await ctx.repos.places.get(viewer.role.placeId);
    const example = own ? (await ctx.repos.places.subtree(own._id, 'village'))[0]?.name : undefined;
    return { ok: false, reply: reply('log.place_unknown', { name: request.placeId, place: own?.name ?? viewer.role.placeId, example: example ?? 'Thôn Đông' }) };
  }
  const refused = checkFields(ctx, request);
  if (refused) return { ok: false, reply: refused };
  const groups = request.split ? (Object.keys(request.split) as GroupCode[]) : request.groups;
  const command: Extract<Command, { kind: 'log' }> = {
    kind: 'log',
    participants: request.participants,
    form: request.form,
    groups,
    ...(request.split ? { participantsByGroup: request.split } : {}),
    date: request.date,
    note: '',
    again: request.again,
  };
  const now = ctx.clock.now();
  const channelMessageId = webMessageId(viewer, request.formId);
  const answer = await logSession(ctx, viewer, command, { channel: 'web', channelMessageId, sender: { kind: 'phone', phone: viewer.phone ?? '' }, text: '', receivedAt: now }, target);
  // Stored: the plain confirmation, a press item's, or the one that asks for a split.
  return SAVED_KEYS.has(answer.key) ? { ok: true, reply: answer, placeId: target.at?._id ?? viewer.role.placeId } : { ok: false, reply: answer };
}

/** A web form's message id: the form id is the viewer's own, so another viewer's id (seen in their page) names no log of this one. */
export function webMessageId(viewer: Pick<Person, '_id'>, formId: string): string {
  return `${viewer._id}:${formId}`;
}

const SAVED_KEYS: ReadonlySet<string> = new Set(['log.saved', 'log.saved_item', 'log.saved_split_needed']);

/** The parser's refusals of a TT text, for the same faults in a form: a count out of range, a split that does not add up, a date outside the window. */
function checkFields(ctx: UseCaseContext, request: WebLogRequest): Reply | null {
  const { participants, split } = request;
  if (participants < 1) return reply('error.zero_participants');
  if (participants > MAX_PARTICIPANTS) return reply('error.too_many_participants', { participants });
  if (split) {
    const sum = Object.values(split).reduce((total, n) => total + (n ?? 0), 0);
    if (sum !== participants) return reply('error.split_mismatch', { participants, sum });
  }
  const [year, month, day] = request.date.split('-').map(Number) as [number, number, number];
  const maxAgeDays = logAgeLimitDays(request.viewer, ctx.settings);
  const resolved = resolveDate({ kind: 'day_month', date: { day, month, year }, text: request.date }, { receivedAt: ctx.clock.now(), timeZone: ctx.settings.timeZone, maxAgeDays });
  if (resolved.ok) return null;
  const error = resolved.error;
  const today = localDate(ctx.clock.now(), ctx.settings.timeZone);
  if (error.code === 'future_date') return reply('error.future_date', { date: logDay(error.date, today) });
  if (error.code === 'too_old') return reply('error.too_old', { date: logDay(error.date, today), maxAgeDays: error.maxAgeDays });
  return reply('error.bad_date', { text: request.date });
}
