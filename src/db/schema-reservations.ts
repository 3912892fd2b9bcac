import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One service of a weekday, local wall-clock "HH:MM"; a close at or before the open runs past midnight. */
export interface ServiceHours {
  open: string;
  close: string;
}

/** How long a table is held for a party of up to `upTo` guests. */
export interface DurationRule {
  upTo: number;
  minutes: number;
}

/**
 * How the door works here (issue 20), one row (id = 1) set by managers: opening hours per weekday
 * (0 = Sunday), how long a table is held by party size, pacing (at most `pacingCovers` guests
 * starting in one 15-minute slot; null = no limit), the buffer to reset a table between parties,
 * how long before closing the last booking may start, how long a late booking keeps its table,
 * and which tables may be joined for big parties (`combinations`, each a list of table ids).
 * `onlineAllotment` is the cloud half's share (planned): covers per slot the box grants the cloud
 * to book on its own while the box is offline (guests.md, "Reservations and waitlist").
 */
export const reservationSettings = sqliteTable('reservation_settings', {
  id: integer('id').primaryKey(),
  hours: text('hours', { mode: 'json' }).$type<Record<string, ServiceHours[]>>().notNull(),
  durations: text('durations', { mode: 'json' }).$type<DurationRule[]>().notNull(),
  pacingCovers: integer('pacing_covers'),
  bufferMinutes: integer('buffer_minutes').notNull(),
  lastSeatingMinutes: integer('last_seating_minutes').notNull(),
  holdMinutes: integer('hold_minutes').notNull(),
  combinations: text('combinations', { mode: 'json' }).$type<string[][]>().notNull(),
  onlineAllotment: integer('online_allotment'),
  version: integer('version').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * A day that differs from the weekly hours: closed all day, or a private event that takes the
 * whole room (tableIds null) or some tables, all day or between two local times.
 */
export const reservationExceptions = sqliteTable('reservation_exceptions', {
  id: text('id').primaryKey(),
  date: text('date').notNull(),
  kind: text('kind', { enum: ['closed', 'private_event'] }).notNull(),
  startTime: text('start_time'),
  endTime: text('end_time'),
  tableIds: text('table_ids', { mode: 'json' }).$type<string[] | null>(),
  note: text('note'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('reservation_exceptions_date').on(t.date)]);

export const RESERVATION_STATUSES = ['booked', 'confirmed', 'arrived', 'seated', 'finished', 'no_show', 'cancelled'] as const;
export const RESERVATION_SOURCES = ['phone', 'walk_in', 'online', 'partner'] as const;

/**
 * A booking. Ids are client-made (a tablet, or later the cloud taking an online booking: `source`
 * online), so a retried create answers the first. `startsAt`/`endsAt` are UTC ms; `serviceDate` is
 * the local date of the service it belongs to (a 00:30 booking in a service opened at 19:00 belongs
 * to the evening before). `tableIds`: one table, or a combination set in the settings; empty while
 * unassigned. `orderId`: the order opened for it when seated.
 */
export const reservations = sqliteTable('reservations', {
  id: text('id').primaryKey(),
  partySize: integer('party_size').notNull(),
  startsAt: integer('starts_at').notNull(),
  endsAt: integer('ends_at').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  serviceDate: text('service_date').notNull(),
  customerId: text('customer_id'),
  name: text('name').notNull(),
  phone: text('phone'),
  notes: text('notes'),
  occasion: text('occasion'),
  source: text('source', { enum: RESERVATION_SOURCES }).notNull(),
  status: text('status', { enum: RESERVATION_STATUSES }).notNull(),
  tableIds: text('table_ids', { mode: 'json' }).$type<string[]>().notNull(),
  orderId: text('order_id'),
  requestHash: text('request_hash').notNull(),
  statusChangedAt: integer('status_changed_at').notNull(),
  statusChangedBy: text('status_changed_by'),
  createdBy: text('created_by'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('reservations_starts').on(t.startsAt), index('reservations_service_date').on(t.serviceDate)]);

/** Every status a booking went through, who moved it and when. Append-only (a fact in the cloud). */
export const reservationStatusChanges = sqliteTable('reservation_status_changes', {
  id: text('id').primaryKey(),
  reservationId: text('reservation_id').notNull().references(() => reservations.id),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  staffId: text('staff_id'),
  deviceId: text('device_id'),
  reason: text('reason'),
  at: integer('at').notNull(),
}, (t) => [index('reservation_status_changes_reservation').on(t.reservationId)]);

export const WAITLIST_STATUSES = ['waiting', 'notified', 'seated', 'left', 'cancelled'] as const;

/**
 * A walk-in party waiting for a table. `quotedMinutes` is what the host told them when they were
 * added (the live estimate is computed on every read, never stored, so it can never go stale).
 */
export const waitlistEntries = sqliteTable('waitlist_entries', {
  id: text('id').primaryKey(),
  partySize: integer('party_size').notNull(),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  customerId: text('customer_id'),
  notes: text('notes'),
  status: text('status', { enum: WAITLIST_STATUSES }).notNull(),
  quotedMinutes: integer('quoted_minutes').notNull(),
  tableIds: text('table_ids', { mode: 'json' }).$type<string[]>().notNull(),
  orderId: text('order_id'),
  requestHash: text('request_hash').notNull(),
  addedAt: integer('added_at').notNull(),
  notifiedAt: integer('notified_at'),
  seatedAt: integer('seated_at'),
  leftAt: integer('left_at'),
  createdBy: text('created_by'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('waitlist_entries_status').on(t.status, t.addedAt)]);
