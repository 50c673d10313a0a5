import type { Channel } from '../core/domain/session-log';
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { FORM_CODES, GROUP_CODES, type FormCode, type GroupCode } from '../core/domain/vocabulary-codes';
import { renderReply } from '../core/i18n/render';
import type { LogChanges, ParseError } from '../core/language/commands';
import { localDate } from '../core/periods';
import type { Texts } from '../core/wording/texts';
import type { Reply } from '../core/reply';
import { logForVillage, repairLog, webMessageId, type WebLogRequest } from '../core/commands/web-forms';
import { listLogs, parseLogFilters, type LogFilters } from '../core/usecases/log-table';
import { logsModel, type NewLogValues } from './logs-model';
import { logNoticeText, noticeRefOf, withNotice, type NoticeKey } from './notices';
import type { WebKit } from './web-kit';

const BACK = /^\/web\/place\/[a-z0-9._-]+\/logs(\?[^\s]*)?$/;

/** Where a form on the logs page returns: its own filtered page, never anywhere else. */
export const backOf = (req: Request, fallback = '/web'): string => (typeof req.body.back === 'string' && BACK.test(req.body.back) ? req.body.back : fallback);

/** A correction field the page can point at when it refuses. */
export type RepairField = 'participants' | 'form' | 'date' | 'split';

/**
 * A correction's fields, each checked for shape (a whole number, a form of the
 * list, a date): what they mean (the count's range, the split's sum, the date
 * window) is SUA's own check, run by the command. A split (`s_tn`, `s_pn`, …)
 * replaces the total and the groups: its sum is the new total, the groups
 * with people its groups.
 */
function changesOf(body: Record<string, unknown>): { ok: true; changes: LogChanges } | { ok: false; field: RepairField } {
  const changes: LogChanges = {};
  const split = GROUP_CODES.map((g) => [g, body[`s_${g}`]] as const).filter(([, n]) => n !== undefined && n !== '');
  if (split.length > 0) {
    if (!split.every(([, n]) => typeof n === 'string' && WHOLE.test(n))) return { ok: false, field: 'split' };
    // A group given 0 people is no share; a split of zeros is refused by the command as no one.
    changes.participantsByGroup = Object.fromEntries(split.filter(([, n]) => Number(n) > 0).map(([g, n]) => [g, Number(n)]));
  } else if (body.participants !== undefined && body.participants !== '') {
    if (typeof body.participants !== 'string' || !WHOLE.test(body.participants)) return { ok: false, field: 'participants' };
    changes.participants = Number(body.participants);
  }
  if (typeof body.form === 'string' && body.form !== '') {
    if (!(FORM_CODES as readonly string[]).includes(body.form)) return { ok: false, field: 'form' };
    changes.form = body.form as FormCode;
  }
  if (typeof body.date === 'string' && body.date !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(body.date)) return { ok: false, field: 'date' };
    changes.date = body.date;
  }
  return { ok: true, changes };
}

/** The field a refusal of SUA's checks points at on the page. */
function fieldOf(error: ParseError, changes: LogChanges): RepairField | null {
  if (error.code === 'future_date' || error.code === 'too_old' || error.code === 'bad_date') return 'date';
  if (error.code === 'split_mismatch') return 'split';
  if (error.code === 'zero_participants' || error.code === 'too_many_participants') return changes.participantsByGroup ? 'split' : 'participants';
  return null;
}

/** SUA's own refusal in the page's words: the reason's own sentence where the page has one, else the field's rule; and the field. */
function pageRefusal(texts: Texts, refused: { error: ParseError; reply: Reply }, changes: LogChanges): [string, RepairField | null] {
  const field = fieldOf(refused.error, changes);
  const fallback = field ? texts.t(`web:logs.field.${field}`) : texts.t('web:logs.repair.other');
  return [texts.t(`web:logs.refusal.${refused.error.code}`, { ...(refused.reply.values ?? {}), defaultValue: fallback }), field];
}

/** What a repair's reply means on the page: a notice for what was done, else the page's own words for the refusal (never the SMS syntax). */
const REPAIR_DONE: Record<string, NoticeKey> = { 'cancel.done': 'log_cancelled', 'correct.done': 'log_corrected', 'correct.unchanged': 'log_unchanged' };

/** The place a logs page address names (`/web/place/<id>/logs…`). */
const placeOfBack = (back: string): string | null => /^\/web\/place\/([a-z0-9._-]+)\/logs/.exec(back)?.[1] ?? null;

