/**
 * Guest accounts (issue 20): the restaurant's customers in the cloud — sign-up with a verified email,
 * sessions, new passwords by mail, their online bookings (seen and cancelled), joining a waitlist from afar and following it live. Mounted by
 * createCloudApp; the staff accounts' password, session and throttle code is shared (cloud/auth/).
 */
import { Hono } from 'hono';
import type { AuthDeps } from '../auth/deps.js';
import type { AuthEnv } from '../auth/middleware.js';
import { createGuestAccountRoutes, GuestGate } from './routes.js';
import { createGuestWaitlistRoutes } from './waitlist-routes.js';
import { createGuestBookingRoutes } from './booking-routes.js';
import { LiveFeeds } from './live.js';
import { createGuestPages } from './pages.js';

export function createGuestRoutes(deps: AuthDeps): Hono<AuthEnv> {
  const gate = new GuestGate(deps);
  // One count of open live feeds per account, across places and bookings.
  const feeds = new LiveFeeds();
  const app = new Hono<AuthEnv>();
  app.route('/', createGuestAccountRoutes(gate));
  app.route('/', createGuestWaitlistRoutes(gate, feeds));
  app.route('/', createGuestBookingRoutes(gate, feeds));
  app.route('/', createGuestPages());
  return app;
}
