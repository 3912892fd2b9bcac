/**
 * The guest's waitlist places (issue 20), all behind a guest session (401 first, then the rate
 * limit, then the body):
 *   POST /public/me/waitlist             join a restaurant's waitlist (email verified: 403 otherwise)
 *   GET  /public/me/waitlist             my places, newest first, as the box last told the cloud
 *   GET  /public/me/waitlist/{id}        one place
 *   GET  /public/me/waitlist/{id}/live   Server-Sent Events: `place` whenever it changes
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { readJson, smallBody } from '../auth/http.js';
import type { AuthEnv } from '../auth/middleware.js';
import { LiveFeeds } from './live.js';
import type { GuestGate } from './routes.js';
import { JoinWaitlistBody } from './schemas.js';
import { findJoin, joinWaitlist, listJoins, viewJoins } from './waitlist.js';

const Id = z.uuid();
const idOf = (raw: string): string => {
  if (!Id.safeParse(raw).success) throw new AppError('VALIDATION_FAILED', 'A waitlist place id is a UUID.', [{ path: 'id', message: 'A waitlist place id is a UUID.' }]);
  return raw;
};

export function createGuestWaitlistRoutes(gate: GuestGate, feeds: LiveFeeds): Hono<AuthEnv> {
  const deps = gate.deps;
  const app = new Hono<AuthEnv>();

  app.post('/public/me/waitlist', smallBody, async (c) => {
    const { guest } = await gate.guest(c);
    const body = await readJson(c, JoinWaitlistBody);
    const { view, created } = await joinWaitlist(deps, guest, body);
    return c.json(view, created ? 201 : 200);
  });

  app.get('/public/me/waitlist', async (c) => {
    const { guest } = await gate.guest(c);
    c.header('Cache-Control', 'no-store');
    return c.json({ places: await viewJoins(deps.db, deps.clock.now(), await listJoins(deps.db, guest.id)) });
  });

  app.get('/public/me/waitlist/:id', async (c) => {
    const { guest } = await gate.guest(c);
    const join = await findJoin(deps.db, guest.id, idOf(c.req.param('id')));
    c.header('Cache-Control', 'no-store');
    return c.json((await viewJoins(deps.db, deps.clock.now(), [join]))[0]);
  });

  app.get('/public/me/waitlist/:id/live', async (c) => {
    const { guest } = await gate.guest(c);
    return feeds.followPlace(c, deps, guest.id, idOf(c.req.param('id')));
  });

  return app;
}
