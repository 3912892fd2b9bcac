/**
 * Online booking (issue 20), shared by the cloud and the box. The box is the truth for its tables
 * (architecture §12); the cloud sells only out of an allotment the box grants it.
 *
 * Up — `POST /sync/allotment` (device credential), the grant: per 15-minute slot of the coming
 * days, how many covers the cloud may sell (`covers`) and the largest party a free table takes
 * then (`maxParty`), computed by the box from its own book, with `appliedThrough`, the channel
 * cursor at that moment: bookings the cloud sent after it are not in the grant yet, so the cloud
 * counts them against it. A newer grant replaces an older one (never the other way).
 *
 * Down the channel — `reservation.online` v1: a booking a guest made online, applied by the box's
 * own `create` with source `online` (its id is the booking's: a replay is one booking; the same
 * TABLE_TAKEN / NO_TABLE_FREE / SLOT_FULL rules as the phone). Applied = confirmed; refused = the
 * guest is told, with the box's code. `reservation.online_cancel` v1: the guest cancelled it.
 */
import { z } from 'zod';

export const ONLINE_BOOKING = 'reservation.online';
export const ONLINE_BOOKING_CANCEL = 'reservation.online_cancel';
export const ALLOTMENT_PATH = '/sync/allotment';

/** How many days ahead a box grants (a restaurant's own booking window may be shorter). */
export const ALLOTMENT_DAYS = 60;

/** The most slots one grant can hold (see `allotmentGrant`). */
export const MAX_GRANT_SLOTS = (ALLOTMENT_DAYS + 2) * 24 * 4;

export const onlineBookingV1 = z.object({
  id: z.uuid(),
  /** What the guest quotes on the phone (e.g. "BK-7K3M9Q"). */
  reference: z.string().min(1).max(20),
  partySize: z.number().int().min(1).max(100),
  startsAt: z.number().int().min(0),
  name: z.string().min(1).max(120),
  /** E.164, parsed by the cloud in the restaurant's country. */
  phone: z.string().max(40).nullable(),
  email: z.string().max(254),
  notes: z.string().max(500).nullable(),
});
export type OnlineBookingV1 = z.infer<typeof onlineBookingV1>;

export const onlineCancelV1 = z.object({
  id: z.uuid(),
  reason: z.string().max(200).nullable(),
});
export type OnlineCancelV1 = z.infer<typeof onlineCancelV1>;

export const allotmentSlot = z.object({
  /** The service date and local wall-clock time (the box's zone), for the public page. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  time: z.string().regex(/^\d{2}:\d{2}$/),
  startsAt: z.number().int().min(0),
  covers: z.number().int().min(0).max(1000),
  maxParty: z.number().int().min(0).max(100),
}).strict();
export type AllotmentSlot = z.infer<typeof allotmentSlot>;

export const allotmentGrant = z.object({
  appliedThrough: z.number().int().min(0),
  computedAt: z.number().int().min(0),
  /** The manager's covers per slot for online bookings; null: online booking is off. */
  onlineAllotment: z.number().int().min(0).max(1000).nullable(),
  timeZone: z.string().min(1).max(64),
  // A quarter-hour each at most, from now to ALLOTMENT_DAYS ahead, plus the tail of a service that
  // opened yesterday and a 25-hour day: (days + 2) days of quarter-hours bound it. A tighter cap
  // refused every grant of a restaurant open near round the clock until its morning closing.
  slots: z.array(allotmentSlot).max(MAX_GRANT_SLOTS),
}).strict();
export type AllotmentGrant = z.infer<typeof allotmentGrant>;
