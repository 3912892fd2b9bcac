/**
 * A guest's request arrives (issue 19): checked against the restaurant's rules, priced from the menu,
 * written in one command; a replay of the same id answers the first. Nothing is written when any
 * check fails (architecture §1.5).
 */
import { and, desc, eq, gte, isNull, notInArray } from 'drizzle-orm';
import { customers, diningTables, guestRequests, orderCustomers, orders } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { requestHash } from '../lib/request-hash.js';
import { loadRestaurant } from '../setup/service.js';
import { CLOSED_ORDER_STATUSES } from '../tables/occupancy.js';
import { acceptRequest } from './answer.js';
import { priceGuestLines } from './pricing.js';
import { closedReason, localMinutes, type GuestSettingsValues } from './rules.js';
import { findRequest, insertRequest, loadSettings, type GuestRequestRow } from './store.js';
import type { GuestRequestInputT } from './schemas.js';

const TEN_MINUTES = 10 * 60_000;

export interface Submitted { created: boolean; row: GuestRequestRow }

/** How a request reached the box: its own page on the Wi-Fi, or the cloud's page down the channel. */
export type Arrival = { via: 'lan' } | { via: 'cloud'; placedAt: number; heldAfterOutage: boolean };

export function submitRequest(ctx: CommandContext, tableId: string, input: GuestRequestInputT, arrival: Arrival): Submitted {
  const hash = requestHash({ tableId, ...input });
  const existing = findRequest(ctx.tx, input.id);
  if (existing) {
    if (existing.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', 'This request id was already used for another request.', { requestId: input.id });
    return { created: false, row: existing };
  }
  const table = ctx.tx.select().from(diningTables).where(eq(diningTables.id, tableId)).get();
  // The token was checked before: a table deleted since is a code that no longer opens anything.
  if (!table) throw new AppError('TABLE_TOKEN_INVALID', 'This table no longer exists here; ask the staff.');
  const settings = loadSettings(ctx.tx);
  if (input.kind !== 'order') {
    // Calls and bills are always let through (a guest can always reach a person), once: pressing
    // again while one waits answers the waiting one.
    const waiting = ctx.tx.select().from(guestRequests)
      .where(and(eq(guestRequests.tableId, tableId), eq(guestRequests.kind, input.kind), eq(guestRequests.status, 'pending'))).get();
    if (waiting) return { created: false, row: waiting };
    return { created: true, row: insert(ctx, tableId, input, hash, arrival, { lines: [], total: 0 }) };
  }
  assertOpenForOrders(ctx, settings, table);
  assertNotBlocked(ctx, tableId);
  assertUnderOrderLimit(ctx, settings, tableId);
  const priced = priceGuestLines(ctx, input.lines);
  if (settings.maxOrderTotal !== null && priced.total > settings.maxOrderTotal) {
    throw new AppError('GUEST_ORDER_TOO_LARGE', 'This order is bigger than the restaurant takes from a table; ask the waiter.', { max: settings.maxOrderTotal, total: priced.total });
  }
  const row = insert(ctx, tableId, input, hash, arrival, priced);
  // Straight to the kitchen when the restaurant chose so (default: a waiter accepts first) — never
  // an order that waited in the cloud through an outage: the table may have left, a person looks.
  return { created: true, row: settings.autoAccept && !row.heldAfterOutage ? acceptRequest(ctx, row) : row };
}

function insert(ctx: CommandContext, tableId: string, input: GuestRequestInputT, hash: string, arrival: Arrival, priced: Pick<GuestRequestRow, 'lines' | 'total'>): GuestRequestRow {
  const row: GuestRequestRow = {
    id: input.id, tableId, kind: input.kind, status: 'pending', lines: priced.lines, notes: input.notes ?? null, total: priced.total,
    language: input.language, via: arrival.via, requestHash: hash, orderId: null, refusedReason: null, answeredBy: null, answeredAt: null, alertedAt: null,
    placedAt: arrival.via === 'cloud' ? arrival.placedAt : ctx.now, heldAfterOutage: arrival.via === 'cloud' && arrival.heldAfterOutage,
    version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
  insertRequest(ctx, row);
  return row;
}

function assertOpenForOrders(ctx: CommandContext, settings: GuestSettingsValues, table: { areaId: string; status: string }): void {
  const reason = closedReason(settings, table, localMinutes(ctx.now, loadRestaurant(ctx.tx).timeZone));
  if (reason) {
    const why = { off: 'Ordering from the table is off here', area: 'Ordering from the table is off in this area', hours: 'Ordering from the table is closed at this hour', not_seated: 'A waiter has not seated this table yet' }[reason];
    throw new AppError('GUEST_ORDERING_CLOSED', `${why}; call the waiter.`, { reason });
  }
}

/** A blocked guest (the customer attached to the table's open order) cannot order this way. */
function assertNotBlocked(ctx: CommandContext, tableId: string): void {
  const blocked = ctx.tx.select({ reason: customers.blockedReason }).from(orders)
    .innerJoin(orderCustomers, eq(orderCustomers.orderId, orders.id))
    .innerJoin(customers, eq(customers.id, orderCustomers.customerId))
    .where(and(eq(orders.tableId, tableId), notInArray(orders.status, [...CLOSED_ORDER_STATUSES]), isNull(orders.mergedInto))).all()
    .find((r) => r.reason !== null);
  if (blocked) throw new AppError('GUEST_BLOCKED', 'Ordering from the phone is not available for this table; please ask the waiter.');
}

function assertUnderOrderLimit(ctx: CommandContext, settings: GuestSettingsValues, tableId: string): void {
  const recent = ctx.tx.select({ at: guestRequests.createdAt }).from(guestRequests)
    .where(and(eq(guestRequests.tableId, tableId), eq(guestRequests.kind, 'order'), gte(guestRequests.createdAt, ctx.now - TEN_MINUTES + 1)))
    .orderBy(desc(guestRequests.createdAt)).all();
  if (recent.length >= settings.maxOrdersPer10Min) {
    const oldest = recent[settings.maxOrdersPer10Min - 1]!.at;
    const seconds = Math.max(1, Math.ceil((oldest + TEN_MINUTES - ctx.now) / 1000));
    throw new AppError('GUEST_ORDER_LIMIT', `This table sent ${recent.length} orders in 10 minutes; try again in ${Math.ceil(seconds / 60)} min or ask the waiter.`,
      { max: settings.maxOrdersPer10Min, retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  }
}