/** What the new-log form sent, as typed (to fill the form again after a refusal). */
function typedValues(body: Record<string, unknown>): NewLogValues {
  const text = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 40) : '');
  const groups = ([] as unknown[]).concat(body.groups ?? []).filter((g): g is string => typeof g === 'string');
  const split = Object.fromEntries(GROUP_CODES.map((g) => [g, text(`n_${g}`)]).filter(([, n]) => n !== ''));
  return { village: text('village'), date: text('date'), participants: text('participants'), form: text('form'), groups, split, again: body.again === 'on' };
}

/** The filters a logs page address carries. */
const filtersOf = (back: string, channels: readonly Channel[]): LogFilters => parseLogFilters(Object.fromEntries(new URLSearchParams(back.split('?')[1] ?? '')), channels);

/** What a re-rendered logs page carries: the new-log form as typed and its refusal, or a repair's refusal beside its field. */
interface PageForm {
  values?: NewLogValues;
  problem?: string;
  /** `edit`: the refused action was a correction, so its form opens again with the problem beside the field. */
  repair?: { logId: string; field: RepairField | null; problem: string; edit: boolean };
}

/** Replies of TT that the page words its own way (same values); every other reply is shown as the chat shows it. */
const PAGE_WORDING: Record<string, string> = { 'log.saved': 'web:logs.new.saved', 'log.resent': 'web:logs.new.resent', 'log.need_village': 'web:logs.new.need_village' };

const WHOLE = /^\d{1,6}$/;
const LOG_ID = /^[A-Za-z0-9._:-]{1,80}$/;
const FORM_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The form's fields, each checked for shape (the use-case checks what they mean); null when one is malformed. */
function newLogOf(values: NewLogValues, formId: unknown): Omit<WebLogRequest, 'viewer'> | null {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(values.village) || !/^\d{4}-\d{2}-\d{2}$/.test(values.date) || !WHOLE.test(values.participants)) return null;
  if (!(FORM_CODES as readonly string[]).includes(values.form) || typeof formId !== 'string' || !FORM_ID.test(formId)) return null;
  if (!values.groups.every((g) => (GROUP_CODES as readonly string[]).includes(g))) return null;
  if (!Object.values(values.split).every((n) => WHOLE.test(n))) return null;
  const split = Object.entries(values.split).filter(([, n]) => Number(n) > 0); // a group given 0 people is no share
  return {
    placeId: values.village,
    date: values.date,
    participants: Number(values.participants),
    form: values.form as FormCode,
    groups: values.groups as GroupCode[],
    ...(split.length > 0 ? { split: Object.fromEntries(split.map(([g, n]) => [g, Number(n)])) } : {}),
    again: values.again,
    formId,
  };
}

/**
 * The logs table under a place, logging a new session for a village, and the
 * officer's repairs (cancel, correct), each through the same use-case as the
 * chat command, so the log (or its history) records who did it.
 */
