/**
 * What a person (or the location's auto-accept) does with a platform order, each inside one
 * command: the order's state, the kitchen's fire or the order's cancel, and the status fact for
 * the platform commit together (architecture §5).
 */
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { fireLines } from '../orders/kitchen-flow.js';
import { cancelOrder } from '../orders/adjust.js';
import { loadOrder } from '../orders/store.js';
import type { RejectReason } from '../../sync/delivery-messages.js';
import { saveDelivery, writeStatus, type DeliveryRow } from './store.js';
import { settlePlatformOrder } from './settle.js';

export { markDeliveryReady } from './ready.js';

const MOVES: Record<'accept' | 'reject' | 'picked_up', ReadonlyArray<DeliveryRow['state']>> = {
  accept: ['pending'],
  reject: ['pending'],
  picked_up: ['accepted', 'ready'],
};

function assertMove(row: DeliveryRow, move: keyof typeof MOVES): void {
  if (MOVES[move].includes(row.state)) return;
  throw new AppError('DELIVERY_STATE', `This ${row.platform} order is ${row.state.replace('_', ' ')}; it cannot be ${move.replace('_', ' ')} now.`,
    { state: row.state, move });
}

function assertInTime(ctx: CommandContext, row: DeliveryRow): void {
  if (ctx.now <= row.respondBy) return;
  throw new AppError('DELIVERY_EXPIRED', `Too late: the platform was told this order was not accepted in time (${new Date(row.respondBy).toISOString()}).`, { respondBy: row.respondBy });
}

const next = (ctx: CommandContext, row: DeliveryRow, patch: Partial<DeliveryRow>): DeliveryRow =>
  ({ ...row, ...patch, version: row.version + 1, updatedAt: ctx.now });

export function acceptDelivery(ctx: CommandContext, row: DeliveryRow, prepMinutes: number): DeliveryRow {
  assertMove(row, 'accept');
  assertInTime(ctx, row);
  const saved = saveDelivery(ctx, next(ctx, row, { state: 'accepted', prepMinutes }));
  // It prints and reaches the KDS like any other order (kitchen tickets in the same transaction).
  if (saved.orderId) fireLines(ctx, saved.orderId, {});
  writeStatus(ctx, saved, 'accepted');
  return saved;
}

export function rejectDelivery(ctx: CommandContext, row: DeliveryRow, reason: RejectReason): DeliveryRow {
  assertMove(row, 'reject');
  const saved = saveDelivery(ctx, next(ctx, row, { state: 'rejected', rejectReason: reason }));
  if (saved.orderId && loadOrder(ctx.tx, saved.orderId).order.status !== 'canceled') cancelOrder(ctx, saved.orderId, `refused (${reason})`, null);
  writeStatus(ctx, saved, 'rejected', reason);
  return saved;
}

export function markDeliveryPickedUp(ctx: CommandContext, row: DeliveryRow): DeliveryRow {
  if (row.state === 'picked_up') return row;
  assertMove(row, 'picked_up');
  const saved = saveDelivery(ctx, next(ctx, row, { state: 'picked_up' }));
  settlePlatformOrder(ctx, saved);
  writeStatus(ctx, saved, 'picked_up');
  return saved;
}
