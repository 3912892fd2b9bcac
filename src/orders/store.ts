import { asc, eq, inArray } from 'drizzle-orm';
import { orderLineOptions, orderLines, orders } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { computeTotals, type OrderTotals } from './totals.js';
import { deriveOrderStatus, isOrderOpen } from './status-rules.js';
import type { OrderViewT } from './schemas.js';

export type OrderRow = typeof orders.$inferSelect;
export type LineRow = typeof orderLines.$inferSelect;
export type LineOptionRow = typeof orderLineOptions.$inferSelect;

/** An order with everything needed to show it or change it. */
export interface LoadedOrder {
  order: OrderRow;
  lines: LineRow[];
  options: Map<string, LineOptionRow[]>;
}

export function loadOrder(tx: DbLike, id: string): LoadedOrder {
  const order = tx.select().from(orders).where(eq(orders.id, id)).get();
  if (!order) throw notFound('order', id);
  return loadOrderParts(tx, order);
}

export function loadOrderParts(tx: DbLike, order: OrderRow): LoadedOrder {
  const lines = tx.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.sortOrder)).all();
  const options = new Map<string, LineOptionRow[]>();
  if (lines.length > 0) {
    const rows = tx.select().from(orderLineOptions).where(inArray(orderLineOptions.lineId, lines.map((l) => l.id))).all();
    for (const row of rows) options.set(row.lineId, [...(options.get(row.lineId) ?? []), row]);
  }
  return { order, lines, options };
}

export function assertOpen(order: OrderRow): void {
  if (!isOrderOpen(order.status)) {
    throw new AppError('ORDER_CLOSED', `Order #${order.number} is ${order.status} and cannot change.`, { orderId: order.id, status: order.status });
  }
}

export function totalsOf(order: Pick<OrderRow, 'discount' | 'serviceChargeBp' | 'taxMode'>, lines: readonly LineRow[]): OrderTotals {
  return computeTotals({
    lines: lines.map((l) => ({ id: l.id, unitPrice: l.unitPrice, optionsPrice: l.optionsPrice, quantity: l.quantity, taxRateBp: l.taxRateBp, discount: l.discount, voided: l.state === 'voided' })),
    orderDiscount: order.discount,
    serviceChargeBp: order.serviceChargeBp,
    taxMode: order.taxMode,
  });
}

/** Writes a changed line: bumps its version, records it for the cloud. Returns the new row. */
export function saveLine(ctx: CommandContext, line: LineRow, patch: Partial<LineRow>): LineRow {
  const next: LineRow = { ...line, ...patch, version: line.version + 1, updatedAt: ctx.now };
  ctx.tx.update(orderLines).set(next).where(eq(orderLines.id, line.id)).run();
  ctx.change('order_line', next);
  return next;
}

/**
 * After any change to an order's lines or header: recompute totals and status with the pure rules,
 * write the header with a new version, record it for the cloud, and tell the screens.
 */
export function refreshOrder(ctx: CommandContext, orderId: string, headerPatch: Partial<OrderRow> = {}): LoadedOrder {
  const current = loadOrder(ctx.tx, orderId);
  const base = { ...current.order, ...headerPatch };
  const totals = totalsOf(base, current.lines);
  const status = deriveOrderStatus(base.status, current.lines.map((l) => l.state));
  const next: OrderRow = {
    ...base,
    status,
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    serviceCharge: totals.serviceCharge,
    taxTotal: totals.taxTotal,
    total: totals.total,
    version: current.order.version + 1,
    updatedAt: ctx.now,
  };
  if (next.paid > next.total && isOrderOpen(next.status)) {
    throw new AppError('BELOW_PAID', `That would make the order total ${next.total} less than the ${next.paid} already paid. Refund first.`, { total: next.total, paid: next.paid });
  }
  ctx.tx.update(orders).set(next).where(eq(orders.id, orderId)).run();
  ctx.change('order', next);
  const loaded = { ...current, order: next };
  ctx.emit({ type: 'order.updated', data: orderView(loaded) });
  return loaded;
}

export function orderView({ order, lines, options }: LoadedOrder): OrderViewT {
  const totals = totalsOf(order, lines);
  const amounts = new Map(totals.lines.map((l) => [l.id, l]));
  return {
    id: order.id, number: order.number, businessDay: order.businessDay, type: order.type, source: order.source, status: order.status,
    tableId: order.tableId, guestCount: order.guestCount, staffId: order.staffId, customerName: order.customerName, notes: order.notes,
    discount: order.discount ?? null, serviceChargeBp: order.serviceChargeBp, taxMode: order.taxMode, currency: order.currency,
    totals: {
      subtotal: order.subtotal, discountTotal: order.discountTotal, serviceCharge: order.serviceCharge, taxTotal: order.taxTotal,
      total: order.total, paid: order.paid, tips: order.tips, refunded: order.refunded, balance: order.total - order.paid,
      taxByRate: totals.taxByRate,
    },
    lines: lines.map((l) => {
      const a = amounts.get(l.id)!;
      return {
        id: l.id, itemId: l.itemId, name: l.name, unitPrice: l.unitPrice, optionsPrice: l.optionsPrice, quantity: l.quantity,
        taxRateBp: l.taxRateBp, station: l.station, seat: l.seat, course: l.course, notes: l.notes, discount: l.discount ?? null,
        state: l.state, firedAt: l.firedAt, readyAt: l.readyAt, servedAt: l.servedAt, voidedAt: l.voidedAt,
        options: (options.get(l.id) ?? []).map((o) => ({ optionId: o.optionId, groupId: o.groupId, groupName: o.groupName, name: o.name, priceDelta: o.priceDelta })),
        amounts: { gross: a.gross, discount: a.lineDiscount + a.orderDiscountShare, net: a.net, serviceCharge: a.serviceShare, tax: a.tax, due: a.due },
        version: l.version,
      };
    }),
    mergedInto: order.mergedInto,
    version: order.version, createdAt: order.createdAt, updatedAt: order.updatedAt, closedAt: order.closedAt,
  };
}
