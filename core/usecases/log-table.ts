import { isStaff, type Person } from '../domain/people';
import type { Place } from '../domain/places';
import type { Channel, SessionLog } from '../domain/session-log';
import { FORM_CODES, type FormCode } from '../domain/vocabulary-codes';
import type { Repositories } from './context';
import { may } from '../access/policy';

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

/**
 * Filters from a query string, each checked: anything malformed is dropped,
 * never passed to the store. `channels`: the doors a log can have come
 * through (the runtime passes the registered doors' names); another is dropped.
 */
export function parseLogFilters(query: Record<string, unknown>, channels: readonly Channel[]): LogFilters {
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
  if (channel && channels.includes(channel)) filters.channel = channel;
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
