/**
 * The restaurant cancelling a platform order at the till (POST /orders/{id}/cancel on an order that
 * came from a platform), in the cancel's own command: a waiting order is refused to the platform
 * (`rejected`), an accepted or ready one is `cancelled` with the till's words — the platform hears
 * it through the cloud's outbox like every status. Imports nothing of the orders module: the
 * orders service calls in here after its cancel.
 */
import type { CommandContext } from '../db/command.js';
import { deliveryOfOrder, saveDelivery, writeStatus } from './store.js';

export function tellPlatformOfTillCancel(ctx: CommandContext, orderId: string, reason: string): void {
  const row = deliveryOfOrder(ctx.tx, orderId);
  if (!row || row.cancelledBy) return;
  const next = { ...row, version: row.version + 1, updatedAt: ctx.now };
  if (row.state === 'pending') {
    writeStatus(ctx, saveDelivery(ctx, { ...next, state: 'rejected', rejectReason: 'other' }), 'rejected', 'other', reason);
  } else if (row.state === 'accepted' || row.state === 'ready') {
    const saved = saveDelivery(ctx, { ...next, state: 'cancelled', cancelledBy: 'restaurant', cancelReason: reason, cancelledAt: ctx.now, cancelledWhen: row.state });
    writeStatus(ctx, saved, 'cancelled', 'other', reason);
  }
}
