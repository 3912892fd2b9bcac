/**
 * Reading the door's state from SQLite for the pure rules: settings (defaults until a manager saves
 * them), the exceptions of a date, the tables, and every hold on the tables around a window
 * (bookings not yet seated, and tables seated now with an open order).
 */
import { and, eq, gt, inArray, lt, notInArray } from 'drizzle-orm';
import { diningTables, orders, reservationExceptions, reservationSettings, reservations } from '../db/schema.js';
import type { DbLike } from '../db/command.js';
import { DEFAULT_DOOR_SETTINGS, durationFor, MINUTE, SLOT_MINUTES, type DoorException, type DoorSettings, type Hold, type TableInfo } from './door-rules.js';
import { addDays } from './zoned-time.js';

export type ReservationRow = typeof reservations.$inferSelect;
export type SettingsRow = typeof reservationSettings.$inferSelect;

/** Bookings that still hold their tables (a seated one is held by its open order instead). */
export const HOLDING_STATUSES = ['booked', 'confirmed', 'arrived'] as const;

export function loadSettingsRow(tx: DbLike): SettingsRow | undefined {
  return tx.select().from(reservationSettings).where(eq(reservationSettings.id, 1)).get();
}

export function loadDoorSettings(tx: DbLike): DoorSettings {
  const row = loadSettingsRow(tx);
  if (!row) return DEFAULT_DOOR_SETTINGS;
  const { id: _id, version: _v, updatedAt: _u, ...settings } = row;
  return settings;
}

/** The exceptions of `date` and the day before (whose late service may run into `date`). */
export function loadExceptions(tx: DbLike, date: string): DoorException[] {
  return tx.select().from(reservationExceptions).where(inArray(reservationExceptions.date, [addDays(date, -1), date, addDays(date, 1)])).all();
}

export function loadTables(tx: DbLike): TableInfo[] {
  return tx.select({ id: diningTables.id, label: diningTables.label, capacity: diningTables.capacity, status: diningTables.status }).from(diningTables).all()
    .map((t) => ({ id: t.id, label: t.label, capacity: t.capacity, active: t.status !== 'inactive' }));
}

/**
 * Every hold that may touch [from, to): bookings not seated yet, and each table with an open
 * order, held from when it was seated until the party's usual duration is over (at least the next
 * quarter hour from now: guests still at the table are there until they leave).
 */
export function loadHolds(tx: DbLike, from: number, to: number, now: number, settings: DoorSettings, exceptId?: string): Hold[] {
  const margin = 6 * 60 * MINUTE;
  // Unassigned bookings (no tables) still count for pacing.
  const booked = tx.select().from(reservations)
    .where(and(inArray(reservations.status, [...HOLDING_STATUSES]), lt(reservations.startsAt, to + margin), gt(reservations.endsAt, from - margin))).all()
    .filter((r) => r.id !== exceptId)
    .map((r): Hold => ({ kind: 'booking', tableIds: r.tableIds, from: r.startsAt, to: r.endsAt, reservationId: r.id, covers: r.partySize }));
  return [...booked, ...liveHolds(tx, now, settings)];
}

/** Tables seated now: one hold per table with an open order. */
export function liveHolds(tx: DbLike, now: number, settings: DoorSettings): Hold[] {
  const open = tx.select({ tableId: orders.tableId, createdAt: orders.createdAt, guestCount: orders.guestCount }).from(orders)
    .where(notInArray(orders.status, ['completed', 'canceled'])).all();
  const byTable = new Map<string, { seatedAt: number; guests: number }>();
  for (const o of open) {
    if (!o.tableId) continue;
    const seen = byTable.get(o.tableId);
    byTable.set(o.tableId, { seatedAt: Math.min(seen?.seatedAt ?? o.createdAt, o.createdAt), guests: (seen?.guests ?? 0) + o.guestCount });
  }
  return [...byTable].map(([tableId, t]) => ({
    kind: 'live' as const, tableIds: [tableId], from: t.seatedAt,
    to: Math.max(now + SLOT_MINUTES * MINUTE, t.seatedAt + durationFor(settings, t.guests) * MINUTE),
  }));
}

export function findReservation(tx: DbLike, id: string): ReservationRow | undefined {
  return tx.select().from(reservations).where(eq(reservations.id, id)).get();
}
