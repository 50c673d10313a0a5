import express, { type Express, type Request, type Response, type Router } from 'express';
import { systemClock, type Clock } from '../../core/clock';
import { maskPhone, normalizePhone } from '../../core/domain/phone';
import { fitsOneGsm7Segment } from '../../core/i18n/gsm7';
import type { InboundHandler } from '../../core/inbound';
import type { Logger } from '../../core/logger';
import type { RenderFn } from '../../core/outbound/outbox';
import { StoreUnavailableError } from '../../core/ports/store-errors';
import { checkTwilioSignature, type SignatureCheck, type SignatureSettings } from './twilio-signature';
import { twimlReply } from './twiml';

export interface SmsWebhookOptions extends SignatureSettings {
  /** The core entry (`core.handleInbound`). */
  handleInbound: InboundHandler;
  /** The core renderer (`core.render`), for the `sms` door. */
  render: RenderFn;
  /** Status callbacks (`outbox.recordStatus`); without it they are acknowledged and dropped. */
  onStatus?: (providerId: string, status: string) => Promise<unknown>;
  clock?: Clock;
  /** Twilio posts a few hundred bytes; anything much bigger is not Twilio. */
  bodyLimit?: string;
}

const TWIML = 'text/xml; charset=utf-8';

/**
 * `POST /sms` and `POST /sms/status`. Bodies are parsed here, not globally,
 * so other channels mounted on the same app keep their raw bodies.
 */
export function createSmsRouter(options: SmsWebhookOptions, logger: Logger): Router {
  const router = express.Router();
  addSmsRoutes(router, options, logger);
  return router;
}

/** The routes of {@link createSmsRouter}, added to `router` (the host app itself: one routing layer fewer per SMS). */
function addSmsRoutes(router: Pick<Router, 'post'>, options: SmsWebhookOptions, logger: Logger): void {
  const clock = options.clock ?? systemClock;
  const log = logger.child({ channel: 'sms' });
  const form = express.urlencoded({ extended: false, limit: options.bodyLimit ?? '16kb', parameterLimit: 100 });

  router.post('/sms', signatureHeaderFirst(options, log), form, async (req, res) => {
    const started = process.hrtime.bigint();
    const check = checkTwilioSignature(req, options);
    if (!check.ok) return refuse(res, check, log, req.path);
    if (!check.signed) log.warn('SMS_ALLOW_UNSIGNED: processing an UNSIGNED /sms request (development only)');

    const sid = field(req, 'MessageSid');
    const from = field(req, 'From');
    if (!sid || !from) return void res.status(400).type('text/plain').send('MessageSid and From are required');
    const phone = normalizePhone(from);
    if (!phone.ok) {
      log.warn({ sid, fromLength: from.length }, 'SMS from an unusable number ignored');
      return void sendTwiml(res, null);
    }
    const masked = maskPhone(phone.e164);
    const body = field(req, 'Body') ?? '';
    try {
      const outcome = await options.handleInbound({
        channel: 'sms',
        channelMessageId: sid,
        sender: { kind: 'phone', phone: phone.e164 },
        text: body,
        receivedAt: clock.now(),
      });
      const text = outcome.reply ? options.render(outcome.reply, outcome.lng, 'sms') : null;
      if (text !== null && !fitsOneGsm7Segment(text)) log.warn({ sid, key: outcome.reply?.key, length: text.length }, 'SMS reply longer than one segment');
      sendTwiml(res, text);
      log.info(
        {
          sid,
          from: masked,
          bodyLength: body.length,
          replyKey: outcome.reply?.key ?? null,
          duplicate: outcome.duplicate,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'SMS handled',
      );
    } catch (error) {
      // Not acknowledged (the host answers 503): Twilio retries or uses the fallback URL, and the same MessageSid comes back.
      if (error instanceof StoreUnavailableError) log.error({ sid, from: masked }, 'store unavailable, SMS not acknowledged');
      throw error;
    }
  });

  router.post('/sms/status', form, async (req, res) => {
    const check = checkTwilioSignature(req, options);
    if (!check.ok) return refuse(res, check, log, req.path);
    const sid = field(req, 'MessageSid');
    const status = field(req, 'MessageStatus');
    if (!sid || !status) return void res.status(400).type('text/plain').send('MessageSid and MessageStatus are required');
    if (!options.onStatus) {
      log.debug({ sid, status }, 'status callback ignored (no outbox)');
      return void res.status(204).end();
    }
    try {
      await options.onStatus(sid, status);
      log.debug({ sid, status, errorCode: field(req, 'ErrorCode') }, 'status recorded');
      res.status(204).end();
    } catch (error) {
      if (error instanceof StoreUnavailableError) log.error({ sid }, 'store unavailable, status callback not acknowledged');
      throw error;
    }
  });
}

/** Refused before the form is read: no signature header at all (the HMAC itself needs the body), or no auth token. */
function signatureHeaderFirst(options: SmsWebhookOptions, log: Logger): express.RequestHandler {
  return (req, res, next) => {
    if (req.get('x-twilio-signature') && options.authToken) return next();
    const check = checkTwilioSignature(req, options);
    if (!check.ok) return refuse(res, check, log, req.path);
    next();
  };
}

function refuse(res: Response, check: Extract<SignatureCheck, { ok: false }>, log: Logger, path: string): void {
  if (check.reason === 'not_configured') return notConfigured(res);
  log.warn({ path, reason: check.reason }, 'Twilio request refused');
  res.status(check.status).type('text/plain').send('Invalid Twilio signature');
}

/** Twilio keeps a message answered 503 (or tries the fallback URL): nothing is lost while the door is off. */
function notConfigured(res: Response): void {
  res.status(503).type('text/plain').send('SMS not configured: set TWILIO_AUTH_TOKEN (and PUBLIC_URL)');
}

function sendTwiml(res: Response, text: string | null): void {
  res.status(200).type(TWIML).send(twimlReply(text));
}

/** Form fields are strings; a repeated field (not something Twilio sends) counts as absent. */
function field(req: Request, name: string): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The SMS door's routes on the host: the webhook, or without its options a
 * 503 that says how to switch it on (Twilio then keeps the message).
 */
export function mountSms(options: SmsWebhookOptions | undefined, logger: Logger): (app: Express) => void {
  return (app) => {
    if (options) return addSmsRoutes(app, options, logger);
    app.post(['/sms', '/sms/status'], (_req, res) => {
      notConfigured(res);
    });
  };
}
