/**
 * "See and cancel my bookings" for guest accounts (issue 20): the online bookings (cloud/booking/)
 * made with the account's email, once that email is verified — before, anyone could sign up with
 * someone else's address and read their bookings. Behind a guest session (401 first), then the rate
 * limit, then the body:
 *   GET  /public/me/bookings               my online bookings, newest first
 *   POST /public/me/bookings/{id}/cancel   cancel one ({reason?}); twice is once
 *   GET  /public/me/bookings/{id}/live     Server-Sent Events: `booking` whenever its status changes
 */
import { Hono } from 'hono';
import { AppError } from '../../src/errors.js';
import { smallBody } from '../auth/http.js';
import type { AuthEnv } from '../auth/middleware.js';
import { cancelOnlineBooking } from '../booking/cancel.js';
import { listOnlineBookingsByEmail } from '../booking/read.js';
import { CancelInput, invalid, readOptionalJsonBody } from '../booking/schema.js';
import type { LiveFeeds } from './live.js';
import type { GuestGate } from './routes.js';
import { assertVerified } from './session.js';

const BOOKING_ID = /^[A-Za-z0-9_-]{1,100}$/;
function bookingId(raw: string): string {
  if (!BOOKING_ID.test(raw)) throw new AppError('VALIDATION_FAILED', 'A booking id is the one listed in your bookings.', [{ path: 'id', message: 'Not a booking id.' }]);
  return raw;
}

export function createGuestBookingRoutes(gate: GuestGate, feeds: LiveFeeds): Hono<AuthEnv> {
  const deps = gate.deps;
  const app = new Hono<AuthEnv>();

  app.get('/public/me/bookings', async (c) => {
    const { guest } = await gate.guest(c);
    assertVerified(guest);
    c.header('Cache-Control', 'no-store');
    return c.json({ bookings: await listOnlineBookingsByEmail(deps.db, guest.email) });
  });

  app.post('/public/me/bookings/:id/cancel', smallBody, async (c) => {
    const { guest } = await gate.guest(c);
    assertVerified(guest);
    const id = bookingId(c.req.param('id'));
    const parsed = CancelInput.safeParse(await readOptionalJsonBody(c.req.raw));
    if (!parsed.success) throw invalid(parsed.error);
    const { booking } = await cancelOnlineBooking(deps.db, { email: guest.email, id }, deps.clock.now(), parsed.data.reason ?? null);
    c.header('Cache-Control', 'no-store');
    return c.json(booking);
  });

  app.get('/public/me/bookings/:id/live', async (c) => {
    const { guest } = await gate.guest(c);
    assertVerified(guest);
    return feeds.followBooking(c, deps, guest, bookingId(c.req.param('id')));
  });

  return app;
}
