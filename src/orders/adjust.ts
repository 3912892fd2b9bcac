import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import type { StoredDiscount } from '../db/schema.js';
import { loadRestaurant } from '../setup/service.js';
import { releaseTableIfIdle } from '../tables/occupancy.js';
import { assertOpen, loadOrder, refreshOrder, saveLine, totalsOf, type LoadedOrder } from './store.js';
import type { DiscountInputT, UpdateLineInput, UpdateOrderInput } from './schemas.js';
import { createVoidTickets, syncTickets } from '../kitchen/tickets.js';
import { reverseUsage, type VoidStock } from '../stock/usage.js';

/**
 * Applies a discount to a line or the whole order. Above the restaurant's limit (a share of what is
 * discounted) it needs a manager: the signed-in manager, or a manager's PIN as `approval`.
 */
export function applyDiscount(ctx: CommandContext, orderId: string, input: DiscountInputT, approverId: string | null): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  const totals = totalsOf(loaded.order, loaded.lines);
  let base: number;
  if (input.lineId) {
    const line = loaded.lines.find((l) => l.id === input.lineId);
    if (!line) throw new AppError('NOT_FOUND', `Line ${input.lineId} is not on this order.`, { entity: 'order line', id: input.lineId });
    if (line.state === 'voided') throw new AppError('LINE_STATE_CONFLICT', `"${line.name}" is voided.`, { lineId: line.id });
    base = totals.lines.find((l) => l.id === line.id)!.gross;
  } else {
    base = totals.lines.reduce((s, l) => s + l.gross - l.lineDiscount, 0);
  }
  const limitBp = loadRestaurant(ctx.tx).discountLimitBp;
  const overLimit = input.kind === 'percent' ? input.value > limitBp : input.value * 10_000 > limitBp * base;
  if (overLimit && !approverId) {
    throw new AppError('MANAGER_APPROVAL_REQUIRED', `Discounts over ${limitBp / 100} % need a manager's approval.`, { limitBp });
  }
  const discount: StoredDiscount = { kind: input.kind, value: input.value, reason: input.reason, staffId: ctx.actor.staffId ?? 'system', approvedBy: overLimit ? approverId : null };
  if (input.lineId) {
    saveLine(ctx, loaded.lines.find((l) => l.id === input.lineId)!, { discount });
  }
  const result = refreshOrder(ctx, orderId, input.lineId ? {} : { discount });
  ctx.audit({ action: 'order.discount_applied', entity: input.lineId ? 'order_line' : 'order', entityId: input.lineId ?? orderId, reason: input.reason, approvedBy: discount.approvedBy,
    details: { orderId, kind: input.kind, value: input.value, overLimit, discountTotal: result.order.discountTotal } });
  return result;
}

export function removeDiscount(ctx: CommandContext, orderId: string, lineId: string | undefined, reason: string | undefined): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  if (lineId) {
    const line = loaded.lines.find((l) => l.id === lineId);
    if (!line) throw new AppError('NOT_FOUND', `Line ${lineId} is not on this order.`, { entity: 'order line', id: lineId });
    if (line.discount) saveLine(ctx, line, { discount: null });
  }
  ctx.audit({ action: 'order.discount_removed', entity: lineId ? 'order_line' : 'order', entityId: lineId ?? orderId, reason: reason ?? null, details: { orderId } });
  return refreshOrder(ctx, orderId, lineId ? {} : { discount: null });
}

export function updateOrderHeader(ctx: CommandContext, orderId: string, input: UpdateOrderInput): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  const { expectedVersion, ...patch } = input;
  if (expectedVersion !== undefined && expectedVersion !== loaded.order.version) {
    throw new AppError('VERSION_CONFLICT', 'The order changed since you loaded it; reload and try again.', { currentVersion: loaded.order.version });
  }
  if (patch.serviceChargeBp !== undefined && patch.serviceChargeBp !== loaded.order.serviceChargeBp) {
    ctx.audit({ action: 'order.service_charge_changed', entity: 'order', entityId: orderId, details: { from: loaded.order.serviceChargeBp, to: patch.serviceChargeBp } });
  }
  return refreshOrder(ctx, orderId, patch);
}

/** Quantity, seat, course and notes can change only while the line is held: the kitchen has not seen it. */
export function updateLine(ctx: CommandContext, orderId: string, lineId: string, input: UpdateLineInput): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  const line = loaded.lines.find((l) => l.id === lineId);
  if (!line) throw new AppError('NOT_FOUND', `Line ${lineId} is not on this order.`, { entity: 'order line', id: lineId });
  if (line.state !== 'held') {
    throw new AppError('LINE_STATE_CONFLICT', `"${line.name}" is ${line.state}; only held lines can change. Void it and add a new one.`, { lineId, state: line.state });
  }
  saveLine(ctx, line, input);
  return refreshOrder(ctx, orderId);
}

/**
 * Cancels an order that has no payments. If the kitchen already has some of it, a manager must
 * approve, and those lines are voided (so the kitchen gets VOID tickets); their ingredients go back
 * to stock or are written off (`stock`, default waste).
 */
export function cancelOrder(ctx: CommandContext, orderId: string, reason: string, approverId: string | null, stock: VoidStock = 'waste'): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  if (loaded.order.status === 'canceled') return loaded;
  if (loaded.order.status === 'completed') {
    throw new AppError('ILLEGAL_TRANSITION', `Order #${loaded.order.number} is completed; refund its payments instead.`, { from: 'completed', to: 'canceled' });
  }
  if (loaded.order.paid > 0) throw new AppError('ORDER_HAS_PAYMENTS', 'This order has payments; refund them before canceling.');
  const fired = loaded.lines.filter((l) => l.state !== 'held' && l.state !== 'voided');
  if (fired.length > 0 && !approverId) {
    throw new AppError('MANAGER_APPROVAL_REQUIRED', 'Part of this order was sent to the kitchen; a manager must approve canceling it.');
  }
  for (const line of loaded.lines.filter((l) => l.state !== 'voided')) saveLine(ctx, line, { state: 'voided', voidedAt: ctx.now });
  const result = refreshOrder(ctx, orderId, { status: 'canceled', closedAt: ctx.now });
  releaseTableIfIdle(ctx, loaded.order.tableId);
  ctx.audit({ action: 'order.canceled', entity: 'order', entityId: orderId, reason, approvedBy: approverId, details: { firedLines: fired.map((l) => l.id) } });
  if (fired.length > 0) {
    createVoidTickets(ctx, loaded.order, fired, loaded.options);
    syncTickets(ctx, fired.map((l) => l.id));
    for (const line of fired) reverseUsage(ctx, line.id, stock, reason);
    ctx.emit({ type: 'order.lines_voided', data: { orderId, number: loaded.order.number, tableId: loaded.order.tableId, lineIds: fired.map((l) => l.id), reason } });
  }
  return result;
}

/** Closes an order whose balance is zero without a payment (everything comped or voided). */
export function closeOrder(ctx: CommandContext, orderId: string): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  if (loaded.order.total - loaded.order.paid !== 0) {
    throw new AppError('ILLEGAL_TRANSITION', `Order #${loaded.order.number} still has ${loaded.order.total - loaded.order.paid} to pay.`, { from: loaded.order.status, to: 'completed' });
  }
  const result = refreshOrder(ctx, orderId, { status: 'completed', closedAt: ctx.now });
  releaseTableIfIdle(ctx, loaded.order.tableId);
  return result;
}
