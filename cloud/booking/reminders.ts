/**
 * Booking reminders (issue 20): a sweep queues one reminder per confirmed online booking, the lead
 * time before it starts (24 hours unless CLOUD_BOOKING_REMINDER_HOURS says otherwise; 0 turns them
 * off). It goes through the cloud's notifications like the confirmations, so the transports, retries
 * and tests are the same.
 *
 * Who gets one: a booking still confirmed that starts between one hour and the lead time from now,
 * and that was made before its reminder was due — a guest who booked tonight's table an hour ago has
 * just had the confirmation, a second mail would be noise. A cloud that was down when a reminder fell
 * due sends it late, while the booking is more than an hour away. The dedupe key (booking, reminder)
 * makes a sweep that runs twice, or on two cloud processes at once, one message.
 */
import type { Logger } from 'pino';
import type { CloudDb } from '../db.js';
import { enterReader } from '../auth/reader.js';
import { startPeriodic } from '../periodic.js';
import { queueNotification, wakeNotificationWorker } from '../notify/index.js';
import { BOOKING_COLUMNS, type BookingRow } from './view.js';

const HOUR = 3_600_000;
/** Closer than this to the booking, a reminder is too late to help. */
const LAST_USEFUL_MS = HOUR;
/** Locations read per transaction (the reader policy takes them as one setting). */
const LOCATIONS_PER_PASS = 500;
const SWEEP_MS = 5 * 60_000;

export function reminderLeadFromEnv(): number {
  const raw = process.env.CLOUD_BOOKING_REMINDER_HOURS;
  if (raw === undefined || raw === '') return 24 * HOUR;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 14) {
    throw new Error(`CLOUD_BOOKING_REMINDER_HOURS must be a number of hours between 0 (no reminders) and 336, not "${raw}"`);
  }
  return hours * HOUR;
}

function reminderText(b: BookingRow): { subject: string; text: string } {
  const what = `${b.party_size} ${b.party_size === 1 ? 'guest' : 'guests'} on ${b.service_date} at ${b.local_time}`;
  return {
    subject: `${b.restaurant_name}: see you on ${b.service_date} at ${b.local_time} (${b.reference})`,
    text: `Hello ${b.name},\n\nA reminder of your table for ${what} at ${b.restaurant_name}.\nReference: ${b.reference}.\n`
      + 'If you cannot come, please cancel with the link in our first message so the table can go to someone else.\n',
  };
}

/** Queues the reminders due at `now`; returns how many it queued (0 when a sweep already had). */
export async function queueBookingReminders(db: CloudDb, now: number, leadMs = reminderLeadFromEnv()): Promise<number> {
  if (leadMs <= 0) return 0;
  const { rows: places } = await db.query<{ id: string }>('SELECT id FROM locations ORDER BY id');
  let queued = 0;
  for (let i = 0; i < places.length; i += LOCATIONS_PER_PASS) {
    const ids = places.slice(i, i + LOCATIONS_PER_PASS).map((p) => p.id);
    queued += await db.transaction(async (q) => {
      // Read as the service with these locations as a reader: row security shows their bookings only.
      await enterReader(q, ids);
      const { rows } = await q.query<BookingRow>(
        `SELECT ${BOOKING_COLUMNS} FROM online_bookings b
          WHERE b.location_id = ANY($1::text[]) AND b.status = 'confirmed'
            AND b.starts_at > $2::bigint + $3::bigint AND b.starts_at <= $2::bigint + $4::bigint
            AND b.created_at < to_timestamp((b.starts_at - $4::bigint) / 1000.0)
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'booking:' || b.id || ':reminder')
          ORDER BY b.starts_at`, [ids, now, LAST_USEFUL_MS, leadMs]);
      for (const b of rows) {
        await queueNotification(q, { kind: 'booking.reminder', to: b.email, ...reminderText(b), organisationId: b.organisation_id, dedupeKey: `booking:${b.id}:reminder` });
      }
      return rows.length;
    });
  }
  if (queued > 0) wakeNotificationWorker(db);
  return queued;
}

/** Sweeps 15 s after start, then every 5 minutes; returns the stop function. */
export function startBookingReminders(db: CloudDb, logger: Logger): () => void {
  const leadMs = reminderLeadFromEnv();
  if (leadMs <= 0) return () => {};
  return startPeriodic(() => queueBookingReminders(db, Date.now(), leadMs)
    .then((n) => { if (n > 0) logger.info({ reminders: n }, 'booking reminders queued'); })
    .catch((err: unknown) => logger.warn({ err }, 'booking reminders: sweep failed; retrying at the next one')), { firstAfterMs: 15_000, everyMs: SWEEP_MS });
}
