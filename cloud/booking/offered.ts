/**
 * The times a restaurant offers online for a party on a local date (issue 20): the box's grant,
 * less the online bookings it does not count yet, within the restaurant's public rules. One
 * answer for the availability route and the restaurant's page.
 */
import type { CloudDb } from '../db.js';
import { withTenant } from '../tenant.js';
import { loadGrant, openSlots, sellingGrant, unseenCovers } from './allotment.js';
import type { BookableRestaurant } from './restaurant.js';

const DAY = 86_400_000;

/** null: the restaurant takes no bookings online (no grant, the manager turned it off, or the box has been silent for days). */
export async function offeredSlots(db: CloudDb, r: BookableRestaurant, date: string, party: number, now: number): Promise<Array<{ time: string; startsAt: number }> | null> {
  return withTenant(db, { locationId: r.locationId, organisationId: r.organisationId, deviceId: 'online-booking' }, async (q) => {
    const grant = sellingGrant(await loadGrant(q, r.locationId, false), now);
    if (!grant) return null;
    const unseen = await unseenCovers(q, r.locationId, grant.appliedThrough, now, now + (r.maxDaysAhead + 2) * DAY);
    return openSlots(grant, unseen, now)
      .filter((s) => s.date === date && s.startsAt <= now + r.maxDaysAhead * DAY && s.remaining >= party && s.maxParty >= party)
      .map((s) => ({ time: s.time, startsAt: s.startsAt }));
  });
}
