import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { CHANNELS } from '../core/domain/session-log';
import { FORM_CODES, GROUP_CODES, type FormCode, type GroupCode } from '../core/domain/vocabulary-codes';
import { renderReply } from '../core/i18n/render';
import type { LogChanges } from '../core/language/commands';
import { localDate } from '../core/periods';
import { listLogs, logForVillage, parseLogFilters, repairLog, type LogFilters, type WebLogRequest } from '../core/usecases/log-table';
import { logsModel, type NewLogValues } from './logs-model';
import { noticeOf, withNotice, type WebKit } from './web-kit';

const BACK = /^\/web\/place\/[a-z0-9._-]+\/logs(\?[^\s]*)?$/;

/** Where a form on the logs page returns: its own filtered page, never anywhere else. */
export const backOf = (req: Request, fallback = '/web'): string => (typeof req.body.back === 'string' && BACK.test(req.body.back) ? req.body.back : fallback);

/** A correction's fields, each checked; null when one is malformed. */
function changesOf(body: Record<string, unknown>, today: string): LogChanges | null {
  const changes: LogChanges = {};
  if (body.participants !== undefined && body.participants !== '') {
    const participants = Number(body.participants);
    if (!Number.isInteger(participants) || participants < 1 || participants > 10_000) return null;
    changes.participants = participants;
  }
  if (typeof body.form === 'string' && body.form !== '') {
    if (!(FORM_CODES as readonly string[]).includes(body.form)) return null;
    changes.form = body.form as FormCode;
  }
  if (typeof body.date === 'string' && body.date !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(body.date) || body.date > today) return null;
    changes.date = body.date;
  }
  return changes;
}

/** What the new-log form sent, as typed (to fill the form again after a refusal). */
function typedValues(body: Record<string, unknown>): NewLogValues {
  const text = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 40) : '');
  const groups = ([] as unknown[]).concat(body.groups ?? []).filter((g): g is string => typeof g === 'string');
  const split = Object.fromEntries(GROUP_CODES.map((g) => [g, text(`n_${g}`)]).filter(([, n]) => n !== ''));
  return { village: text('village'), date: text('date'), participants: text('participants'), form: text('form'), groups, split, again: body.again === 'on' };
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

  async function logsPage(req: Request, res: Response, filters: LogFilters, form: { values?: NewLogValues; problem?: string } = {}, status = 200): Promise<void> {
    const result = await listLogs(options.repos, { viewer: req.viewer!, placeId: String(req.params.id), filters });
    if (!result.ok) return render(req, res, 'error', { error: result.reason }, result.reason === 'unknown_place' ? 404 : 403);
    const today = localDate(options.clock.now(), options.engine.timeZone);
    const newLog = { values: form.values ?? null, problem: form.problem ?? null, today, formId: randomBytes(18).toString('base64url') };
    const editing = typeof req.query.edit === 'string' && LOG_ID.test(req.query.edit) ? req.query.edit : null;
    render(req, res, 'logs', { ...logsModel(kit.texts(req), result, filters, req.viewer!, editing), notice: noticeOf(req), channels: CHANNELS, newLog }, status);
  }

  router.get('/place/:id/logs', signedIn, (req, res) => logsPage(req, res, parseLogFilters(req.query as Record<string, unknown>)));

  router.post('/place/:id/logs', signedIn, async (req, res) => {
    const back = backOf(req, `/web/place/${encodeURIComponent(String(req.params.id))}/logs`);
    const filters = parseLogFilters(Object.fromEntries(new URLSearchParams(back.split('?')[1] ?? '')));
    const values = typedValues(req.body as Record<string, unknown>);
    const fields = newLogOf(values, req.body.formId);
    if (!fields) return logsPage(req, res, filters, { values, problem: kit.texts(req).t('web:logs.new.bad_value') }, 400);
    const result = await logForVillage(options.useCases, { viewer: req.viewer!, ...fields });
    if (!result.ok && 'reason' in result) return render(req, res, 'error', { error: result.reason }, 403);
    // TT's own reply, with the page's words where the chat's would send the officer to a text (`Nhắn HUY`, `TT THEM`).
    const text = renderReply(options.i18n, { ...result.reply, key: PAGE_WORDING[result.reply.key] ?? result.reply.key }, kit.lngOf(req), 'full');
    if (!result.ok) return logsPage(req, res, filters, { values, problem: text }, 400);
    log.info({ person: req.viewer!._id, village: result.placeId }, 'web: session logged');
    res.redirect(303, withNotice(back, text));
  });

  router.post('/logs/:logId/:action', signedIn, async (req, res) => {
    const action = req.params.action;
    if (action !== 'cancel' && action !== 'correct') return render(req, res, 'error', { error: 'unknown_place' }, 404);
    const viewer = req.viewer!;
    const logId = String(req.params.logId);
    let result;
    if (action === 'cancel') result = await repairLog(options.useCases, { viewer, logId, action });
    else {
      const changes = changesOf(req.body as Record<string, unknown>, localDate(options.clock.now(), options.engine.timeZone));
      if (!changes) return render(req, res, 'error', { error: 'bad_value' }, 400);
      result = await repairLog(options.useCases, { viewer, logId, action, changes });
    }
    if (!result.ok) return render(req, res, 'error', { error: result.reason === 'forbidden' ? 'forbidden' : 'unknown_log' }, result.reason === 'forbidden' ? 403 : 404);
    log.info({ person: viewer._id, log: logId, action }, 'web: log repaired');
    res.redirect(303, withNotice(backOf(req), renderReply(options.i18n, result.reply, kit.lngOf(req), 'full')));
  });
  return router;
}
