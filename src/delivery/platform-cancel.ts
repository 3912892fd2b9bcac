/**
 * `delivery.cancel` v1 on the box (issue 21): the platform cancelled an order. Applied in the
 * message's transaction, once (a platform order records one cancellation; a second message for it
 * changes nothing):
 *   pending            the held order is cancelled; nothing reached the kitchen
 *   accepted, ready    the order is cancelled like a manager's cancel — its fired lines voided, a VOID
 *                      ticket printed and on the KDS, their ingredients back to stock while still
 *                      cooking (`return`), written off once made (`ready`: `waste`)
 *   picked up, refused, expired, cancelled at the till
 *                      nothing to undo (the money moved, or nothing was made): the cancellation is
 *                      recorded on the delivery and shown to staff all the same
 * Every case emits `delivery.cancelled` (to the floor and the kitchen) with the reason.
 */
import { deliveryCancelV1 } from '../../sync/delivery-messages.js';
import type { CommandContext } from '../db/command.js';
import type { MessageHandler } from '../inbox/handlers.js';
import { cancelOrder } from '../orders/adjust.js';
import { loadOrder } from '../orders/store.js';
import { platformName } from './labels.js';
import { deliveryView, findDelivery, houseStaffId, saveDelivery } from './store.js';

export const applyDeliveryCancel: MessageHandler = (ctx: CommandContext, payload: unknown) => {
  const p = deliveryCancelV1.parse(payload);
  const row = findDelivery(ctx.tx, p.platform, p.platformOrderId);
  // Never applied here (the order's message was refused): nothing to cancel, nothing to show.
  if (!row || row.cancelledBy === 'platform') return;
  const why = `cancelled by ${platformName(p.platform)}${p.reason ? `: ${p.reason}` : ''}`.slice(0, 200);
  const order = row.orderId ? loadOrder(ctx.tx, row.orderId).order : null;
  // Money taken at the till (a rare hand payment) makes it a refund for a person, not a silent void.
  const live = (row.state === 'pending' || row.state === 'accepted' || row.state === 'ready') && order?.status !== 'completed' && !(order && order.paid > 0);
  if (live && order && order.status !== 'canceled') {
    // The platform's decision, not a person's: written under the house (the first owner), as its orders are.
    const house = { ...ctx, actor: { ...ctx.actor, staffId: houseStaffId(ctx.tx) } };
    cancelOrder(house, order.id, why, house.actor.staffId, row.state === 'ready' ? 'waste' : 'return');
  }
  const saved = saveDelivery(ctx, {
    ...row, state: live ? 'cancelled' : row.state, cancelledBy: 'platform', cancelReason: p.reason, cancelledAt: p.cancelledAt,
    cancelledWhen: row.cancelledBy === 'restaurant' ? row.cancelledWhen : row.state, version: row.version + 1, updatedAt: ctx.now,
  });
  ctx.audit({ action: 'delivery.cancelled_by_platform', entity: 'delivery_order', entityId: row.id, reason: p.reason ?? undefined, details: { platform: p.platform, orderId: row.orderId, state: row.state } });
  ctx.emit({ type: 'delivery.cancelled', data: { ...deliveryView(saved), recordedOnly: !live } });
};
