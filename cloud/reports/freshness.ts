/** How fresh each location's data is: its latest successful sync ("synced 10:42"). */
import type { Queryable } from '../db.js';
import { locationsOf } from './read.js';
import type { FreshnessRow } from './types.js';

/** Per asked location, in the order asked: name, currency, time zone and the latest watermark advance. */
export async function freshnessReport(q: Queryable, locationIds: readonly string[]): Promise<FreshnessRow[]> {
  const locations = await locationsOf(q, locationIds);
  const { rows } = await q.query<{ location_id: string; last: Date | string | null }>(
    'SELECT location_id, max(updated_at) AS last FROM device_watermarks WHERE location_id = ANY ($1::text[]) GROUP BY location_id', [locationIds]);
  const last = new Map(rows.map((r) => [r.location_id, r.last === null ? null : new Date(r.last).toISOString()]));
  return locations.map((l) => ({ locationId: l.locationId, name: l.name, currency: l.currency, timeZone: l.timeZone, lastSyncAt: last.get(l.locationId) ?? null }));
}
