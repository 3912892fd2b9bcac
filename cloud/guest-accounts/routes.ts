/**
 * The guest-account API (issue 20), apart from the staff's /api/auth:
 *   POST /public/accounts/register · /verify · /verify/resend · /login · /logout · /password/forgot · /password/reset
 *   GET  /public/me
 * Order on every route: the caller (a session where one is needed: 401 before anything is read from
 * the body), the rate limit per address (a refused request counts too), then the content type and the
 * body. Answers never tell whether an email has an account: sign-up and "forgot my password" answer
 * 202 the same way, and a wrong email or password is one 401 after the same scrypt work.
 */
import { Hono, type Context } from 'hono';
import { AppError } from '../../src/errors.js';
import { parsePhone } from '../../src/customers/rules.js';
import type { AuthDeps } from '../auth/deps.js';
import { GUEST_SESSION_COOKIE, clearSessionCookie, clientIp, readJson, sessionToken, setSessionCookie, smallBody } from '../auth/http.js';
import type { AuthEnv } from '../auth/middleware.js';
import { decoyHash, hashPassword, verifyPassword } from '../auth/password.js';
import { GUEST_SESSIONS, dropHolderSessions, dropSession, issueSession } from '../auth/session-store.js';
import { assertNotThrottled, clearFailures, recordFailure, type ThrottleBook } from '../auth/throttle.js';
import { wakeNotificationWorker } from '../notify/index.js';
import { GuestLimits } from './limits.js';
import { mailAlreadyRegistered, mailResetLink, mailVerifyLink } from './mail.js';
import { ForgotBody, GuestLoginBody, RegisterBody, ResetBody, VerifyBody } from './schemas.js';
import { guestOf, guestUnauthenticated, type GuestSession } from './session.js';
import { consumeLink, findGuest, findGuestByEmail, guestView, insertGuest, issueLink } from './store.js';

export const GUEST_THROTTLE: ThrottleBook = { table: 'guest_login_throttle', hint: 'or choose a new password with the link from "Forgot your password?"' };

const badCredentials = () => new AppError('BAD_CREDENTIALS', 'That email and password do not match a guest account. Check both, or choose a new password.');
const linkInvalid = () => new AppError('GUEST_LINK_INVALID', 'This link was already used, has expired or is not one of ours. Ask for a new one.');
const mailSent = (email: string) => ({ status: 'mail_sent', message: `If ${email} can receive mail, a message with a link is on its way.` });

/** The guest routes' shared gate: who is calling (when a session is needed) and the rate limits. */
export class GuestGate {
  readonly limits = new GuestLimits();
  constructor(readonly deps: AuthDeps) {}

  /** Counts the request against the caller's address. */
  open(c: Context): void {
    this.limits.hit(c, this.deps);
  }

  /** The signed-in guest, then the count; 401 (counted too) without one. */
  async guest(c: Context<AuthEnv>): Promise<GuestSession> {
    const session = await guestOf(c, this.deps);
    this.open(c);
    if (!session) throw guestUnauthenticated();
    return session;
  }
}

