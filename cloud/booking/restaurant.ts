/**
 * The published restaurant behind a public booking route: read through the public role (only
 * published profiles are there), then its organisation from the service's own directory.
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb } from '../db.js';
import { withPublic } from '../profiles/public-db.js';

export const SLUG = /^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/;

export interface BookableRestaurant {
  locationId: string;
  organisationId: string;
  slug: string;
  name: string;
  timeZone: string;
  country: string | null;
  minParty: number;
  maxParty: number;
  maxDaysAhead: number;
}

const notPublished = (slug: string) => new AppError('NOT_FOUND', `No published restaurant at /r/${slug}.`, { entity: 'restaurant', id: slug });

export async function findBookable(db: CloudDb, slug: string): Promise<BookableRestaurant> {
  if (!SLUG.test(slug)) throw notPublished(slug.slice(0, 60));
  const row = await withPublic(db, async (q) => (await q.query<{ location_id: string; slug: string; name: string; time_zone: string; country: string | null;
    min_party: number; max_party: number; max_days_ahead: number }>(
    `SELECT location_id, slug, name, time_zone, address->>'country' AS country, min_party, max_party, max_days_ahead FROM public_restaurants WHERE slug = $1`, [slug])).rows[0]);
  if (!row) throw notPublished(slug);
  // The locations table is the service's directory (like devices): read as the connecting role.
  const org = (await db.query<{ organisation_id: string }>('SELECT organisation_id FROM locations WHERE id = $1', [row.location_id])).rows[0];
  if (!org) throw notPublished(slug);
  return { locationId: row.location_id, organisationId: org.organisation_id, slug: row.slug, name: row.name, timeZone: row.time_zone, country: row.country,
    minParty: row.min_party, maxParty: row.max_party, maxDaysAhead: row.max_days_ahead };
}

/** Names of restaurants by location (for a guest's list of bookings); unpublished ones are missing. */
export async function restaurantNames(db: CloudDb, locationIds: readonly string[]): Promise<Map<string, { slug: string; name: string }>> {
  if (locationIds.length === 0) return new Map();
  const rows = await withPublic(db, async (q) => (await q.query<{ location_id: string; slug: string; name: string }>(
    'SELECT location_id, slug, name FROM public_restaurants WHERE location_id = ANY($1::text[])', [[...new Set(locationIds)]])).rows);
  return new Map(rows.map((r) => [r.location_id, { slug: r.slug, name: r.name }]));
}