export function logsRoutes(kit: WebKit): Router {
  const { options, log, render, signedIn } = kit;
  const router = express.Router();
  const channels = options.channels ?? []; // The registered doors' names (none given: the filter offers none).

  /** The notice a page's address names, in words built from the stored log (a log outside this page's place is not announced). */
  async function noticeText(req: Request, placeId: string, villages: Map<string, string>): Promise<string | null> {
    const ref = noticeRefOf(req);
    if (!ref || !ref.log || !ref.key.startsWith('log_')) return null;
    const found = await options.repos.logs.byId(ref.log);
    if (!found || !found.placePath.includes(placeId)) return null;
    return logNoticeText(kit.texts(req), ref.key, found, villages.get(found.villageId) ?? found.villageId);
  }

  async function logsPage(req: Request, res: Response, placeId: string, filters: LogFilters, form: PageForm = {}, status = 200): Promise<void> {
    const result = await listLogs(options.repos, { viewer: req.viewer!, placeId, filters });
    if (!result.ok) return render(req, res, 'error', { error: result.reason }, result.reason === 'unknown_place' ? 404 : 403);
    const today = localDate(options.clock.now(), options.engine.timeZone);
    const newLog = { values: form.values ?? null, problem: form.problem ?? null, today, formId: randomBytes(18).toString('base64url') };
    const asked = typeof req.query.edit === 'string' && LOG_ID.test(req.query.edit) ? req.query.edit : null;
    const editing = form.repair ? (form.repair.edit ? form.repair.logId : null) : asked;
    const villages = new Map([[result.place._id, result.place.name], ...result.villages.map((v) => [v._id, v.name] as [string, string])]);
    const notice = await noticeText(req, result.place._id, villages);
    render(req, res, 'logs', { ...logsModel(kit.texts(req), result, filters, req.viewer!, editing), notice, channels, newLog, repair: form.repair ?? null }, status);
  }

  router.get('/place/:id/logs', signedIn, (req, res) => logsPage(req, res, String(req.params.id), parseLogFilters(req.query as Record<string, unknown>, channels)));

  router.post('/place/:id/logs', signedIn, async (req, res) => {
    const placeId = String(req.params.id);
    const back = backOf(req, `/web/place/${encodeURIComponent(placeId)}/logs`);
    const filters = filtersOf(back, channels);
    const values = typedValues(req.body as Record<string, unknown>);
    const fields = newLogOf(values, req.body.formId);
    if (!fields) return logsPage(req, res, placeId, filters, { values, problem: kit.texts(req).t('web:logs.new.bad_value') }, 400);
    const result = await logForVillage(options.useCases, { viewer: req.viewer!, ...fields });
    if (!result.ok && 'reason' in result) return render(req, res, 'error', { error: result.reason }, 403);
    if (!result.ok) {
      // TT's own refusal, with the page's words where the chat's would send the officer to a text (`Nhắn HUY`, `TT THEM`).
      const text = renderReply(options.i18n, { ...result.reply, key: PAGE_WORDING[result.reply.key] ?? result.reply.key }, kit.lngOf(req), 'full');
      log.info({ person: req.viewer!._id, village: fields.placeId, refused: result.reply.key }, 'web: new session refused');
      return logsPage(req, res, placeId, filters, { values, problem: text }, 400);
    }
    const saved = await options.repos.logs.byChannelMessage('web', webMessageId(req.viewer!, fields.formId));
    log.info({ person: req.viewer!._id, village: result.placeId, log: saved?._id }, 'web: session logged');
    res.redirect(303, saved ? withNotice(back, { key: 'log_saved', log: saved._id }) : back);
  });

  router.post('/logs/:logId/:action', signedIn, async (req, res) => {
    const action = req.params.action;
    if (action !== 'cancel' && action !== 'correct') return render(req, res, 'error', { error: 'not_found' }, 404);
    const viewer = req.viewer!;
    const logId = String(req.params.logId);
    const back = backOf(req);
    const placeId = placeOfBack(back);
    const refuse = (problem: string, field: RepairField | null, reason: string) => {
      log.info({ person: viewer._id, log: logId, action, refused: reason }, 'web: log repair refused');
      if (!placeId) return render(req, res, 'error', { error: 'bad_value' }, 400);
      return logsPage(req, res, placeId, filtersOf(back, channels), { repair: { logId, field, problem, edit: action === 'correct' } }, 400);
    };
    let result;
    if (action === 'cancel') result = await repairLog(options.useCases, { viewer, logId, action });
    else {
      const changes = changesOf(req.body as Record<string, unknown>);
      if (!changes.ok) return refuse(kit.texts(req).t(`web:logs.field.${changes.field}`), changes.field, `bad_${changes.field}`);
      result = await repairLog(options.useCases, { viewer, logId, action, changes: changes.changes });
      if (!result.ok && result.reason === 'refused') return refuse(...pageRefusal(kit.texts(req), result, changes.changes), result.error.code);
    }
    if (!result.ok) return render(req, res, 'error', { error: result.reason === 'forbidden' ? 'forbidden' : 'unknown_log' }, result.reason === 'forbidden' ? 403 : 404);
    const done = REPAIR_DONE[result.reply.key];
    if (!done) {
      const key = `web:logs.repair.${result.reply.key.replace('.', '_')}`;
      const text = kit.texts(req).t(key, { ...(result.reply.values ?? {}), defaultValue: kit.texts(req).t('web:logs.repair.other') });
      return refuse(text, result.reply.key === 'correct.split_needed' ? 'split' : null, result.reply.key);
    }
    log.info({ person: viewer._id, log: logId, action, outcome: done }, done === 'log_unchanged' ? 'web: log unchanged' : 'web: log repaired');
    res.redirect(303, withNotice(back, { key: done, log: logId }));
  });
  return router;
}
