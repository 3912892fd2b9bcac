/**
 * Seating a party at the door (a booking or a waiting walk-in) in one tap: the tables must be free
 * now and not promised to a booking due within the party's time, then the table opens for the
 * waiter — an order with the guest count and the guest's name (and customer, when known) — in the
 * same transaction as the booking's or the waiting party's new status.
 */
import type { CommandContext } from '../db/command.js';
import { createOrder } from '../orders/create.js';
import { occupyTable } from '../tables/occupancy.js';
import { writeLink } from '../customers/service.js';
import { findCustomer } from '../customers/store.js';
import { clashOn, durationFor, MINUTE, type DoorSettings } from './door-rules.js';
import { assertSuitable, refuseClash, tablesFor } from './placement.js';
import { loadHolds } from './store.js';

export interface SeatRequest {
  orderId: string;
  tableIds: string[];
  partySize: number;
  name: string;
  customerId: string | null;
  /** The booking being seated: its own hold is not in the way. */
  reservationId?: string;
}

export function seatParty(ctx: CommandContext, settings: DoorSettings, timeZone: string, req: SeatRequest): void {
  const tables = tablesFor(ctx.tx, req.tableIds);
  assertSuitable(tables, req.partySize, settings);
  const until = ctx.now + durationFor(settings, req.partySize) * MINUTE;
  // Live tables are held from when they were seated; bookings from their time (a booking due
  // within this party's stay, with the buffer, is in the way).
  const holds = loadHolds(ctx.tx, ctx.now, until, ctx.now, settings, req.reservationId).filter((h) => h.kind === 'live' || h.to > ctx.now);
  const hold = clashOn(req.tableIds, ctx.now, until, settings.bufferMinutes, holds);
  if (hold) refuseClash(ctx.tx, hold, tables, timeZone);
  createOrder(ctx, {
    id: req.orderId, type: 'dine_in', source: 'waiter', tableId: req.tableIds[0]!, guestCount: req.partySize,
    customerName: req.name.slice(0, 80), notes: req.tableIds.length > 1 ? `Joined tables: ${tables.map((t) => t.label).join(' + ')}` : null, lines: [],
  });
  for (const id of req.tableIds.slice(1)) occupyTable(ctx, id);
  if (req.customerId && findCustomer(ctx.tx, req.customerId)) writeLink(ctx, req.orderId, req.customerId, undefined);
}
