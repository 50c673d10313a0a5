import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Express } from 'express';
import type { Logger } from '../../core/logger';
import type { ReplyAttachment } from '../../core/reply';
import { attachmentHeader } from '../../core/content-disposition';
import type { DownloadRecord, DownloadFilesRepo } from '../../core/repos/download-files-repo';
export type { DownloadRecord, DownloadFilesRepo } from '../../core/repos/download-files-repo';
export const DOWNLOAD_PATH = '/files';


export interface LinkOptions {
  /** Serve it until it expires instead of once (pictures given to sendPhoto). */
  reusable?: boolean;
  ttlMinutes?: number;
}

export interface DownloadLinks {
  /** Keeps the file and returns a signed link that works once, until `ttlMinutes` pass. */
  create(file: ReplyAttachment, personId: string, now: Date, options?: LinkOptions): Promise<{ url: string; expiresAt: Date }>;
  /** `GET /files/:token`: the file once, then 410 Gone; a bad or expired token is 404/410, never the file. */
  mount(app: Express): void;
  readonly ttlMinutes: number;
}


export interface DownloadLinksDeps {
  /** `storage.doors.downloadFiles`. */
  files: DownloadFilesRepo;
  /** Where the server is reached from outside (`PUBLIC_URL`). */
  publicUrl: string;
  /** Secret for the link signature; never leaves the server. */
  signingKey: string;
  logger: Logger;
  clock: { now(): Date };
  ttlMinutes?: number;
}

/**
 * Chat apps without file sending (Zalo's Bot API sends text and photos only)
 * get XUAT as a link. The link is signed (a forged or edited one is refused
 * before the store is asked), short-lived, and single-use: the first
 * download deletes the file, atomically, so a link forwarded to a group
 * chat after the officer opened it gives nothing.
 */
/** How long a picture link given to Zalo's sendPhoto stays valid. */
export const PICTURE_LINK_MINUTES = 24 * 60;

/**
 * Sends a picture through Zalo: the Bot API takes photos by URL only, so the
 * file becomes a signed link on Loa's server first.
 */
export async function sendPictureLink(
  downloads: DownloadLinks,
  send: (url: string) => Promise<unknown>,
  file: ReplyAttachment,
  personId: string,
  now: Date,
): Promise<void> {
  const { url } = await downloads.create(file, personId, now, { reusable: true, ttlMinutes: PICTURE_LINK_MINUTES });
  await send(url);
}

export function createDownloadLinks(deps: DownloadLinksDeps): DownloadLinks {
  const { files } = deps;
  const ttlMinutes = deps.ttlMinutes ?? 15;
  const log = deps.logger.child({ component: 'download-links' });
  const sign = (id: string, expires: number): string => createHmac('sha256', deps.signingKey).update(`${id}.${expires}`).digest('base64url');

  function check(token: string): { ok: true; id: string; expires: number } | { ok: false } {
    const match = /^([A-Za-z0-9_-]{16,64})\.(\d{10,16})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return { ok: false };
    const [, id = '', expiresText = '', signature = ''] = match;
    const expires = Number(expiresText);
    const expected = Buffer.from(sign(id, expires));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false };
    return { ok: true, id, expires };
  }

  return {
    ttlMinutes,
    async create(file, personId, now, options = {}) {
      const id = randomBytes(18).toString('base64url');
      const expiresAt = new Date(now.getTime() + (options.ttlMinutes ?? ttlMinutes) * 60_000);
      // Expired, never-opened files are swept on the way: there is no other writer to clean them.
      await files.sweepExpired(now.toISOString());
      await files.insert({
        _id: id,
        personId,
        filename: file.filename,
        mimeType: file.mimeType,
        content: file.content.toString('base64'),
        expiresAt: expiresAt.toISOString(),
        createdAt: now.toISOString(),
        ...(options.reusable ? { reusable: true } : {}),
      });
      const token = `${id}.${expiresAt.getTime()}.${sign(id, expiresAt.getTime())}`;
      return { url: `${deps.publicUrl.replace(/\/+$/, '')}${DOWNLOAD_PATH}/${token}`, expiresAt };
    },
    mount(app) {
      app.get(`${DOWNLOAD_PATH}/:token`, async (req, res, next) => {
        try {
          const checked = check(String(req.params.token));
          if (!checked.ok) {
            res.status(404).type('text/plain').send('Not found');
            return;
          }
          if (deps.clock.now().getTime() >= checked.expires) {
            await files.take(checked.id);
            res.status(410).type('text/plain').send('This link has expired. Send XUAT again.');
            return;
          }
          const record = await files.get(checked.id);
          // Single use: only the request whose delete removed the record serves it.
          if (!record || (!record.reusable && !(await files.take(checked.id)))) {
            res.status(410).type('text/plain').send('This link was already used. Send XUAT again.');
            return;
          }
          log.info({ person: record.personId, bytes: record.content.length, reusable: record.reusable === true }, 'file downloaded through a signed link');
          res.status(200);
          res.setHeader('content-type', record.mimeType);
          // A BAOCAO draft's name is Vietnamese: `filename*` keeps it, `filename` is its ASCII fallback.
          res.setHeader('content-disposition', attachmentHeader(record.filename));
          res.setHeader('cache-control', 'no-store');
          res.send(Buffer.from(record.content, 'base64'));
        } catch (error) {
          next(error);
        }
      });
    },
  };
}
