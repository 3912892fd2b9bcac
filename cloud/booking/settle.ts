/**
 * Confirmed when the box applies it (issue 20): a pending booking takes its outcome from its
 * channel message's acknowledgement — applied → confirmed, refused → refused with the box's code —
 * and the guest's message is queued in the same transaction. Run after every acknowledgement, and
 * again whenever a pending booking is read, so a cloud that crashed between taking the ack and
 * settling still settles: the outcome is in channel_messages.
 */
import type { CloudDb } from '../db.js';
import { wakeNotificationWorker } from '../notify/index.js';
import { withTenant, type Tenant } from '../tenant.js';
import { queueBookingMail } from './notify.js';
import { BOOKING_COLUMNS, type BookingRow } from './view.js';

export async function settleOnlineBookings(db: CloudDb, tenant: Pick<Tenant, 'locationId' | 'organisationId'>): Promise<BookingRow[]> {
  const settled = await withTenant(db, { ...tenant, deviceId: 'online-booking' }, async (q) => {
    const { rows } = await q.query<BookingRow>(
      `UPDATE online_bookings b SET status = CASE WHEN m.status = 'applied' THEN 'confirmed' ELSE 'refused' END,
          refusal_code = CASE WHEN m.status = 'refused' THEN coalesce(m.error_code, 'REFUSED') END,
          refusal_message = CASE WHEN m.status = 'refused' THEN m.error_message END, settled_at = now()
        FROM channel_messages m
        WHERE b.location_id = $1 AND b.status = 'pending' AND m.location_id = b.location_id AND m.seq = b.message_seq AND m.status IN ('applied', 'refused')
        RETURNING ${BOOKING_COLUMNS.split(',').map((c) => `b.${c.trim()}`).join(', ')}`, [tenant.locationId]);
    for (const row of rows) await queueBookingMail(q, row.status === 'confirmed' ? 'confirmed' : 'refused', row);
    return rows;
  });
  if (settled.length > 0) wakeNotificationWorker(db);
  return settled;
}
