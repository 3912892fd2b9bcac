/**
 * "Ready for pickup" for a platform order (issue 21): by a person (POST /delivery/orders/{id}/ready)
 * or by the kitchen — when the bump that makes its last live line ready commits, the status fact is
 * written in that same command, so the platform hears it once: a delivery already `ready` stays so
 * when a ticket is recalled and bumped again (the cloud's outbox is unique per order and status too).
 * Imports nothing of the orders module: the orders' kitchen flow calls in here.
 */
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { deliveryOfOrder, saveDelivery, writeStatus, type DeliveryRow } from './store.js';

export function markDeliveryReady(ctx: CommandContext, row: DeliveryRow): DeliveryRow {
  if (row.state === 'ready') return row;
  if (row.state !== 'accepted') {
    throw new AppError('DELIVERY_STATE', `This ${row.platform} order is ${row.state.replace('_', ' ')}; it cannot be ready now.`, { state: row.state, move: 'ready' });
  }
  const saved = saveDelivery(ctx, { ...row, state: 'ready', version: row.version + 1, updatedAt: ctx.now });
  writeStatus(ctx, saved, 'ready');
  return saved;
}

/** After lines of `orderId` became ready: a platform order whose every live line is done is ready for pickup. */
export function readyWhenKitchenDone(ctx: CommandContext, orderId: string, lines: ReadonlyArray<{ state: string }>): void {
  const live = lines.filter((l) => l.state !== 'voided');
  if (live.length === 0 || !live.every((l) => l.state === 'ready' || l.state === 'served')) return;
  const row = deliveryOfOrder(ctx.tx, orderId);
  if (row?.state === 'accepted') markDeliveryReady(ctx, row);
}
