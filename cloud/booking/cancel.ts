/**
 * A guest cancels an online booking (issue 20): by the manage link's token, or — signed in to a
 * guest account — by the booking's id and the account's verified e-mail. The cancellation is
 * stored and sent down the channel in one transaction; the box applies it (the booking is
 * cancelled and the host's door screen hears `reservation.cancelled`). Cancelling twice is one
 * cancellation. Refused once the booking's time has come (the guest may be at the door: call).
 */
import { AppError } from '../../src/errors.js';
import { ONLINE_BOOKING_CANCEL, onlineCancelV1 } from '../../sync/booking-messages.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import type { CloudDb, Queryable } from '../db.js';
import { SERVICE_ROLE } from '../tenant.js';
import { wakeNotificationWorker } from '../notify/index.js';
import { queueBookingMail } from './notify.js';
import { noBooking, rowByToken } from './read.js';
import { BOOKING_COLUMNS, bookingView, type BookingRow, type BookingView } from './view.js';

export type BookingSelector = { token: string } | { email: string; id: string };

export interface Cancelled { booking: BookingView; changed: boolean }

async function rowByEmail(q: Queryable, email: string, id: string): Promise<BookingRow> {
  await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
  await q.query("SELECT set_config('app.guest_email', $1, true)", [email.trim().toLowerCase()]);
  const found = (await q.query<{ location_id: string }>('SELECT location_id FROM online_bookings WHERE lower(email) = $1 AND id = $2', [email.trim().toLowerCase(), id])).rows[0];
  if (!found) throw noBooking();
  // Now a tenant of that location, to lock and change the row.
  await q.query("SELECT set_config('app.location_id', $1, true)", [found.location_id]);
  return (await q.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM online_bookings WHERE location_id = $1 AND id = $2 FOR UPDATE`, [found.location_id, id])).rows[0]!;
}

export async function cancelOnlineBooking(db: CloudDb, selector: BookingSelector, now: number, reason: string | null = null): Promise<Cancelled> {
  const result = await db.transaction(async (q): Promise<Cancelled> => {
    const row = 'token' in selector ? await rowByToken(q, selector.token, true) : await rowByEmail(q, selector.email, selector.id);
    if (row.status === 'cancelled') return { booking: bookingView(row), changed: false };
    if (row.status === 'refused') throw new AppError('CANCEL_TOO_LATE', 'This booking was refused by the restaurant: there is nothing to cancel.', { status: row.status });
    if (Number(row.starts_at) <= now) throw new AppError('CANCEL_TOO_LATE', 'The time of this booking has come: please call the restaurant.', { startsAt: Number(row.starts_at) });
    const place = { locationId: row.location_id, organisationId: row.organisation_id };
    const payload = onlineCancelV1.parse({ id: row.id, reason: reason ?? null });
    const message = await appendMessage(q, place, { kind: ONLINE_BOOKING_CANCEL, schemaVersion: 1, payload });
    const updated = (await q.query<BookingRow>(`UPDATE online_bookings SET status = 'cancelled', cancelled_at = to_timestamp($3 / 1000.0), cancel_seq = $4
        WHERE location_id = $1 AND id = $2 RETURNING ${BOOKING_COLUMNS}`, [row.location_id, row.id, now, message.seq])).rows[0]!;
    await queueBookingMail(q, 'cancelled', updated);
    return { booking: bookingView(updated), changed: true };
  });
  if (result.changed) {
    notifyCommitted(db, [result.booking.locationId]);
    wakeNotificationWorker(db);
  }
  return result;
}
