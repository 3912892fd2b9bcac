import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Secrets the box makes for itself at its first start and keeps for its life (issue 19): today the
 * key that signs table QR tokens (`table_qr`). Kept in the database, not in a file, so a backup and
 * its restore carry it and the printed QR codes keep working on a restored box. Never synced.
 */
export const boxSecrets = sqliteTable('box_secrets', {
  name: text('name').primaryKey(),
  /** Hex. */
  value: text('value').notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * The QR version of each table: the token is HMAC(secret, table id + version), so bumping the
 * version (POST /tables/{id}/qr) makes every older token fail at once. No row means version 1.
 */
export const tableQr = sqliteTable('table_qr', {
  tableId: text('table_id').primaryKey(),
  version: integer('version').notNull(),
  rotatedAt: integer('rotated_at').notNull(),
  rotatedBy: text('rotated_by'),
  /**
   * SHA-256 (hex) of the table's current token, as pushed up to the cloud (`table_qr` sync entity)
   * so the cloud can check a presented token without the key; null: not pushed yet (a table made
   * since, or a row from before the cloud path).
   */
  digest: text('digest'),
});

/** Hours of a day, "HH:MM" in the restaurant's time zone; `to` before `from` runs past midnight. */
export interface OrderingWindow { from: string; to: string }

/**
 * How guests may order from their table (one row, id = 1; defaults when absent). Managers change it
 * with PATCH /guest-ordering/settings.
 */
export const guestSettings = sqliteTable('guest_settings', {
  id: integer('id').primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  /** Areas where QR ordering is off (a terrace served by its own team, a private room). */
  disabledAreaIds: text('disabled_area_ids', { mode: 'json' }).$type<string[]>().notNull(),
  /** When guests may order; empty: whenever the box is up. */
  windows: text('windows', { mode: 'json' }).$type<OrderingWindow[]>().notNull(),
  /** Only tables a waiter has seated (occupied) may order. */
  seatedOnly: integer('seated_only', { mode: 'boolean' }).notNull(),
  /** The most one guest order may be worth, minor units; null: no limit. */
  maxOrderTotal: integer('max_order_total'),
  /** The most orders one table may send in 10 minutes. */
  maxOrdersPer10Min: integer('max_orders_per_10_min').notNull(),
  /** Guest orders go straight to the kitchen instead of waiting for a waiter to accept them. */
  autoAccept: integer('auto_accept', { mode: 'boolean' }).notNull(),
  /** A request nobody answered for this long raises an alert for the manager. */
  alertAfterMinutes: integer('alert_after_minutes').notNull(),
  /** The address phones reach the box at, for the QR codes (e.g. http://192.168.1.10:8080); null: the address the manager used. */
  guestBaseUrl: text('guest_base_url'),
  version: integer('version').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * One line as the guest asked for it, with what the menu said when it was priced (name, option
 * names, unit price with options) for the waiter to read. Prices never come from the guest; an
 * accepted line is priced again by the order's own write path. `lineId`: the order line it became.
 */
export interface GuestLine {
  itemId: string; quantity: number; optionIds: string[]; notes: string | null;
  name: string; options: string[]; price: number; lineId: string | null;
}

/**
 * What a guest asked for from their table: an order, a call for the waiter, or the bill. The id is
 * made by the guest's page, so a replay is the same request. Accepting an order creates (or adds
 * to) a normal order; `orderId` links the two here rather than in `orders` (whose schema is the
 * till's). Synced up as `guest_request` so the cloud's page can show its guest the state (issue 19).
 */
export const guestRequests = sqliteTable('guest_requests', {
  id: text('id').primaryKey(),
  tableId: text('table_id').notNull(),
  kind: text('kind', { enum: ['order', 'call', 'bill'] }).notNull(),
  status: text('status', { enum: ['pending', 'accepted', 'refused'] }).notNull(),
  lines: text('lines', { mode: 'json' }).$type<GuestLine[]>().notNull(),
  notes: text('notes'),
  /** Priced from the menu when the guest sent it (minor units); 0 for calls and bills. */
  total: integer('total').notNull(),
  /** The guest page's language, for the words the guest sees back. */
  language: text('language').notNull(),
  /** Where it came from: the box's own page on the Wi-Fi (today), or the cloud's page (later, down the channel). */
  via: text('via', { enum: ['lan', 'cloud'] }).notNull(),
  requestHash: text('request_hash').notNull(),
  orderId: text('order_id'),
  refusedReason: text('refused_reason'),
  answeredBy: text('answered_by'),
  answeredAt: integer('answered_at'),
  alertedAt: integer('alerted_at'),
  /** When the guest sent it: the cloud's clock for a request that came down the channel, else createdAt. */
  placedAt: integer('placed_at'),
  /** It waited in the cloud while the box was offline: held for a waiter whatever autoAccept says. */
  heldAfterOutage: integer('held_after_outage', { mode: 'boolean' }).notNull().default(false),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  index('guest_requests_table_created').on(t.tableId, t.createdAt),
  index('guest_requests_status').on(t.status, t.createdAt),
  index('guest_requests_order').on(t.orderId),
]);
