import { z } from '@hono/zod-openapi';
import { Text } from '../http/schemas.js';
import { RESERVATION_SOURCES, RESERVATION_STATUSES } from '../db/schema-reservations.js';

/** Longest note on a booking: what a host writes down on the phone, not a document (a 10 KB paste is refused). */
export const RESERVATION_NOTES_MAX = 500;
export const PARTY_MAX = 100;
/** How far ahead a booking may be made. */
export const MAX_DAYS_AHEAD = 366;

export const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a real date.');
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM (24 h).');
const Party = z.number().int('A party is a whole number of guests.').min(1, 'A party is at least 1 guest.').max(PARTY_MAX, `At most ${PARTY_MAX} guests: for more, book the room as a private event.`);
const TableIds = z.array(z.uuid()).min(1, 'Name at least one table.').max(8, 'At most 8 tables joined.')
  .refine((ids) => new Set(ids).size === ids.length, 'A table is listed twice.');
const Notes = z.string().trim().max(RESERVATION_NOTES_MAX, `At most ${RESERVATION_NOTES_MAX} characters.`).nullable().optional();
/** As typed ("06 12 34 56 78" in the restaurant's country, or "+44 …"); stored as E.164 by the customers' phone rules. */
const Phone = z.string().max(40, 'At most 40 characters.');
const Instant = z.number().int().min(0).max(8_640_000_000_000);

const bookingFields = {
  partySize: Party,
  /** UTC ms, as GET /reservations/availability answers it (unambiguous across clock changes). */
  startsAt: Instant,
  /** Overrides the restaurant's duration for this party size. */
  durationMinutes: z.number().int().min(15).max(720).optional(),
  /** The table, or tables the restaurant lets join; omit to get the best free fit. */
  tableIds: TableIds.optional(),
  customerId: z.uuid().nullable().optional(),
  name: Text(120),
  phone: Phone.nullable().optional(),
  notes: Notes,
  occasion: z.string().trim().max(60, 'At most 60 characters.').nullable().optional(),
};

export const CreateReservation = z.object({
  /** Client-made UUID (a tablet, or the cloud for an online booking): a retry answers the first. */
  id: z.uuid(),
  ...bookingFields,
  source: z.enum(RESERVATION_SOURCES).default('phone'),
  status: z.enum(['booked', 'confirmed']).default('booked'),
}).strict().openapi('CreateReservation');
export type CreateReservationInput = z.infer<typeof CreateReservation>;

export const UpdateReservation = z.object({
  partySize: Party.optional(),
  startsAt: Instant.optional(),
  durationMinutes: bookingFields.durationMinutes,
  tableIds: TableIds.optional(),
  customerId: bookingFields.customerId,
  name: Text(120).optional(),
  phone: Phone.nullable().optional(),
  notes: Notes,
  occasion: bookingFields.occasion,
  /** The version you loaded: a booking changed meanwhile on another tablet is refused (409 VERSION_CONFLICT). */
  expectedVersion: z.number().int().min(1),
}).strict().openapi('UpdateReservation');
export type UpdateReservationInput = z.infer<typeof UpdateReservation>;

export const SetReservationStatus = z.object({
  status: z.enum(RESERVATION_STATUSES),
  reason: z.string().trim().max(200, 'At most 200 characters.').nullable().optional(),
  expectedVersion: z.number().int().min(1).optional(),
}).strict().openapi('SetReservationStatus');
export type SetReservationStatusInput = z.infer<typeof SetReservationStatus>;

export const SeatParty = z.object({
  /** Client-made id of the order opened on the table: a double tap opens one. */
  orderId: z.uuid(),
  /** Where to seat them; a booking's assigned tables when omitted. */
  tableIds: TableIds.optional(),
  expectedVersion: z.number().int().min(1).optional(),
}).strict().openapi('SeatParty');
export type SeatPartyInput = z.infer<typeof SeatParty>;

export const AvailabilityQuery = z.object({
  date: LocalDate.openapi({ param: { name: 'date', in: 'query' } }),
  party: z.coerce.number().pipe(Party).openapi({ param: { name: 'party', in: 'query' } }),
});

export const DayQuery = z.object({
  date: LocalDate.openapi({ param: { name: 'date', in: 'query' } }),
});

export const Slot = z.object({
  time: z.string(), startsAt: z.number().int(), endsAt: z.number().int(), tableIds: z.array(z.string()), tableLabels: z.array(z.string()),
}).openapi('AvailabilitySlot');

export const Availability = z.object({
  date: z.string(), party: z.number().int(), durationMinutes: z.number().int(),
  closed: z.enum(['closed', 'no_service', 'private_event', 'party_too_large']).nullable(),
  slots: z.array(Slot),
}).openapi('Availability');

export const StatusChange = z.object({
  from: z.string().nullable(), to: z.string(), at: z.number().int(), staffId: z.string().nullable(), staffName: z.string().nullable(), reason: z.string().nullable(),
}).openapi('ReservationStatusChange');

export const Reservation = z.object({
  id: z.string(), partySize: z.number().int(), startsAt: z.number().int(), endsAt: z.number().int(), durationMinutes: z.number().int(),
  serviceDate: z.string(), time: z.string(), customerId: z.string().nullable(), name: z.string(), phone: z.string().nullable(),
  notes: z.string().nullable(), occasion: z.string().nullable(), source: z.enum(RESERVATION_SOURCES), status: z.enum(RESERVATION_STATUSES),
  tableIds: z.array(z.string()), tableLabels: z.array(z.string()), orderId: z.string().nullable(),
  /** Minutes past its time without arriving (0 when on time or already here). */
  lateMinutes: z.number().int(),
  statusChangedAt: z.number().int(), statusChangedBy: z.string().nullable(),
  version: z.number().int(), createdAt: z.number().int(), updatedAt: z.number().int(),
}).openapi('Reservation');
export type ReservationView = z.infer<typeof Reservation>;

export const ReservationDetail = Reservation.extend({ history: z.array(StatusChange) }).openapi('ReservationDetail');
