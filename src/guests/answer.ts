/**
 * A waiter answers a guest request (issue 19). Accepting an order turns it into a normal order
 * through the orders' own write path (prices from the menu again, kitchen tickets, print jobs, the
 * change log) and fires it, in the same transaction as the request's new state: the kitchen never
 * gets a ticket for a request that still shows as waiting, and a crash leaves neither.
 */
import { and, desc, eq, isNull, notInArray } from 'drizzle-orm';
import { orders } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { createOrder } from '../orders/create.js';
import { insertLines } from '../orders/lines.js';
import { fireLines } from '../orders/kitchen-flow.js';
import { CLOSED_ORDER_STATUSES } from '../tables/occupancy.js';
import { priceGuestLines } from './pricing.js';
import { saveRequest, type GuestRequestRow } from './store.js';
import type { AcceptRequestT } from './schemas.js';

/** The table's open order to add a second round to, if any (the newest). */
function openOrderOf(ctx: CommandContext, tableId: string): { id: string; staffId: string } | undefined {
  return ctx.tx.select({ id: orders.id, staffId: orders.staffId }).from(orders)
    .where(and(eq(orders.tableId, tableId), notInArray(orders.status, [...CLOSED_ORDER_STATUSES]), isNull(orders.mergedInto)))
    .orderBy(desc(orders.createdAt)).limit(1).get();
}

export function assertPending(row: GuestRequestRow): void {
  if (row.status !== 'pending') {
    throw new AppError('GUEST_REQUEST_ANSWERED', `This request was already ${row.status}.`, { status: row.status, orderId: row.orderId });
  }
}

/** Accepts a pending request; an order becomes order lines, fired. Returns the saved request. */
export function acceptRequest(ctx: CommandContext, row: GuestRequestRow, edits: AcceptRequestT = {}): GuestRequestRow {
  assertPending(row);
  if (edits.expectedVersion !== undefined && edits.expectedVersion !== row.version) {
    throw new AppError('VERSION_CONFLICT', 'This request changed since you opened it.', { currentVersion: row.version });
  }
  const notes = edits.notes !== undefined ? edits.notes : row.notes;
  if (row.kind !== 'order') {
    ctx.audit({ action: `guest.${row.kind}.answered`, entity: 'table', entityId: row.tableId, details: { requestId: row.id } });
    return saveRequest(ctx, row, { status: 'accepted', answeredBy: ctx.actor.staffId, answeredAt: ctx.now });
  }
  const priced = edits.lines ? priceGuestLines(ctx, edits.lines) : { lines: row.lines, total: row.total };
  const lineInputs = priced.lines.map((l) => ({ id: ctx.newId(), itemId: l.itemId, quantity: l.quantity, optionIds: l.optionIds, course: 1, notes: l.notes }));
  const open = openOrderOf(ctx, row.tableId);
  let orderId: string;
  if (open) {
    insertLines(ctx, open, lineInputs);
    orderId = open.id;
  } else {
    orderId = ctx.newId();
    createOrder(ctx, { id: orderId, type: 'dine_in', source: 'guest_qr', tableId: row.tableId, guestCount: 1, notes: notes ?? null, lines: lineInputs });
  }
  fireLines(ctx, orderId, { lineIds: lineInputs.map((l) => l.id) });
  const lines = priced.lines.map((l, i) => ({ ...l, lineId: lineInputs[i]!.id }));
  ctx.audit({ action: 'guest.order.accepted', entity: 'order', entityId: orderId, details: { requestId: row.id, edited: edits.lines !== undefined, automatic: ctx.actor.staffId === null } });
  return saveRequest(ctx, row, { status: 'accepted', orderId, lines, total: priced.total, notes, answeredBy: ctx.actor.staffId, answeredAt: ctx.now });
}

export function refuseRequest(ctx: CommandContext, row: GuestRequestRow, reason: string): GuestRequestRow {
  assertPending(row);
  ctx.audit({ action: `guest.${row.kind}.refused`, entity: 'table', entityId: row.tableId, reason, details: { requestId: row.id } });
  return saveRequest(ctx, row, { status: 'refused', refusedReason: reason, answeredBy: ctx.actor.staffId, answeredAt: ctx.now });
}
