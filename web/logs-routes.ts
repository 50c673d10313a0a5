import express, { type Request, type Router } from 'express';
import { CHANNELS } from '../core/domain/session-log';
import { FORM_CODES, type FormCode } from '../core/domain/vocabulary-codes';
import { renderReply } from '../core/i18n/render';
import type { LogChanges } from '../core/language/commands';
import { localDate } from '../core/periods';
import { listLogs, parseLogFilters, repairLog } from '../core/usecases/log-table';
import { logsModel } from './logs-model';
import { noticeOf, withNotice, type WebKit } from './web-kit';

const BACK = /^\/web\/place\/[a-z0-9._-]+\/logs(\?[^\s]*)?$/;

/** Where a form on the logs page returns: its own filtered page, never anywhere else. */
export const backOf = (req: Request): string => (typeof req.body.back === 'string' && BACK.test(req.body.back) ? req.body.back : '/web');

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

/**
 * The logs table under a place and the officer's repairs (cancel, correct),
 * each through the same use-case as the chat command, so the log's history
 * records who did it.
 */
export function logsRoutes(kit: WebKit): Router {
  const { options, log, render, signedIn } = kit;
  const router = express.Router();

  router.get('/place/:id/logs', signedIn, async (req, res) => {
    const filters = parseLogFilters(req.query as Record<string, unknown>);
    const result = await listLogs(options.repos, { viewer: req.viewer!, placeId: String(req.params.id), filters });
    if (!result.ok) return render(req, res, 'error', { error: result.reason }, result.reason === 'unknown_place' ? 404 : 403);
    render(req, res, 'logs', { ...logsModel(kit.texts(req), result, filters, req.viewer!), notice: noticeOf(req), channels: CHANNELS });
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
