import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type Multer from 'multer';
import { uploadRoster, viewRoster, type RosterUploadResult } from '../core/usecases/roster-upload';
import { rosterRowsByLine } from '../core/roster/import-roster';
import { rosterProblemLines } from './roster-problems';
import type { RosterFileError } from '../core/roster/roster-file';
import type { WebKit } from './web-kit';
import type { Texts } from '../core/wording/texts';
import type { Channel } from '../core/domain/session-log';
import { sortByName } from './format';
import { doorName } from '../core/usecases/link-by-code';

/** The doors that carry a phone: Twilio or the Android gateway. A chat account is carried by its own door, whatever its name. */
const CARRIERS: Record<string, readonly Channel[]> = { sms: ['sms', 'android'] };

/**
 * How a person is reached, in words: only through the doors that send (a phone
 * with SMS off reaches nobody); a person no door reaches is said to be so.
 */
export function reachText(texts: Texts, addresses: readonly string[], doorsOn: readonly Channel[]): string {
  const reached = addresses.filter((a) => (CARRIERS[a] ?? [a]).some((door) => doorsOn.includes(door)));
  // A door without its own word in the locale (one added later) is shown by its name.
  return reached.length > 0 ? reached.map((a) => texts.t(`web:roster.doors.${a}`, { defaultValue: doorName(a) })).join(', ') : texts.t('web:roster.unreachable');
}

/** multer (with busboy under it) is loaded by the first upload, not at start: most servers never take one. */
let multerLib: typeof Multer | undefined;
const loadMulter = (): typeof Multer => (multerLib ??= require('multer') as typeof Multer);

/** An upload refused by multer (too large, too many files); never true before an upload was tried. */
export function isUploadError(error: unknown): boolean {
  return multerLib !== undefined && error instanceof multerLib.MulterError;
}

/** The roster under a place and the upload of a new one (the CLI's all-or-nothing import, scoped to the uploader). */
export function rosterRoutes(kit: WebKit): Router {
  const { options, log, render, signedIn } = kit;
  const router = express.Router();
  let single: RequestHandler | undefined;
  const upload: RequestHandler = (req, res, next) => {
    const multer = loadMulter();
    single ??= multer({ storage: multer.memoryStorage(), limits: { fileSize: 1_000_000, files: 1, fields: 5 } }).single('file');
    return single(req, res, next);
  };

  async function rosterPage(req: Request, res: Response, result: RosterUploadResult | RosterFileError | null, status = 200, csv = ''): Promise<void> {
    const view = await viewRoster(options.repos, { viewer: req.viewer!, placeId: String(req.params.id) });
    if (!view.ok) return render(req, res, 'error', { error: view.reason }, view.reason === 'unknown_place' ? 404 : 403);
    const names = new Map(view.places.map((p) => [p._id, p.name]));
    const texts = kit.texts(req);
    const model = {
      title: texts.t('web:roster.title', { place: view.place.name }),
      place: { id: view.place._id, name: view.place.name },
      places: sortByName(view.places, (p) => p.name).map((p) => ({ id: p._id, name: p.name })),
      people: sortByName(view.people, (p) => p.name).map((p) => ({ ...p, place: names.get(p.placeId) ?? view.place.name, door: reachText(texts, p.door, options.doors ?? []) })),
      imported: result && typeof result !== 'string' && result.ok ? result : null,
      problems: result && typeof result !== 'string' && !result.ok && 'problems' in result ? await rosterProblemLines(result.problems, { rows: rosterRowsByLine(csv), repos: options.repos, viewer: req.viewer!, texts }) : null,
      fileError: typeof result === 'string' ? texts.t(`web:roster.file_error.${result}`) : null,
    };
    render(req, res, 'roster', model, status);
  }

  router.get('/place/:id/roster', signedIn, (req, res) => rosterPage(req, res, null));

  router.post('/place/:id/roster', signedIn, upload, kit.csrfProtection, async (req, res) => {
    const view = await viewRoster(options.repos, { viewer: req.viewer!, placeId: String(req.params.id) });
    if (!view.ok) return render(req, res, 'error', { error: view.reason }, view.reason === 'unknown_place' ? 404 : 403);
    const file = req.file;
    if (!file) return render(req, res, 'error', { error: 'upload' }, 400);
    const read = await options.rosterFile(file);
    if (!read.ok) {
      log.info({ person: req.viewer!._id, refused: read.error }, 'web: roster upload');
      return rosterPage(req, res, read.error, 400);
    }
    const result = await uploadRoster(options.repos, { viewer: req.viewer!, csv: read.csv, now: options.clock.now() });
    if (!result.ok && 'reason' in result) return render(req, res, 'error', { error: result.reason }, 403);
    log.info({ person: req.viewer!._id, file: read.kind, ok: result.ok, ...(result.ok ? { places: result.places, people: result.people } : { problems: result.problems.length }) }, 'web: roster upload');
    await rosterPage(req, res, result, result.ok ? 200 : 400, read.csv);
  });
  return router;
}
