import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { orders } from './schema.js';

/** A delivery address as a customer gave it; lat/lon when known (a map pin), for delivery later. */
export interface CustomerAddress {
  label: string;
  street: string;
  city: string;
  postcode: string;
  notes: string | null;
  lat: number | null;
  lon: number | null;
}

/**
 * A guest of the restaurant (issue 18). The organisation's record lives in the cloud; the box holds
 * the customers of its own location: made here (client-made UUIDv7 id, synced up as a mutable row),
 * or learned from the cloud down the channel (a merge's surviving record).
 *
 * - `phone` is E.164 (`+33612345678`), parsed with libphonenumber-js against the restaurant's
 *   country; `phoneSearch` holds the digit forms a waiter may type (international and national
 *   with its trunk 0), for the full-text index.
 * - `searchId` is the row's key in `customers_fts` (an FTS5 table over name and phoneSearch, kept
 *   by triggers written in the migration): an explicit integer, because VACUUM may renumber the
 *   implicit rowid of a table whose key is text.
 * - `mergedInto`: the cloud merged this record into another (same phone or email made at another
 *   location); reads follow it, search leaves this one out. `erasedAt`: anonymised on request
 *   (GDPR art. 17) — the row stays so orders keep their link and their money, every personal field
 *   is gone.
 * - A loyalty ledger (issue 18, planned) hangs off `id` the same way orders do: entries keep the id
 *   they were written with, and readers follow `mergedInto`.
 */
export const customers = sqliteTable('customers', {
  id: text('id').primaryKey(),
  searchId: integer('search_id').notNull(),
  name: text('name').notNull(),
  phone: text('phone'),
  phoneSearch: text('phone_search').notNull().default(''),
  email: text('email'),
  birthday: text('birthday'),
  allergies: text('allergies'),
  notes: text('notes'),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
  addresses: text('addresses', { mode: 'json' }).$type<CustomerAddress[]>().notNull(),
  marketingConsent: integer('marketing_consent', { mode: 'boolean' }).notNull(),
  /** When and how consent was given or withdrawn (e.g. "asked at the table", "web form"). */
  consentAt: integer('consent_at'),
  consentSource: text('consent_source'),
  /** Null when not blocked; the waiter sees the reason. */
  blockedReason: text('blocked_reason'),
  blockedAt: integer('blocked_at'),
  mergedInto: text('merged_into'),
  erasedAt: integer('erased_at'),
  /** Where the record was born: this box, or the cloud (learned from a merge). */
  origin: text('origin', { enum: ['box', 'cloud'] }).notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  uniqueIndex('customers_search_id').on(t.searchId),
  index('customers_phone').on(t.phone),
  index('customers_email').on(t.email),
  index('customers_name').on(t.name),
]);

/**
 * Which customer an order is for (at most one). A row of its own rather than a column of `orders`,
 * so attaching never rewrites the order (its version and totals are the till's). Detaching keeps the
 * row with `customerId` null and a new version, so the cloud learns it like any other change.
 */
export const orderCustomers = sqliteTable('order_customers', {
  orderId: text('order_id').primaryKey().references(() => orders.id),
  customerId: text('customer_id').references(() => customers.id),
  attachedBy: text('attached_by'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('order_customers_customer').on(t.customerId)]);
