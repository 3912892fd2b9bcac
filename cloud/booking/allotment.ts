/**
 * The box's grant in the cloud (issue 20): the latest one per location, and what is left of it.
 *
 * The box computes its grant from its own book with its channel cursor (`appliedThrough`); every
 * online booking the cloud sent after that seq is not in the grant yet, so it is subtracted here.
 * A booking the box already applied is in the grant (its table is held there), so it is not
 * subtracted twice. The grant row is locked (FOR UPDATE) by whoever books, so two guests taking
 * the last covers of a slot at the same moment are serialised: one gets them, the other
 * ALLOTMENT_EXHAUSTED.
 */
import type { AllotmentGrant, AllotmentSlot } from '../../sync/booking-messages.js';
import type { Queryable } from '../db.js';
import type { Tenant } from '../tenant.js';

export interface GrantRow {
  appliedThrough: number; computedAt: number; onlineAllotment: number | null; timeZone: string; slots: AllotmentSlot[];
  /** When the cloud last took a grant from the box (the cloud's clock). */
  receivedAt: number;
}

/**
 * A box silent this long (no grant taken: dead, unplugged, or its internet down for days) stops
 * selling online. A few hours offline are what the allotment is for — bookings wait, pending, and
 * the box confirms them when it is back — but a guest must not be left "waiting for the restaurant"
 * for a week: the page says to call instead. CLOUD_GRANT_STALE_HOURS overrides the 48 hours.
 */
export function grantStaleAfterMs(): number {
  const hours = Number(process.env.CLOUD_GRANT_STALE_HOURS);
  return (Number.isFinite(hours) && hours > 0 ? hours : 48) * 3_600_000;
}

/** The grant, if it lets the cloud sell now: present, online booking on, and heard from the box recently. */
export function sellingGrant(grant: GrantRow | null, now: number): GrantRow | null {
  if (!grant || !grant.onlineAllotment) return null;
  return now - grant.receivedAt > grantStaleAfterMs() ? null : grant;
}

/** Stores the box's grant unless a newer one is already there (a late retry of an old grant changes nothing). */
export async function storeGrant(q: Queryable, tenant: Tenant, grant: AllotmentGrant): Promise<boolean> {
  const r = await q.query(`INSERT INTO online_allotments (location_id, organisation_id, applied_through, computed_at, online_allotment, time_zone, slots)
      VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
      ON CONFLICT (location_id) DO UPDATE SET applied_through = excluded.applied_through, computed_at = excluded.computed_at,
        online_allotment = excluded.online_allotment, time_zone = excluded.time_zone, slots = excluded.slots, received_at = now()
      WHERE (online_allotments.applied_through, online_allotments.computed_at) <= (excluded.applied_through, excluded.computed_at)`,
  [tenant.locationId, tenant.organisationId, grant.appliedThrough, grant.computedAt, grant.onlineAllotment, grant.timeZone, JSON.stringify(grant.slots)]);
  return r.rowCount === 1;
}

/** The location's grant; `lock` holds it to the end of the transaction (booking). */
export async function loadGrant(q: Queryable, locationId: string, lock: boolean): Promise<GrantRow | null> {
  const { rows } = await q.query<{ applied_through: string; computed_at: string; online_allotment: number | null; time_zone: string; slots: AllotmentSlot[]; received_at: Date }>(
    `SELECT applied_through, computed_at, online_allotment, time_zone, slots, received_at FROM online_allotments WHERE location_id = $1${lock ? ' FOR UPDATE' : ''}`, [locationId]);
  const r = rows[0];
  return r ? { appliedThrough: Number(r.applied_through), computedAt: Number(r.computed_at), onlineAllotment: r.online_allotment, timeZone: r.time_zone, slots: r.slots,
    receivedAt: new Date(r.received_at).getTime() } : null;
}

/** Covers of online bookings the grant does not know yet, per slot start (pending or confirmed, sent after `appliedThrough`). */
export async function unseenCovers(q: Queryable, locationId: string, appliedThrough: number, from: number, to: number): Promise<Map<number, number>> {
  const { rows } = await q.query<{ starts_at: string; covers: number }>(`SELECT starts_at, sum(party_size)::int AS covers FROM online_bookings
      WHERE location_id = $1 AND message_seq > $2 AND status IN ('pending', 'confirmed') AND starts_at >= $3 AND starts_at < $4 GROUP BY starts_at`,
  [locationId, appliedThrough, from, to]);
  return new Map(rows.map((r) => [Number(r.starts_at), r.covers]));
}

export interface OpenSlot { date: string; time: string; startsAt: number; remaining: number; maxParty: number }

/** The grant's slots with what is left of each, from `now` on. */
export function openSlots(grant: GrantRow, unseen: Map<number, number>, now: number): OpenSlot[] {
  return grant.slots.filter((s) => s.startsAt >= now).map((s) => ({
    date: s.date, time: s.time, startsAt: s.startsAt, maxParty: s.maxParty, remaining: Math.max(0, s.covers - (unseen.get(s.startsAt) ?? 0)),
  }));
}
