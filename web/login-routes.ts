import express, { type Router } from 'express';
import { maskPhone, normalizePhone } from '../core/domain/phone';
import { isAskerOutcome } from '../core/usecases/one-time-codes';
import { BROWSER_COOKIE, SESSION_COOKIE, type WebKit } from './web-kit';
import { may, ownPlaceOf } from '../core/access/policy';

const LOGIN_WINDOW_MS = 15 * 60_000;

/**
 * Sign-in by a one-time code sent through the person's own door, and sign-out.
 * Only officers and admins get a code, but every number gets the same answer
 * ("if this number may sign in, a code was sent"); every attempt is logged
 * with the phone masked and what really happened. Asking is limited per
 * browser and per address before any per-person limit. The per-address limit reads `req.ip`, which is the client's address
 * behind a reverse proxy only when `trust proxy` is set (`TRUST_PROXY`).
 */
/** Whole minutes until a counting window of `windowMs` ends (the lockout message says how long, not "a few minutes"). */
const minutesUntil = (now: Date, windowMs: number): number => Math.max(1, Math.ceil((windowMs - (now.getTime() % windowMs)) / 60_000));

export function loginRoutes(kit: WebKit): Router {
  const { options, log, render } = kit;
  const router = express.Router();
  const perAddress = options.loginsPerAddress ?? 20;
  /** Counted in the store per 15-minute window, as the code's own per-person and per-browser limits are: shared by every Loa process and kept over a restart. */
  const addressAllowed = async (address: string): Promise<boolean> => {
    const window = Math.floor(options.clock.now().getTime() / LOGIN_WINDOW_MS);
    // The counter expires with its window; the hourly sweep removes it.
    const endsAt = new Date((window + 1) * LOGIN_WINDOW_MS);
    return (await options.repos.counters.increment(`web-login:address:${address}:${window}`, endsAt)) <= perAddress;
  };

  router.get('/login', (req, res) => {
    const ended = req.query.ended === 'expired' || req.query.ended === 'revoked' ? req.query.ended : null;
    render(req, res, 'login', { step: 'phone', phone: '', error: ended ? `ended_${ended}` : null });
  });

  router.post('/login', async (req, res) => {
    const phoneText = String(req.body.phone ?? '').slice(0, 40);
    const phone = normalizePhone(phoneText);
    const masked = phone.ok ? maskPhone(phone.e164) : 'invalid';
    if (!(await addressAllowed(req.ip ?? 'unknown'))) {
      log.warn({ phone: masked, outcome: 'rate_limited_address' }, 'web sign-in attempt');
      return render(req, res, 'login', { step: 'phone', phone: phoneText, error: 'rate_limited', waitMinutes: minutesUntil(options.clock.now(), LOGIN_WINDOW_MS) }, 429);
    }
    if (!phone.ok) {
      log.info({ phone: masked, outcome: 'invalid_phone' }, 'web sign-in attempt');
      return render(req, res, 'login', { step: 'phone', phone: phoneText, error: 'invalid_phone' }, 400);
    }
    const issued = await options.codes.issueCode({
      phone: phone.e164,
      purpose: 'web-login',
      requester: req.cookies[BROWSER_COOKIE],
      origin: req.ip ?? 'unknown',
      // Who may sign in is the access policy's answer; everyone else gets the same page and no code.
      eligible: (person) => may(person, 'sign_in', ownPlaceOf(person)).allowed,
      now: options.clock.now(),
    });
    const outcome = issued.ok ? (issued.reused ? 'code_reused' : 'code_sent') : issued.reason;
    log.info({ phone: masked, outcome, ...(issued.ok && issued.via ? { via: issued.via } : {}) }, 'web sign-in attempt');
    if (isAskerOutcome(issued)) return render(req, res, 'login', { step: 'phone', phone: phoneText, error: issued.reason, waitMinutes: minutesUntil(options.clock.now(), 3_600_000) }, issued.reason === 'rate_limited' ? 429 : 400);
    // The same page for every number (unknown, a collaborator, an officer; sent, reused or not): it tells nobody who is on the roster.
    render(req, res, 'login', { step: 'code', phone: phone.e164, via: null, sentIfAllowed: true, error: null });
  });

  router.post('/login/code', async (req, res) => {
    const phone = normalizePhone(String(req.body.phone ?? '').slice(0, 40));
    if (!phone.ok) return res.redirect(303, '/web/login');
    const masked = maskPhone(phone.e164);
    const now = options.clock.now();
    const verified = await options.codes.verifyCode({
      purpose: 'web-login',
      requester: req.cookies[BROWSER_COOKIE],
      code: String(req.body.code ?? '').slice(0, 20),
      now,
      target: { phone: phone.e164 },
    });
    if (!verified.ok) {
      log.info({ phone: masked, outcome: `code_${verified.reason}` }, 'web sign-in attempt');
      const step = verified.reason === 'wrong' && verified.triesLeft > 0 ? 'code' : 'phone';
      return render(req, res, 'login', { step, phone: phone.e164, via: null, error: `code_${verified.reason}`, triesLeft: verified.reason === 'wrong' ? verified.triesLeft : 0 }, 400);
    }
    if (!may(verified.person, 'sign_in', ownPlaceOf(verified.person)).allowed) return render(req, res, 'login', { step: 'phone', phone: '', error: 'collaborator' }, 403);
    const session = await kit.sessions.create(verified.person._id, now);
    log.info({ phone: masked, person: verified.person._id, outcome: 'signed_in' }, 'web sign-in attempt');
    res.cookie(SESSION_COOKIE, session.token, { ...kit.cookieBase, maxAge: session.expiresAt.getTime() - now.getTime() });
    res.redirect(303, '/web');
  });

  router.post('/logout', async (req, res) => {
    await kit.sessions.revoke(req.cookies[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, kit.cookieBase);
    res.redirect(303, '/web/login');
  });
  return router;
}
