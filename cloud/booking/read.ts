/**
 * Finding a guest's online bookings: by the manage token (the link), or — for the guest accounts —
 * by e-mail. Row security lets each reach only its own rows (policies by_token and by_email,
 * cloud migration 0023); nothing here runs as a tenant until the row told us its location.
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb, Queryable } from '../db.js';
import { SERVICE_ROLE } from '../tenant.js';
import { restaurantNames } from './restaurant.js';
import { settleOnlineBookings } from './settle.js';
import { MANAGE_TOKEN, hashToken } from './token.js';
import { BOOKING_COLUMNS, bookingView, type BookingRow, type BookingView } from './view.js';

export const noBooking = () => new AppError('NOT_FOUND', 'No booking for this link: check it was copied whole.', { entity: 'booking' });

/** The row the token opens, in the open transaction (service role, scoped to that token); `lock` for a change. */
export async function rowByToken(q: Queryable, token: string, lock: boolean): Promise<BookingRow> {
  if (!MANAGE_TOKEN.test(token)) throw noBooking();
  await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
  await q.query("SELECT set_config('app.booking_token', $1, true)", [hashToken(token)]);
  const row = (await q.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM online_bookings WHERE token_hash = $1${lock ? ' FOR UPDATE' : ''}`, [hashToken(token)])).rows[0];
  if (!row) throw noBooking();
  return row;
}

export interface GuestBooking extends BookingView { restaurant: { slug: string; name: string } | null }

async function withRestaurant(db: CloudDb, views: BookingView[]): Promise<GuestBooking[]> {
  const names = await restaurantNames(db, views.map((v) => v.locationId));
  return views.map((v) => ({ ...v, restaurant: names.get(v.locationId) ?? null }));
}

/** The booking behind a manage link (settled first if the box has answered meanwhile). */
export async function findOnlineBookingByToken(db: CloudDb, token: string): Promise<GuestBooking> {
  let row = await db.transaction((q) => rowByToken(q, token, false));
  if (row.status === 'pending') {
    await settleOnlineBookings(db, { locationId: row.location_id, organisationId: row.organisation_id });
    row = await db.transaction((q) => rowByToken(q, token, false));
  }
  return (await withRestaurant(db, [bookingView(row)]))[0]!;
}

/**
 * Every online booking made with `email` (case-insensitive), newest first — for the guest
 * accounts' "my bookings" once the account has verified the address. Pending ones are settled first.
 */
export async function listOnlineBookingsByEmail(db: CloudDb, email: string, limit = 100): Promise<GuestBooking[]> {
  const read = () => db.transaction(async (q) => {
    await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
    await q.query("SELECT set_config('app.guest_email', $1, true)", [email.trim().toLowerCase()]);
    return (await q.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM online_bookings WHERE lower(email) = $1 ORDER BY starts_at DESC, id LIMIT $2`,
      [email.trim().toLowerCase(), limit])).rows;
  });
  let rows = await read();
  const pending = new Map(rows.filter((r) => r.status === 'pending').map((r) => [r.location_id, r.organisation_id]));
  if (pending.size > 0) {
    for (const [locationId, organisationId] of pending) await settleOnlineBookings(db, { locationId, organisationId });
    rows = await read();
  }
  return withRestaurant(db, rows.map(bookingView));
}
