import crypto from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueBookingReminders, reminderLeadFromEnv } from '../cloud/booking/reminders.js';
import { NotificationWorker, logTransport } from '../cloud/notify/index.js';
import { withTenant } from '../cloud/tenant.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';

/**
 * Booking reminders (issue 20): the sweep over the cloud's online bookings, against a real database
 * with its row security. Bookings are written as the booking routes leave them (confirmed, pending,
 * cancelled); how they get there is test/online-booking.test.ts's business.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const silent = pino({ level: 'silent' });
let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud(); });
afterAll(async () => { await cloud?.close(); });

let seq = 0;
async function booking(place: { locationId: string }, o: { name: string; startsAt: number; createdAt: number; status?: string }): Promise<string> {
  const id = crypto.randomUUID();
  seq += 1;
  await withTenant(cloud.db, { locationId: place.locationId, organisationId: cloud.orgId, deviceId: 'online-booking' }, (q) => q.query(
    `INSERT INTO online_bookings (location_id, organisation_id, id, reference, restaurant_name, token_hash, party_size, starts_at, service_date, local_time,
       name, email, status, message_seq, created_at)
     VALUES ($1, $2, $3, $4, 'Chez Test', $5, 4, $6, '2026-12-24', '19:30', $7, $8, $9, $10, to_timestamp($11 / 1000.0))`,
    [place.locationId, cloud.orgId, id, `BK-${String(seq).padStart(8, 'A')}`, crypto.randomBytes(32).toString('hex'), o.startsAt, o.name,
      `${o.name}@example.com`, o.status ?? 'confirmed', seq, o.createdAt]));
  return id;
}

const reminders = async () => (await cloud.db.query<{ recipient: string; subject: string; body_text: string; status: string; dedupe_key: string }>(
  "SELECT recipient, subject, body_text, status, dedupe_key FROM notifications WHERE kind = 'booking.reminder' ORDER BY recipient")).rows;

describe('booking reminders', () => {
  it('queue one reminder per confirmed booking a day ahead, at every location, and none twice; skip the late-booked, the cancelled, the pending and the imminent', async () => {
    const now = Date.now();
    const due = await booking(cloud.a, { name: 'due', startsAt: now + 20 * HOUR, createdAt: now - 3 * DAY });
    await booking(cloud.b, { name: 'elsewhere', startsAt: now + 23 * HOUR, createdAt: now - 2 * DAY });
    await booking(cloud.a, { name: 'bookedlate', startsAt: now + 20 * HOUR, createdAt: now - HOUR });
    await booking(cloud.a, { name: 'later', startsAt: now + 30 * HOUR, createdAt: now - 3 * DAY });
    await booking(cloud.a, { name: 'cancelled', startsAt: now + 20 * HOUR, createdAt: now - 3 * DAY, status: 'cancelled' });
    await booking(cloud.a, { name: 'pending', startsAt: now + 20 * HOUR, createdAt: now - 3 * DAY, status: 'pending' });
    await booking(cloud.a, { name: 'imminent', startsAt: now + 30 * 60_000, createdAt: now - 3 * DAY });

    expect(await queueBookingReminders(cloud.db, now, DAY)).toBe(2);
    expect(await queueBookingReminders(cloud.db, now, DAY)).toBe(0);
    // Two sweeps at once (two cloud processes): still one message each.
    await Promise.all([queueBookingReminders(cloud.db, now, DAY), queueBookingReminders(cloud.db, now, DAY)]);
    let queued = await reminders();
    expect(queued.map((r) => r.recipient)).toEqual(['due@example.com', 'elsewhere@example.com']);
    expect(queued[0]).toMatchObject({ status: 'queued', dedupe_key: `booking:${due}:reminder`, subject: 'Chez Test: see you on 2026-12-24 at 19:30 (BK-AAAAAAA1)' });
    expect(queued[0]!.body_text).toContain('A reminder of your table for 4 guests on 2026-12-24 at 19:30 at Chez Test.');

    // Seven hours on, the booking 30 hours out is within a day: its reminder goes, the others are not repeated.
    expect(await queueBookingReminders(cloud.db, now + 7 * HOUR, DAY)).toBe(1);
    queued = await reminders();
    expect(queued.map((r) => r.recipient)).toEqual(['due@example.com', 'elsewhere@example.com', 'later@example.com']);

    // They leave through the notification worker like every other mail.
    const worker = new NotificationWorker(cloud.db, logTransport(silent), silent);
    expect(await worker.drain()).toBeGreaterThanOrEqual(3);
    expect((await reminders()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('send none when the lead is 0, and refuse a lead setting that is not a number of hours', async () => {
    const now = Date.now();
    await booking(cloud.a, { name: 'off', startsAt: now + 10 * HOUR, createdAt: now - 3 * DAY });
    expect(await queueBookingReminders(cloud.db, now, 0)).toBe(0);
    expect((await reminders()).some((r) => r.recipient === 'off@example.com')).toBe(false);
    const saved = process.env.CLOUD_BOOKING_REMINDER_HOURS;
    try {
      process.env.CLOUD_BOOKING_REMINDER_HOURS = '2';
      expect(reminderLeadFromEnv()).toBe(2 * HOUR);
      process.env.CLOUD_BOOKING_REMINDER_HOURS = 'tomorrow';
      expect(() => reminderLeadFromEnv()).toThrow(/CLOUD_BOOKING_REMINDER_HOURS must be a number of hours/);
      delete process.env.CLOUD_BOOKING_REMINDER_HOURS;
      expect(reminderLeadFromEnv()).toBe(DAY);
    } finally {
      if (saved === undefined) delete process.env.CLOUD_BOOKING_REMINDER_HOURS; else process.env.CLOUD_BOOKING_REMINDER_HOURS = saved;
    }
  });
});
