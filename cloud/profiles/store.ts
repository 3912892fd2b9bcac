/**
 * Reading and writing a location's public profile for signed-in people (issue 20). Every statement
 * runs as brigade_service with the organisation set (RLS, migration 0019); the code checks the
 * location is the viewer's first (architecture §9): another organisation's location is 403
 * LOCATION_FORBIDDEN, the same answer as one that does not exist.
 */
import { AppError } from '../../src/errors.js';
import { assertLocations, enterReader, type Viewer } from '../auth/reader.js';
import type { CloudDb, Queryable } from '../db.js';
import { enterOrganisation } from '../tenant.js';
import { multirange, weekRanges, type Hours } from './hours.js';
import { normalisePhone, type ProfileInput } from './schema.js';

/** The columns a profile is shown from: all public, in location_profiles and in its projection public_restaurants. */
export const PUBLIC_COLUMNS = `slug, name, address, lat, lon, cuisines, price_range, photos, hours, closed_dates::text[] AS closed_dates,
  phone, time_zone, min_party, max_party, max_days_ahead`;

export interface ProfileRow {
  slug: string; name: string; address: Profile['address']; lat: number; lon: number; cuisines: string[]; price_range: number;
  photos: string[]; hours: Hours; closed_dates: string[]; phone: string | null; time_zone: string;
  min_party: number; max_party: number; max_days_ahead: number; published?: boolean; version?: number;
}

export interface Profile {
  slug: string;
  name: string;
  address: { street: string; postcode: string; city: string; country: string };
  lat: number;
  lon: number;
  cuisines: string[];
  priceRange: number;
  photos: string[];
  hours: Hours;
  closedDates: string[];
  phone: string | null;
  timeZone: string;
  booking: { minParty: number; maxParty: number; maxDaysAhead: number };
  published: boolean;
}

export const toProfile = (r: ProfileRow): Profile => ({
  slug: r.slug, name: r.name, address: r.address, lat: r.lat, lon: r.lon, cuisines: r.cuisines, priceRange: r.price_range,
  photos: r.photos, hours: r.hours, closedDates: r.closed_dates, phone: r.phone, timeZone: r.time_zone,
  booking: { minParty: r.min_party, maxParty: r.max_party, maxDaysAhead: r.max_days_ahead }, published: r.published ?? true,
});

/** A transaction in the viewer's organisation that may also read the location's synced rows (its time zone). */
function inLocation<T>(db: CloudDb, viewer: Viewer, locationId: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
  assertLocations(viewer, [locationId]);
  return db.transaction(async (q) => {
    await enterOrganisation(q, viewer.organisationId);
    await enterReader(q, [locationId]);
    return fn(q);
  });
}

/** The time zone the location's box synced (the box is the truth for its own clock), or null before it has. */
async function syncedTimeZone(q: Queryable, locationId: string): Promise<string | null> {
  const { rows } = await q.query<{ time_zone: string | null }>(
    'SELECT time_zone FROM restaurants WHERE location_id = $1 AND NOT deleted AND time_zone IS NOT NULL ORDER BY synced_at DESC LIMIT 1', [locationId]);
  return rows[0]?.time_zone ?? null;
}

export interface ProfileAnswer { locationId: string; version: number; profile: Profile | null; syncedTimeZone: string | null }

/** The location's profile (null before the first save) and its version (0 then). */
export async function readProfile(db: CloudDb, viewer: Viewer, locationId: string): Promise<ProfileAnswer> {
  return inLocation(db, viewer, locationId, async (q) => {
    const { rows } = await q.query<ProfileRow & { version: number }>(`SELECT ${PUBLIC_COLUMNS}, published, version FROM location_profiles WHERE location_id = $1`, [locationId]);
    const row = rows[0];
    return { locationId, version: row?.version ?? 0, profile: row ? toProfile(row) : null, syncedTimeZone: await syncedTimeZone(q, locationId) };
  });
}

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

/**
 * Creates (expectedVersion 0) or replaces the profile, in one transaction: a stale version is 409
 * VERSION_CONFLICT, a slug another restaurant has is 409 DUPLICATE; nothing is written then.
 */
export async function saveProfile(db: CloudDb, viewer: Viewer, locationId: string, input: ProfileInput): Promise<ProfileAnswer> {
  const phone = normalisePhone(input.phone, input.address.country);
  if (!phone.ok) throw invalid('phone', phone.message);
  const week = weekRanges(input.hours);
  try {
    return await inLocation(db, viewer, locationId, async (q) => {
      const synced = await syncedTimeZone(q, locationId);
      const timeZone = synced ?? input.timeZone;
      if (!timeZone) throw invalid('timeZone', 'This location\'s box has not synced its time zone yet: choose one (like Europe/Paris).');
      const current = (await q.query<{ version: number }>('SELECT version FROM location_profiles WHERE location_id = $1 FOR UPDATE', [locationId])).rows[0];
      const currentVersion = current?.version ?? 0;
      if (input.expectedVersion !== currentVersion) {
        throw new AppError('VERSION_CONFLICT', 'Someone saved this profile since you opened it: reload it, then make your change again.', { currentVersion });
      }
      const values = [locationId, viewer.organisationId, currentVersion + 1, input.published, input.slug, input.name, JSON.stringify(input.address),
        input.lat, input.lon, input.cuisines, input.priceRange, input.photos, JSON.stringify(input.hours), multirange(week.open), multirange(week.spill),
        input.closedDates, phone.e164, timeZone, input.booking.minParty, input.booking.maxParty, input.booking.maxDaysAhead, viewer.accountId];
      await q.query(`INSERT INTO location_profiles (location_id, organisation_id, version, published, slug, name, address, lat, lon, cuisines, price_range, photos,
          hours, open_week, spill_week, closed_dates, phone, time_zone, min_party, max_party, max_days_ahead, updated_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::date[], $17, $18, $19, $20, $21, $22)
        ON CONFLICT (location_id) DO UPDATE SET version = excluded.version, published = excluded.published, slug = excluded.slug, name = excluded.name,
          address = excluded.address, lat = excluded.lat, lon = excluded.lon, cuisines = excluded.cuisines, price_range = excluded.price_range,
          photos = excluded.photos, hours = excluded.hours, open_week = excluded.open_week, spill_week = excluded.spill_week,
          closed_dates = excluded.closed_dates, phone = excluded.phone, time_zone = excluded.time_zone, min_party = excluded.min_party,
          max_party = excluded.max_party, max_days_ahead = excluded.max_days_ahead, updated_by = excluded.updated_by, updated_at = now()`, values);
      const row = (await q.query<ProfileRow & { version: number }>(`SELECT ${PUBLIC_COLUMNS}, published, version FROM location_profiles WHERE location_id = $1`, [locationId])).rows[0]!;
      return { locationId, version: row.version, profile: toProfile(row), syncedTimeZone: synced };
    });
  } catch (error) {
    const e = error as { code?: string; constraint?: string; message?: string };
    if (e.code === '23505' && (e.constraint === 'location_profiles_slug_key' || e.message?.includes('location_profiles_slug_key'))) {
      throw new AppError('DUPLICATE', `Another restaurant has the page address /r/${input.slug}: choose another.`, { field: 'slug' });
    }
    throw error;
  }
}
