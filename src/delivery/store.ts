/**
 * Delivery orders on the box (issue 21): rows, views, the kitchen's pause switch, and the one
 * writer of status facts — each status is a `delivery_status` row pushed up with the sync, which
 * the cloud relays to the platform through its outbox (architecture §6, §12).
 */
import { asc, desc, eq, inArray } from 'drizzle-orm';
import { deliveryOrders, deliveryStatuses, kitchenState, staff } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { notFound } from '../errors.js';
import type { DeliveryStatus, RejectReason } from '../../sync/delivery-messages.js';

export type DeliveryRow = typeof deliveryOrders.$inferSelect;
export type KitchenStateRow = typeof kitchenState.$inferSelect;

/** States in which the kitchen still has something to do or say. */
export const OPEN_STATES: ReadonlyArray<DeliveryRow['state']> = ['pending', 'accepted', 'ready'];

/** The platform order a till order came from, if it did. */
export function deliveryOfOrder(tx: DbLike, orderId: string): DeliveryRow | undefined {
  return tx.select().from(deliveryOrders).where(eq(deliveryOrders.orderId, orderId)).get();
}

export function findDelivery(tx: DbLike, platform: string, platformOrderId: string): DeliveryRow | undefined {
  return tx.select().from(deliveryOrders).where(eq(deliveryOrders.platform, platform)).all().find((r) => r.platformOrderId === platformOrderId);
}

export function loadDelivery(tx: DbLike, id: string): DeliveryRow {
  const row = tx.select().from(deliveryOrders).where(eq(deliveryOrders.id, id)).get();
  if (!row) throw notFound('delivery order', id);
  return row;
}

export function listDeliveries(tx: DbLike, open: boolean, limit: number): DeliveryRow[] {
  const q = tx.select().from(deliveryOrders);
  return (open ? q.where(inArray(deliveryOrders.state, [...OPEN_STATES])) : q).orderBy(desc(deliveryOrders.createdAt)).limit(limit).all();
}

export function saveDelivery(ctx: CommandContext, next: DeliveryRow, insert = false): DeliveryRow {
  if (insert) ctx.tx.insert(deliveryOrders).values(next).run();
  else ctx.tx.update(deliveryOrders).set(next).where(eq(deliveryOrders.id, next.id)).run();
  ctx.emit({ type: 'delivery.updated', data: deliveryView(next) });
  return next;
}

/** One status for the platform: a fact, synced up (`delivery_status`) in the same transaction. */
export function writeStatus(ctx: CommandContext, row: DeliveryRow, status: DeliveryStatus, reason: RejectReason | null = null, note: string | null = null): void {
  const fact = {
    id: ctx.newId(), deliveryOrderId: row.id, orderId: row.orderId, platform: row.platform, platformOrderId: row.platformOrderId, status, reason,
    prepMinutes: status === 'accepted' ? row.prepMinutes : null, note, createdAt: ctx.now,
  };
  ctx.tx.insert(deliveryStatuses).values(fact).run();
  ctx.change('delivery_status', fact, { op: 'insert' });
  ctx.audit({ action: `delivery.${status}`, entity: 'delivery_order', entityId: row.id, reason: reason ?? undefined, details: { platform: row.platform, orderId: row.orderId } });
}

export function statusesOf(tx: DbLike, deliveryOrderId: string) {
  return tx.select().from(deliveryStatuses).where(eq(deliveryStatuses.deliveryOrderId, deliveryOrderId)).orderBy(asc(deliveryStatuses.createdAt)).all();
}

export function deliveryView(r: DeliveryRow) {
  return {
    id: r.id, platform: r.platform, platformOrderId: r.platformOrderId, displayRef: r.displayRef, orderId: r.orderId, state: r.state,
    rejectReason: r.rejectReason, flagged: r.unmapped.length > 0, unmapped: r.unmapped, lines: r.lines,
    customer: { name: r.customerName, phone: r.customerPhone },
    delivery: { mode: r.deliveryMode, address: r.deliveryAddress, notes: r.deliveryNotes },
    totals: r.totals, autoAccept: r.autoAccept, prepMinutes: r.prepMinutes, placedAt: r.placedAt, respondBy: r.respondBy,
    cancellation: r.cancelledBy ? { by: r.cancelledBy, reason: r.cancelReason, at: r.cancelledAt!, when: r.cancelledWhen } : null,
    version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;

export function kitchenStateOf(tx: DbLike): KitchenStateRow {
  return tx.select().from(kitchenState).where(eq(kitchenState.id, 1)).get()
    ?? { id: 1, paused: false, pausedReason: null, pausedAt: null, pausedBy: null, prepMinutes: null, updatedAt: 0 };
}

export function saveKitchenState(ctx: CommandContext, next: KitchenStateRow): KitchenStateRow {
  ctx.tx.insert(kitchenState).values(next).onConflictDoUpdate({ target: kitchenState.id, set: next }).run();
  ctx.emit({ type: 'kitchen.state', data: next });
  return next;
}

/**
 * Who a platform order is written under: orders name a staff member, and nobody on the floor took
 * this one — it is the house's, so it goes under the restaurant's first owner (always present).
 */
export function houseStaffId(tx: DbLike): string {
  const owner = tx.select({ id: staff.id }).from(staff).where(eq(staff.role, 'owner')).orderBy(asc(staff.createdAt)).limit(1).get();
  if (!owner) throw notFound('owner', 'first');
  return owner.id;
}
