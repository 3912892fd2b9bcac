/**
 * Reading tenant data for a person (the owners' dashboard). The code checks the locations asked
 * for against the person's; then row-level security is the second wall: the transaction runs as
 * brigade_service with `app.reader_locations` set, and the `reader` policy (migration 0004) shows
 * only those locations' rows — a query without any WHERE clause still sees nothing else.
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb, Queryable } from '../db.js';
import { SERVICE_ROLE } from '../tenant.js';

export type Role = 'owner' | 'manager' | 'viewer';

/** The signed-in person, as every reading route sees them. */
export interface Viewer {
  accountId: string;
  organisationId: string;
  role: Role;
  /** The locations this viewer may see: all of the organisation's for an owner, the granted ones otherwise. */
  locationIds: string[];
}

/** 403 LOCATION_FORBIDDEN unless every id is one of the viewer's locations. */
export function assertLocations(viewer: Viewer, locationIds: readonly string[]): void {
  const allowed = new Set(viewer.locationIds);
  const refused = locationIds.filter((id) => !allowed.has(id));
  if (refused.length > 0) {
    // The same answer for another organisation's location and for one that does not exist.
    throw new AppError('LOCATION_FORBIDDEN', `You may not see ${refused.length === 1 ? 'this location' : 'these locations'}; ask an owner of the organisation for access.`,
      { locationIds: refused });
  }
}

/**
 * Puts the open transaction in the reader's scope: the service role with `app.reader_locations`
 * set, so the `reader` policy shows those locations' rows and no others. For the dashboard's reads
 * (withReader) and for the service's own sweeps across locations (booking reminders).
 */
export async function enterReader(q: Queryable, locationIds: readonly string[]): Promise<void> {
  // A comma inside an id would split it into two ids in the policy: ids are UUIDs, refuse others.
  if (locationIds.some((id) => id.includes(','))) throw new AppError('LOCATION_FORBIDDEN', 'A location id cannot contain a comma.', { locationIds });
  await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
  await q.query("SELECT set_config('app.reader_locations', $1, true)", [locationIds.join(',')]);
}

/**
 * Runs `fn` in one read-only transaction that can see only `locationIds` (each of which must be
 * one of the viewer's). An empty list sees nothing. Writes are refused (READ ONLY, and no policy
 * of the reader lets a row in).
 */
export async function withReader<T>(db: CloudDb, viewer: Viewer, locationIds: string[], fn: (q: Queryable) => Promise<T>): Promise<T> {
  assertLocations(viewer, locationIds);
  return db.transaction(async (q) => {
    await q.query('SET TRANSACTION READ ONLY');
    await enterReader(q, locationIds);
    return fn(q);
  });
}
