/**
 * The public, unauthenticated routes of issue 20, both read-only through brigade_public:
 *   GET /public/restaurants   discovery (JSON)
 *   GET /r/{slug}             a published restaurant's page (HTML)
 * Order (architecture §10, public routes): rate limit per client address first — a bad request
 * costs its sender a request too — then validation, then the database.
 */
import { Hono, type Context } from 'hono';
import type { AuthEnv } from '../auth/middleware.js';
import { clientIp } from '../auth/http.js';
import type { CloudDb } from '../db.js';
import { discover, parseDiscovery } from './discovery.js';
import { notFoundPage, publicPage } from './public-page.js';
import { withPublic } from './public-db.js';
import { PublicRateLimiter } from './rate-limit.js';
import { PUBLIC_COLUMNS, toProfile, type ProfileRow } from './store.js';
import { bookingForm } from '../booking/page-form.js';
import { bookingSection } from '../booking/page.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/;

export function publicHeaders(c: Context): void {
  // Photos are any https address the owner chose; nothing else loads, nothing runs.
  // Its forms (booking) post to this site only.
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src https:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'public, max-age=60');
}

export function createPublicRoutes(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  let limiter: PublicRateLimiter | null = null;
  const limit = (c: Context<AuthEnv>) => {
    const deps = c.get('auth');
    limiter ??= PublicRateLimiter.fromEnv(deps.clock);
    limiter.hit(clientIp(c, deps));
  };

  app.get('/public/restaurants', async (c) => {
    limit(c);
    const query = parseDiscovery(c.req.url);
    c.header('Cache-Control', 'no-store');
    return c.json(await discover(db, query, c.get('auth').clock.now()));
  });

  app.get('/r/:slug', async (c) => {
    limit(c);
    publicHeaders(c);
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) return c.html(notFoundPage(), 404);
    const now = new Date(c.get('auth').clock.now()).toISOString();
    const row = await withPublic(db, async (q) => (await q.query<ProfileRow & { open_now: boolean; dow: number; local_date: string }>(
      `SELECT ${PUBLIC_COLUMNS},
         profile_open_at(open_week, spill_week, closed_dates, $2::timestamptz AT TIME ZONE time_zone) AS open_now,
         extract(isodow FROM $2::timestamptz AT TIME ZONE time_zone)::int - 1 AS dow,
         to_char($2::timestamptz AT TIME ZONE time_zone, 'YYYY-MM-DD') AS local_date
       FROM public_restaurants WHERE slug = $1`, [slug, now])).rows[0]);
    if (!row) return c.html(notFoundPage(), 404);
    const profile = toProfile(row);
    const upcomingClosures = profile.closedDates.filter((d) => d >= row.local_date).sort().slice(0, 5);
    const { form, status } = await bookingForm(db, slug, { date: c.req.query('date'), party: c.req.query('party') }, c.get('auth').clock.now());
    // The times offered change with every booking: not cached.
    c.header('Cache-Control', 'no-store');
    return c.html(publicPage({ profile, openNow: row.open_now, todayIndex: row.dow, upcomingClosures, booking: bookingSection(form) }), status);
  });
  return app;
}
