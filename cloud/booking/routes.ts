/**
 * Online booking's routes (issue 20).
 *
 * Public (guests; no account): each counts against the client address's rate limit first — a bad
 * request costs its sender too — then validates, then reads or writes.
 *   GET  /public/restaurants/{slug}/availability?date=&party=   times offered online (from the box's grant)
 *   POST /public/restaurants/{slug}/bookings                    book: 202, pending until the box applies it
 *   GET  /public/bookings/{token}                               the booking behind a manage link
 *   POST /public/bookings/{token}/cancel                        cancel it
 * The same for the restaurant's page, as plain forms (HTML answers; no script):
 *   POST /r/{slug}/book  → 303 /b/{token}    GET /b/{token}    POST /b/{token}/cancel → 303 /b/{token}
 * The box (device credential):
 *   POST /sync/allotment                                        the box's grant of covers per slot
 */
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { AppError } from '../../src/errors.js';
import { ALLOTMENT_PATH, allotmentGrant } from '../../sync/booking-messages.js';
import { BOX_ID_HEADER } from '../../sync/protocol.js';
import type { AuthEnv } from '../auth/middleware.js';
import { clientIp } from '../auth/http.js';
import { authenticateBox } from '../box-identity.js';
import type { CloudDb } from '../db.js';
import { PublicRateLimiter } from '../profiles/rate-limit.js';
import { withTenant } from '../tenant.js';
import { storeGrant } from './allotment.js';
import { offeredSlots } from './offered.js';
import { cancelOnlineBooking } from './cancel.js';
import { createOnlineBooking } from './create.js';
import { manageLink } from './notify.js';
import { findOnlineBookingByToken } from './read.js';
import { findBookable, SLUG } from './restaurant.js';
import { errorPage, managePage } from './page.js';
import { MANAGE_TOKEN } from './token.js';
import { publicHeaders } from '../profiles/public-routes.js';
import { AvailabilityQuery, BookingInput, CancelInput, invalid, readFormBody, readJsonBody, readOptionalJsonBody } from './schema.js';

/** Writes (book, cancel) per client address per minute; reads share the public pages' budget. */
export const BOOKING_WRITES_PER_MINUTE = 10;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;

