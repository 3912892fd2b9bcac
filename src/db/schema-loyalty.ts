import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Loyalty on the box (issue 18). Points are a ledger, never an updatable balance (architecture §4):
 *
 * - `loyalty_entries`: what this box booked — earn (an order with a customer paid and closed),
 *   reverse (a refund takes back earned points, or gives back redeemed ones), redeem (a reward on
 *   a bill), adjust (a manager, with a reason). Client-made ids; `localSeq` counts this box's
 *   entries in commit order, so the cloud can say up to where it has folded them (`seenThrough`).
 *   Expiry runs in the cloud and reaches the box inside the confirmed balance.
 * - `loyalty_balances`: the confirmed balance and tier the cloud last sent for an organisation
 *   record (the `loyalty.balance` message). Not a balance this box updates: the box's view is this
 *   plus its own entries above `seenThrough`.
 * - `loyalty_programme`: the organisation's programme, as the cloud last sent it (one row).
 */
export const loyaltyEntries = sqliteTable('loyalty_entries', {
  id: text('id').primaryKey(),
  localSeq: integer('local_seq').notNull(),
  /** The customer id as it was when booked; readers follow `mergedInto`. */
  customerId: text('customer_id').notNull(),
  kind: text('kind', { enum: ['earn', 'reverse', 'redeem', 'adjust'] }).notNull(),
  /** Signed: earn and a reversed redemption add, redeem and a reversed earn take away. */
  points: integer('points').notNull(),
  /** For `reverse`: which kind of entry it undoes. */
  reverses: text('reverses', { enum: ['earn', 'redeem'] }),
  orderId: text('order_id'),
  paymentId: text('payment_id'),
  refundId: text('refund_id'),
  rewardId: text('reward_id'),
  /** What the points were worth in money (a redemption's payment amount), for the reports. */
  amount: integer('amount'),
  reason: text('reason'),
  staffId: text('staff_id'),
  approvedBy: text('approved_by'),
  programmeVersion: integer('programme_version').notNull(),
  businessDay: text('business_day').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  uniqueIndex('loyalty_entries_local_seq').on(t.localSeq),
  index('loyalty_entries_customer').on(t.customerId),
  index('loyalty_entries_order').on(t.orderId),
]);

export const loyaltyBalances = sqliteTable('loyalty_balances', {
  customerId: text('customer_id').primaryKey(),
  /** The record and every id merged into it, as the cloud sent them. */
  ids: text('ids', { mode: 'json' }).$type<string[]>().notNull(),
  points: integer('points').notNull(),
  rolling12: integer('rolling12').notNull(),
  tier: text('tier').notNull(),
  seenThrough: integer('seen_through').notNull(),
  computedAt: integer('computed_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const loyaltyProgramme = sqliteTable('loyalty_programme', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
  /** The programme document (sync/loyalty.ts programmeInput). */
  document: text('document').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