export function createGuestAccountRoutes(gate: GuestGate): Hono<AuthEnv> {
  const deps = gate.deps;
  const app = new Hono<AuthEnv>();

  app.post('/public/accounts/register', smallBody, async (c) => {
    gate.open(c);
    const body = await readJson(c, RegisterBody);
    let phone: string | null = null;
    if (body.phone) {
      const parsed = parsePhone(body.phone, null);
      if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.message, [{ path: 'phone', message: parsed.message }]);
      phone = parsed.e164;
    }
    gate.limits.mail(deps, `ip:${clientIp(c, deps)}`, `to:${body.email}`);
    const passwordHash = await hashPassword(body.password);
    await deps.db.transaction(async (q) => {
      const guest = await insertGuest(q, deps.ids, deps.clock, { email: body.email, passwordHash, name: body.name ?? null, phone });
      if (!guest) return mailAlreadyRegistered(q, body.email);
      const link = await issueLink(q, deps.clock, guest.id, 'verify');
      await mailVerifyLink(q, guest.email, link.token);
    });
    wakeNotificationWorker(deps.db);
    return c.json(mailSent(body.email), 202);
  });

  app.post('/public/accounts/verify', smallBody, async (c) => {
    gate.open(c);
    const body = await readJson(c, VerifyBody);
    const guest = await deps.db.transaction(async (q) => {
      const id = await consumeLink(q, deps.clock, body.token, 'verify');
      if (!id) throw linkInvalid();
      await q.query('UPDATE guest_accounts SET email_verified_at = coalesce(email_verified_at, $2) WHERE id = $1', [id, deps.clock.now()]);
      return (await findGuest(q, id))!;
    });
    return c.json({ verified: true, account: guestView(guest) });
  });

  app.post('/public/accounts/verify/resend', async (c) => {
    const { guest } = await gate.guest(c);
    if (guest.email_verified_at !== null) return c.json({ status: 'already_verified' });
    gate.limits.mail(deps, `ip:${clientIp(c, deps)}`, `to:${guest.email}`);
    await deps.db.transaction(async (q) => mailVerifyLink(q, guest.email, (await issueLink(q, deps.clock, guest.id, 'verify')).token));
    wakeNotificationWorker(deps.db);
    return c.json(mailSent(guest.email), 202);
  });

  app.post('/public/accounts/login', smallBody, async (c) => {
    gate.open(c);
    const body = await readJson(c, GuestLoginBody);
    const ip = clientIp(c, deps);
    await assertNotThrottled(deps.db, body.email, ip, deps.clock.now(), GUEST_THROTTLE);
    const guest = await findGuestByEmail(deps.db, body.email);
    // Unknown email or wrong password: one answer, after the same scrypt work.
    const ok = await verifyPassword(body.password, guest?.password_hash ?? await decoyHash());
    if (!guest || !ok) {
      await recordFailure(deps.db, body.email, ip, deps.clock.now(), GUEST_THROTTLE);
      deps.logger.info({ ip, known: Boolean(guest) }, 'guest sign-in refused');
      throw badCredentials();
    }
    await clearFailures(deps.db, body.email, ip, GUEST_THROTTLE);
    const session = await issueSession(deps.db, deps.clock, GUEST_SESSIONS, guest.id);
    setSessionCookie(c, deps, session.token, session.expiresAt, GUEST_SESSION_COOKIE);
    return c.json({ token: session.token, expiresAt: session.expiresAt, account: guestView(guest) });
  });

  app.post('/public/accounts/logout', async (c) => {
    gate.open(c);
    const token = sessionToken(c, GUEST_SESSION_COOKIE);
    if (token && token.length <= 200) await dropSession(deps.db, GUEST_SESSIONS, token);
    clearSessionCookie(c, deps, GUEST_SESSION_COOKIE);
    return c.json({ signedOut: true });
  });

  app.post('/public/accounts/password/forgot', smallBody, async (c) => {
    gate.open(c);
    const body = await readJson(c, ForgotBody);
    gate.limits.mail(deps, `ip:${clientIp(c, deps)}`, `to:${body.email}`);
    const guest = await findGuestByEmail(deps.db, body.email);
    if (guest) {
      await deps.db.transaction(async (q) => mailResetLink(q, guest.email, (await issueLink(q, deps.clock, guest.id, 'reset')).token));
      wakeNotificationWorker(deps.db);
    }
    return c.json(mailSent(body.email), 202);
  });

  app.post('/public/accounts/password/reset', smallBody, async (c) => {
    gate.open(c);
    const body = await readJson(c, ResetBody);
    const passwordHash = await hashPassword(body.password);
    const guest = await deps.db.transaction(async (q) => {
      const id = await consumeLink(q, deps.clock, body.token, 'reset');
      if (!id) throw linkInvalid();
      // The link reached their inbox, so the address is theirs: that verifies it too.
      await q.query('UPDATE guest_accounts SET password_hash = $2, email_verified_at = coalesce(email_verified_at, $3) WHERE id = $1', [id, passwordHash, deps.clock.now()]);
      // Whoever knew the old password is signed out everywhere.
      await dropHolderSessions(q, GUEST_SESSIONS, id);
      return (await findGuest(q, id))!;
    });
    return c.json({ passwordChanged: true, account: guestView(guest) });
  });

  app.get('/public/me', async (c) => {
    const { guest } = await gate.guest(c);
    c.header('Cache-Control', 'no-store');
    return c.json(guestView(guest));
  });

  return app;
}
