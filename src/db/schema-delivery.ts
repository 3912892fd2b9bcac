import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { orders } from './schema.js';
import type { DeliveryLine, DeliveryTotals } from '../../sync/delivery-messages.js';

/**
 * An order a delivery platform sent (issue 21), as the channel brought it (`delivery.order`).
 * `id` is the cloud's id for it; (platform, platformOrderId) is unique, so the same order applied
 * twice is one order. `orderId` is the till's order (null when it was refused before one was made).
 *
 * - `state`: `pending` waits for a person (manual accept, or `unmapped` lines); `accepted` fired to
 *   the kitchen; `rejected` (with `rejectReason`); `ready` for pickup; `picked_up`; `expired` —
 *   arrived after `respondBy`, when the cloud had already refused it for us.
 * - `lines` keep every line the platform sent (mapped or not) and `totals` the platform's money:
 *   commission and delivery fee are not sales (docs/reports.md).
 */
export const deliveryOrders = sqliteTable('delivery_orders', {
  id: text('id').primaryKey(),
  platform: text('platform').notNull(),
  platformOrderId: text('platform_order_id').notNull(),
  displayRef: text('display_ref').notNull(),
  orderId: text('order_id').references(() => orders.id),
  state: text('state', { enum: ['pending', 'accepted', 'rejected', 'ready', 'picked_up', 'expired', 'cancelled'] }).notNull(),
  rejectReason: text('reject_reason'),
  /**
   * A cancellation after the order came in: by the platform (its webhook, down the channel) or by the
   * restaurant (a till cancelling the order). Kept even when the order was already picked up, for staff to see.
   */
  cancelledBy: text('cancelled_by', { enum: ['platform', 'restaurant'] }),
  cancelReason: text('cancel_reason'),
  cancelledAt: integer('cancelled_at'),
  /** The state the order was in when it was cancelled (what the kitchen had done by then). */
  cancelledWhen: text('cancelled_when'),
  /** Lines that match nothing on this menu: a person must deal with them (nothing is dropped). */
  unmapped: text('unmapped', { mode: 'json' }).$type<DeliveryLine[]>().notNull(),
  lines: text('lines', { mode: 'json' }).$type<DeliveryLine[]>().notNull(),
  customerName: text('customer_name').notNull(),
  customerPhone: text('customer_phone'),
  deliveryMode: text('delivery_mode', { enum: ['platform', 'restaurant', 'pickup'] }).notNull(),
  deliveryAddress: text('delivery_address'),
  deliveryNotes: text('delivery_notes'),
  totals: text('totals', { mode: 'json' }).$type<DeliveryTotals>().notNull(),
  autoAccept: integer('auto_accept', { mode: 'boolean' }).notNull(),
  prepMinutes: integer('prep_minutes').notNull(),
  placedAt: integer('placed_at').notNull(),
  respondBy: integer('respond_by').notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  uniqueIndex('delivery_orders_platform_order').on(t.platform, t.platformOrderId),
  index('delivery_orders_order').on(t.orderId),
  index('delivery_orders_state').on(t.state),
]);

/** What the box told the platform, one fact per change; pushed up as `delivery_status` (sync/delivery-messages.ts). */
export const deliveryStatuses = sqliteTable('delivery_statuses', {
  id: text('id').primaryKey(),
  deliveryOrderId: text('delivery_order_id').notNull().references(() => deliveryOrders.id),
  orderId: text('order_id'),
  platform: text('platform').notNull(),
  platformOrderId: text('platform_order_id').notNull(),
  status: text('status', { enum: ['accepted', 'rejected', 'ready', 'picked_up', 'cancelled'] }).notNull(),
  reason: text('reason'),
  /** A restaurant's cancellation in the till's words. */
  note: text('note'),
  prepMinutes: integer('prep_minutes'),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('delivery_statuses_order').on(t.deliveryOrderId)]);

/**
 * The kitchen's switch for orders from outside (one row, id = 1): paused means every platform order
 * is refused at once (`kitchen_paused`) until someone resumes; `prepMinutes` is the prep time the
 * kitchen quotes (each location's platform setting is the default until the kitchen changes it).
 */
export const kitchenState = sqliteTable('kitchen_state', {
  id: integer('id').primaryKey(),
  paused: integer('paused', { mode: 'boolean' }).notNull(),
  pausedReason: text('paused_reason'),
  pausedAt: integer('paused_at'),
  pausedBy: text('paused_by'),
  prepMinutes: integer('prep_minutes'),
  updatedAt: integer('updated_at').notNull(),
});
