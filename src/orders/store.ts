import { asc, eq, inArray, sql } from 'drizzle-orm';
import { orderLineOptions, orderLines, orders } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { updateRow } from '../db/raw.js';
import { preparedPerConnection } from '../db/prepared.js';
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

/**
 * Reading an order is on every order command's path (firing above all); drizzle's query builder
 * costs more than the queries, so these are built once per connection and reused with parameters.
 */
function prepareOrderQueries(db: DbLike) {
  const orderId = sql.placeholder('orderId');
  return {
    order: db.select().from(orders).where(eq(orders.id, orderId)).prepare(),
    lines: db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.sortOrder)).prepare(),
    options: db.select().from(orderLineOptions)
      .where(inArray(orderLineOptions.lineId, db.select({ id: orderLines.id }).from(orderLines).where(eq(orderLines.orderId, orderId)))).prepare(),
  };
}
const orderQueries = preparedPerConnection(prepareOrderQueries);

export function loadOrder(tx: DbLike, id: string): LoadedOrder {
  const queries = orderQueries(tx);
  const order = queries.order.get({ orderId: id });
  if (!order) throw notFound('order', id);
  const lines = queries.lines.all({ orderId: id });
  const options = new Map<string, LineOptionRow[]>();
  if (lines.length > 0) {
    for (const row of queries.options.all({ orderId: id })) {
      const list = options.get(row.lineId);
      if (list) list.push(row);
      else options.set(row.lineId, [row]);
    }
  }
  return { order, lines, options };
}

/** The lines and options of an order row already read (lists of many orders). */
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

/** The order with some of its lines replaced by their new rows (as a command changed them). */
export function withLines(loaded: LoadedOrder, changed: readonly LineRow[]): LoadedOrder {
  const byId = new Map(changed.map((l) => [l.id, l]));
  return { ...loaded, lines: loaded.lines.map((l) => byId.get(l.id) ?? l) };
}

/** Writes a changed line: bumps its version, records it for the cloud. Returns the new row. */
export function saveLine(ctx: CommandContext, line: LineRow, patch: Partial<LineRow>): LineRow {
  const next: LineRow = { ...line, ...patch, version: line.version + 1, updatedAt: ctx.now };
  updateRow(ctx.tx, 'order_lines', next);
  ctx.change('order_line', next);
  return next;
}

/**
 * After any change to an order's lines or header: recompute totals and status with the pure rules,
 * write the header with a new version, record it for the cloud, and tell the screens.
 * `current` is the order as this command left it, when the caller already has it in memory (it
 * saves reading it back); without it the order is read again.
 */
export function refreshOrder(ctx: CommandContext, orderId: string, headerPatch: Partial<OrderRow> = {}, current: LoadedOrder = loadOrder(ctx.tx, orderId)): LoadedOrder {
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
  updateRow(ctx.tx, 'orders', next);
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
    platform: order.platform ?? null, platformRef: order.platformRef ?? null,
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