const bearer = (c: Context) => {
  const h = c.req.header('authorization') ?? '';
  return h.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

function writeLimiter(clock: { now(): number }): PublicRateLimiter {
  const n = Number(process.env.CLOUD_BOOKING_RATE_PER_MINUTE);
  return new PublicRateLimiter(Number.isSafeInteger(n) && n > 0 ? n : BOOKING_WRITES_PER_MINUTE, clock);
}

export function createBookingRoutes(db: CloudDb, logger: Logger): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  let reads: PublicRateLimiter | null = null;
  let writes: PublicRateLimiter | null = null;
  const limitRead = (c: Context<AuthEnv>) => { const d = c.get('auth'); (reads ??= PublicRateLimiter.fromEnv(d.clock)).hit(clientIp(c, d)); };
  const limitWrite = (c: Context<AuthEnv>) => { const d = c.get('auth'); (writes ??= writeLimiter(d.clock)).hit(clientIp(c, d)); };
  const now = (c: Context<AuthEnv>) => c.get('auth').clock.now();

  app.get('/public/restaurants/:slug/availability', async (c) => {
    limitRead(c);
    c.header('Cache-Control', 'no-store');
    const parsed = AvailabilityQuery.safeParse(c.req.query());
    if (!parsed.success) throw invalid(parsed.error);
    const { date, party } = parsed.data;
    const r = await findBookable(db, c.req.param('slug'));
    if (party < r.minParty || party > r.maxParty) {
      throw new AppError('VALIDATION_FAILED', `${r.name} takes parties of ${r.minParty} to ${r.maxParty} online.`, [{ path: 'party', message: `From ${r.minParty} to ${r.maxParty}.` }]);
    }
    const slots = await offeredSlots(db, r, date, party, now(c));
    return c.json({
      restaurant: { slug: r.slug, name: r.name }, date, party, timeZone: r.timeZone, bookableOnline: slots !== null,
      slots: slots ?? [],
    });
  });

  app.post('/public/restaurants/:slug/bookings', async (c) => {
    limitWrite(c);
    c.header('Cache-Control', 'no-store');
    const key = c.req.header('idempotency-key') ?? null;
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_REQUIRED', 'The Idempotency-Key header is 8–128 letters, digits, _ - : or . (or leave it out).');
    const parsed = BookingInput.safeParse(await readJsonBody(c.req.raw));
    if (!parsed.success) throw invalid(parsed.error);
    const r = await findBookable(db, c.req.param('slug'));
    const created = await createOnlineBooking(db, r, parsed.data, key, now(c));
    return c.json({ ...created.booking, restaurant: { slug: r.slug, name: r.name }, manageToken: created.manageToken,
      manageUrl: created.manageToken ? manageLink(created.manageToken) : null }, created.replayed ? 200 : 202);
  });

  app.get('/public/bookings/:token', async (c) => {
    limitRead(c);
    c.header('Cache-Control', 'no-store');
    return c.json(await findOnlineBookingByToken(db, c.req.param('token')));
  });

  app.post('/public/bookings/:token/cancel', async (c) => {
    limitWrite(c);
    c.header('Cache-Control', 'no-store');
    const parsed = CancelInput.safeParse(await readOptionalJsonBody(c.req.raw));
    if (!parsed.success) throw invalid(parsed.error);
    await cancelOnlineBooking(db, { token: c.req.param('token') }, now(c), parsed.data.reason ?? null);
    return c.json(await findOnlineBookingByToken(db, c.req.param('token')));
  });

  // The same, as plain HTML forms for the restaurant's page (no script): a refusal is a page saying why.
  const refusalPage = (c: Context<AuthEnv>, error: unknown, back: string | null) => {
    if (!(error instanceof AppError)) throw error;
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return c.html(errorPage('Booking not made', error.message, back), error.status as 400);
  };

  app.post('/r/:slug/book', async (c) => {
    publicHeaders(c);
    c.header('Cache-Control', 'no-store');
    const slug = c.req.param('slug');
    const back = SLUG.test(slug) ? `/r/${slug}#booking` : null;
    try {
      limitWrite(c);
      const form = await readFormBody(c.req.raw);
      const key = form.get('key') ?? null;
      if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new AppError('VALIDATION_FAILED', 'The form is damaged; reload the page and try again.');
      const parsed = BookingInput.safeParse({
        partySize: /^\d{1,3}$/.test(form.get('party') ?? '') ? Number(form.get('party')) : form.get('party'),
        startsAt: /^\d{1,16}$/.test(form.get('startsAt') ?? '') ? Number(form.get('startsAt')) : form.get('startsAt'),
        name: form.get('name') ?? '', email: form.get('email') ?? '', phone: form.get('phone') || null, notes: form.get('notes') || null,
      });
      if (!parsed.success) throw invalid(parsed.error);
      const r = await findBookable(db, slug);
      const created = await createOnlineBooking(db, r, parsed.data, key, now(c));
      if (!created.manageToken) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This form was already sent; see your e-mail for the booking\'s link.');
      return c.redirect(`/b/${created.manageToken}`, 303);
    } catch (error) {
      return refusalPage(c, error, back);
    }
  });

  app.get('/b/:token', async (c) => {
    publicHeaders(c);
    c.header('Cache-Control', 'no-store');
    try {
      limitRead(c);
      const token = c.req.param('token');
      return c.html(managePage(await findOnlineBookingByToken(db, token), token));
    } catch (error) {
      return refusalPage(c, error, null);
    }
  });

  app.post('/b/:token/cancel', async (c) => {
    publicHeaders(c);
    c.header('Cache-Control', 'no-store');
    const token = c.req.param('token');
    try {
      limitWrite(c);
      await cancelOnlineBooking(db, { token }, now(c));
      return c.redirect(`/b/${token}`, 303);
    } catch (error) {
      return refusalPage(c, error, MANAGE_TOKEN.test(token) ? `/b/${token}` : null);
    }
  });

  app.post(ALLOTMENT_PATH, async (c) => {
    const tenant = await authenticateBox(db, bearer(c), c.req.header(BOX_ID_HEADER), logger);
    let body: unknown;
    try { body = JSON.parse(await c.req.text()); } catch { throw new AppError('MALFORMED_JSON', 'The grant is not valid JSON.'); }
    const parsed = allotmentGrant.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error);
    const stored = await withTenant(db, tenant, (q) => storeGrant(q, tenant, parsed.data));
    return c.json({ stored });
  });

  return app;
}
