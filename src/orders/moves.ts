import { eq } from 'drizzle-orm';
import { orders } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { requestHash } from '../lib/request-hash.js';
import { occupyTable, releaseTableIfIdle } from '../tables/occupancy.js';
import { assertOpen, loadOrder, loadOrderParts, refreshOrder, saveLine, type LoadedOrder, type OrderRow } from './store.js';

/** Moves an open order to another table: the new table becomes occupied, the old one free if nothing else sits there. */
export function moveOrder(ctx: CommandContext, orderId: string, tableId: string): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  if (loaded.order.type !== 'dine_in') throw new AppError('ILLEGAL_TRANSITION', 'Only dine-in orders sit at a table.', { type: loaded.order.type });
  if (loaded.order.tableId === tableId) return loaded;
  occupyTable(ctx, tableId);
  const result = refreshOrder(ctx, orderId, { tableId });
  releaseTableIfIdle(ctx, loaded.order.tableId);
  ctx.audit({ action: 'order.moved', entity: 'order', entityId: orderId, details: { from: loaded.order.tableId, to: tableId } });
  return result;
}

/**
 * Merges the source order into the target (two tables pushed together): every line moves, the
 * source closes as canceled with `mergedInto` pointing at the target. Orders with payments do not merge.
 */
export function mergeOrders(ctx: CommandContext, targetId: string, sourceId: string): LoadedOrder {
  if (targetId === sourceId) throw new AppError('VALIDATION_FAILED', 'An order cannot be merged into itself.', [{ path: 'sourceOrderId', message: 'Same as the target.' }]);
  const target = loadOrder(ctx.tx, targetId);
  const source = loadOrder(ctx.tx, sourceId);
  if (source.order.mergedInto === targetId) return target;
  assertOpen(target.order);
  assertOpen(source.order);
  if (target.order.paid > 0 || source.order.paid > 0) throw new AppError('ORDER_HAS_PAYMENTS', 'Orders with payments cannot be merged; finish or refund those payments first.');
  let sort = target.lines.length;
  for (const line of source.lines) saveLine(ctx, line, { orderId: targetId, sortOrder: sort++ });
  refreshOrder(ctx, sourceId, { status: 'canceled', mergedInto: targetId, closedAt: ctx.now });
  const result = refreshOrder(ctx, targetId, { guestCount: Math.min(100, target.order.guestCount + source.order.guestCount) });
  releaseTableIfIdle(ctx, source.order.tableId);
  ctx.audit({ action: 'order.merged', entity: 'order', entityId: targetId, details: { sourceOrderId: sourceId, lines: source.lines.length } });
  return result;
}

/**
 * Splits chosen lines off onto a new order (client-made id, so a retried split returns the same
 * new order). The new order sits at the given table or the same one.
 */
export function splitOrder(ctx: CommandContext, orderId: string, input: { newOrderId: string; lineIds: string[]; tableId?: string }): LoadedOrder {
  const hash = requestHash({ split: orderId, ...input });
  const already = ctx.tx.select().from(orders).where(eq(orders.id, input.newOrderId)).get();
  if (already) {
    if (already.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', `Order id ${input.newOrderId} is already used.`);
    return loadOrderParts(ctx.tx, already);
  }
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  if (loaded.order.paid > 0) throw new AppError('ORDER_HAS_PAYMENTS', 'Split before taking payments; this order already has some. Pay by items or seat instead.');
  const moving = input.lineIds.map((id) => {
    const line = loaded.lines.find((l) => l.id === id);
    if (!line) throw new AppError('NOT_FOUND', `Line ${id} is not on this order.`, { entity: 'order line', id });
    return line;
  });
  if (moving.length === loaded.lines.filter((l) => l.state !== 'voided').length && moving.every((l) => l.state !== 'voided')) {
    throw new AppError('VALIDATION_FAILED', 'Leave at least one line on the original order (or move the order instead).', [{ path: 'lineIds', message: 'All lines chosen.' }]);
  }
  const tableId = input.tableId ?? loaded.order.tableId;
  if (tableId && tableId !== loaded.order.tableId) occupyTable(ctx, tableId);
  // The split check keeps the original's number, business day and server: to the kitchen it is the same table's food.
  const row: OrderRow = { ...loaded.order, id: input.newOrderId, tableId, discount: null, paid: 0, tips: 0, refunded: 0, requestHash: hash,
    mergedInto: null, version: 0, createdAt: ctx.now, updatedAt: ctx.now, closedAt: null, guestCount: 1, status: 'created' };
  ctx.tx.insert(orders).values(row).run();
  moving.forEach((line, i) => saveLine(ctx, line, { orderId: row.id, sortOrder: i }));
  refreshOrder(ctx, orderId);
  const result = refreshOrder(ctx, row.id);
  ctx.audit({ action: 'order.split', entity: 'order', entityId: orderId, details: { newOrderId: row.id, lineIds: input.lineIds } });
  return result;
}
