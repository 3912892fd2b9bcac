/**
 * GET / — the owners' dashboard for the signed-in person. Anyone not signed in goes to /login.
 * The filter is the query string (`from`, `to`, `locations` repeated or comma-separated); without
 * dates it shows today's business day in the first location's time zone, live: what the boxes have
 * synced so far, with each location's freshness.
 */
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { AppError } from '../../src/errors.js';
import { businessDay } from '../../src/lib/business-day.js';
import { viewerProfile } from '../auth/directory.js';
import { signedIn, type AuthEnv } from '../auth/middleware.js';
import { secureHeaders } from '../auth/page-layout.js';
import { withReader } from '../auth/reader.js';
import type { CloudDb, Queryable } from '../db.js';
import { dashboardReport, parseReportQuery, refreshInBackground } from '../reports/index.js';
import { dashboardPage, messagePage } from './page.js';

export function createDashboardPages(db: CloudDb, logger: Logger): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const { viewer } = session;
    if (viewer.locationIds.length === 0) {
      const hint = viewer.role === 'owner'
        ? 'Your organisation has no location yet. Add one and a credential for its box with `npm run cloud:admin -- location create` and `device create`; its figures appear here once the box syncs.'
        : 'Your account cannot see any location yet. Ask an owner of your organisation to give you access.';
      return c.html(messagePage('No locations yet', hint));
    }
    const profile = await viewerProfile(db, viewer, session.account);
    const filter = filterOf(c);
    const chosen = filter.locations ?? viewer.locationIds;
    try {
      const { report, today } = await withReader(db, viewer, chosen, async (q) => {
        const today = await todayWhere(q, chosen, c.get('auth').clock.now());
        const query = parseReportQuery({ from: filter.from ?? today, to: filter.to ?? filter.from ?? today, locations: chosen.join(',') }, viewer.locationIds);
        return { report: await dashboardReport(q, query), today };
      });
      // Dirty days are computed live (exact either way); rebuilding their rollups after answering keeps the next load fast.
      refreshInBackground(db, report.query.locationIds, logger);
      // Locations are labelled with the organisation's own names for them (the box's restaurant name may
      // differ, and a location whose box never synced has none).
      const named = new Map(profile.locations.map((l) => [l.id, l.name]));
      report.freshness = report.freshness.map((f) => ({ ...f, name: named.get(f.locationId) ?? f.name }));
      return c.html(dashboardPage({
        report, today, now: c.get('auth').clock.now(),
        locations: profile.locations,
        who: { name: session.account.name, email: session.account.email, role: viewer.role, organisation: profile.organisation.name },
      }));
    } catch (error) {
      // A person typed a bad date or edited the URL: say what is wrong on a page, not as JSON.
      if (error instanceof AppError && error.status < 500) return c.html(messagePage('That view cannot be shown', error.message), error.status as 400);
      throw error;
    }
  });

  return app;
}

/** The query string as the filter form sends it: `locations` may repeat (checkboxes) or be comma-separated. */
function filterOf(c: Context<AuthEnv>): { from?: string; to?: string; locations?: string[] } {
  const locations = (c.req.queries('locations') ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  return {
    from: c.req.query('from') || undefined,
    to: c.req.query('to') || undefined,
    locations: locations.length > 0 ? locations : undefined,
  };
}

/** Today's business day where the first chosen location is (its synced time zone and day-start hour). */
async function todayWhere(q: Queryable, locationIds: readonly string[], now: number): Promise<string> {
  const { rows } = await q.query<{ time_zone: string | null; day_start: string | null }>(
    "SELECT time_zone, row->>'dayStartHour' AS day_start FROM restaurants WHERE location_id = ANY ($1::text[]) ORDER BY location_id LIMIT 1", [locationIds]);
  const zone = rows[0]?.time_zone ?? 'UTC';
  const startHour = Number(rows[0]?.day_start ?? 0);
  try {
    return businessDay(now, zone, Number.isInteger(startHour) ? startHour : 0);
  } catch {
    return new Date(now).toISOString().slice(0, 10); // a time zone this runtime does not know
  }
}
